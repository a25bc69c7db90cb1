import { useState, type FormEvent } from "react";
import { useApi } from "../../api/ApiContext";
import type { Maintenance } from "../../api/types";
import { errorField, errorMessage } from "../../lib/errors";
import { browserTimeZone, formatRange, fromZonedInputValue, toZonedInputValue } from "../../lib/time";
import { FormField, invalidProps } from "../FormField";

/** maintenanceState says whether a window is under way now or still to come. */
export function maintenanceState(m: Pick<Maintenance, "start" | "end">, now: Date): "now" | "upcoming" | "over" {
  const start = new Date(m.start).getTime();
  const end = new Date(m.end).getTime();
  if (now.getTime() >= end) return "over";
  return now.getTime() >= start ? "now" : "upcoming";
}

/**
 * MaintenancePanel lists a service's current and future maintenance windows
 * (alerts are kept, nobody is paged) and lets team admins add and remove them.
 * Times are typed in the viewer's zone.
 */
export function MaintenancePanel({ serviceId, windows, canManage, onChanged }: { serviceId: string; windows: Maintenance[]; canManage: boolean; onChanged: () => void }) {
  const api = useApi();
  const zone = browserTimeZone();
  const [start, setStart] = useState(() => toZonedInputValue(new Date(), zone));
  const [end, setEnd] = useState(() => toZonedInputValue(new Date(Date.now() + 2 * 3600_000), zone));
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<{ start?: string; end?: string; reason?: string; form?: string }>({});
  const [busy, setBusy] = useState<string | null>(null);
  const now = new Date();

  async function add(e: FormEvent) {
    e.preventDefault();
    setErrors({});
    const from = fromZonedInputValue(start, zone);
    const to = fromZonedInputValue(end, zone);
    if (!from || !to) {
      setErrors(from ? { end: "Enter a date and time." } : { start: "Enter a date and time." });
      return;
    }
    setBusy("add");
    try {
      await api.addMaintenance(serviceId, { start: from, end: to, reason: reason.trim() || undefined });
      setReason("");
      onChanged();
    } catch (err) {
      const f = errorField(err);
      setErrors(f === "start" || f === "end" || f === "reason" ? { [f]: errorMessage(err) } : { form: errorMessage(err) });
    } finally {
      setBusy(null);
    }
  }

  async function remove(m: Maintenance) {
    setBusy(m.id);
    setErrors({});
    try {
      await api.deleteMaintenance(serviceId, m.id);
      onChanged();
    } catch (err) {
      setErrors({ form: errorMessage(err) });
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="panel" aria-labelledby="maintenance-title">
      <h2 className="panel__title" id="maintenance-title">
        Maintenance windows
      </h2>
      <p className="form__hint">During maintenance alerts are kept but nobody is paged.</p>
      {errors.form ? (
        <p className="form__error" role="alert">
          {errors.form}
        </p>
      ) : null}
      {windows.length === 0 ? (
        <p className="muted">None planned.</p>
      ) : (
        <ul className="item-list" aria-label="Maintenance windows">
          {windows.map((m) => {
            const st = maintenanceState(m, now);
            return (
              <li key={m.id} className="item-list__item">
                <span>
                  {st === "now" ? <span className="flag-badge flag-badge--suppressed">in progress</span> : null} {formatRange(m.start, m.end)}
                  {m.reason ? <span className="muted"> · {m.reason}</span> : null}
                </span>
                {canManage ? (
                  <button type="button" className="button button--danger-quiet button--small" disabled={busy !== null} aria-label={`Delete maintenance ${formatRange(m.start, m.end)}`} onClick={() => void remove(m)}>
                    {busy === m.id ? "Deleting…" : "Delete"}
                  </button>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      {canManage ? (
        <form className="form form--inline" aria-label="Add maintenance window" onSubmit={(e) => void add(e)} noValidate>
          <FormField id="maintenance-start" label={`Start (${zone})`} error={errors.start}>
            <input id="maintenance-start" type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} {...invalidProps("maintenance-start", errors.start)} />
          </FormField>
          <FormField id="maintenance-end" label={`End (${zone})`} error={errors.end}>
            <input id="maintenance-end" type="datetime-local" value={end} onChange={(e) => setEnd(e.target.value)} {...invalidProps("maintenance-end", errors.end)} />
          </FormField>
          <FormField id="maintenance-reason" label="Reason (optional)" error={errors.reason}>
            <input id="maintenance-reason" type="text" value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} {...invalidProps("maintenance-reason", errors.reason)} />
          </FormField>
          <button type="submit" className="button button--primary" disabled={busy !== null}>
            {busy === "add" ? "Adding…" : "Add window"}
          </button>
        </form>
      ) : null}
    </section>
  );
}

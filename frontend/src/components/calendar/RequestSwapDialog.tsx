import { useState, type FormEvent } from "react";
import { useApi } from "../../api/ApiContext";
import type { Engineer, Shift, Swap } from "../../api/types";
import { errorField, errorMessage } from "../../lib/errors";
import { formatRange, fromZonedInputValue, toZonedInputValue } from "../../lib/time";
import { Dialog } from "../Dialog";
import { FormField, invalidProps } from "../FormField";

export interface RequestSwapDialogProps {
  scheduleId: string;
  timeZone: string;
  members: Engineer[];
  meId: string;
  shift: Shift;
  onRequested: (s: Swap) => void;
  onClose: () => void;
}

const FIELDS = ["target_id", "start", "end", "message", "tier"] as const;
type Field = (typeof FIELDS)[number];

/**
 * RequestSwapDialog asks another member to take one of the viewer's shifts,
 * or part of it: start and end begin as the shift's and can be narrowed.
 */
export function RequestSwapDialog({ scheduleId, timeZone, members, meId, shift, onRequested, onClose }: RequestSwapDialogProps) {
  const api = useApi();
  const others = members.filter((m) => m.id !== meId);
  const [targetId, setTargetId] = useState(others[0]?.id ?? "");
  const [start, setStart] = useState(() => toZonedInputValue(shift.start, timeZone));
  const [end, setEnd] = useState(() => toZonedInputValue(shift.end, timeZone));
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setErrors({});
    setFormError(null);
    const from = fromZonedInputValue(start, timeZone);
    const to = fromZonedInputValue(end, timeZone);
    if (!from || !to) {
      setErrors(from ? { end: "Enter a date and time." } : { start: "Enter a date and time." });
      return;
    }
    setBusy(true);
    try {
      const swap = await api.requestSwap(scheduleId, { tier: shift.tier, target_id: targetId, start: from, end: to, message: message.trim() || undefined });
      onRequested(swap);
    } catch (err) {
      const field = errorField(err);
      if (field === "tier") setFormError(errorMessage(err));
      else if (field && (FIELDS as readonly string[]).includes(field)) setErrors({ [field]: errorMessage(err) });
      else setFormError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const id = (f: Field) => `swap-${f}`;
  return (
    <Dialog title="Request swap" onClose={onClose}>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <p className="muted">
          Your {shift.tier} shift: {formatRange(shift.start, shift.end, { timeZone })}
        </p>
        {formError ? (
          <p className="form__error" role="alert">
            {formError}
          </p>
        ) : null}
        {others.length === 0 ? <p className="form__error">Nobody else is in this team to ask.</p> : null}
        <FormField id={id("target_id")} label="Ask" error={errors.target_id}>
          <select id={id("target_id")} data-autofocus value={targetId} onChange={(e) => setTargetId(e.target.value)} {...invalidProps(id("target_id"), errors.target_id)}>
            {others.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name} ({m.discipline})
              </option>
            ))}
          </select>
        </FormField>
        <div className="form__row">
          <FormField id={id("start")} label={`From (${timeZone})`} error={errors.start}>
            <input id={id("start")} type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} required {...invalidProps(id("start"), errors.start)} />
          </FormField>
          <FormField id={id("end")} label={`Until (${timeZone})`} error={errors.end}>
            <input id={id("end")} type="datetime-local" value={end} onChange={(e) => setEnd(e.target.value)} required {...invalidProps(id("end"), errors.end)} />
          </FormField>
        </div>
        <FormField id={id("message")} label="Message (optional)" error={errors.message}>
          <textarea id={id("message")} value={message} rows={2} maxLength={500} onChange={(e) => setMessage(e.target.value)} {...invalidProps(id("message"), errors.message)} />
        </FormField>
        <div className="form__actions">
          <button type="button" className="button button--quiet" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={busy || !targetId}>
            {busy ? "Sending…" : "Request swap"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

import { useEffect, useState, type FormEvent } from "react";
import { useApi } from "../../api/ApiContext";
import type { Incident, IncidentDetail, IncidentPatch, IncidentSeverity, User } from "../../api/types";
import { INCIDENT_SEVERITIES } from "../../api/types";
import { NO_ERRORS, placeError, type PlacedError } from "../../incidents/errors";
import { browserTimeZone, fromZonedInputValue, toZonedInputValue } from "../../lib/time";
import { controlProps, fieldId } from "../../schedules/fieldPaths";
import { PathError } from "../PathError";

const PATHS = new Set(["title", "severity", "commander_id", "started_at"]);

/**
 * IncidentEditForm changes an incident's title, severity, commander or
 * start; only what changed is sent, and each change goes on the timeline.
 */
export function IncidentEditForm({
  incident,
  users,
  onSaved,
  onCancel,
}: {
  incident: Incident;
  users: readonly User[];
  onSaved: (d: IncidentDetail) => void;
  onCancel: () => void;
}) {
  const api = useApi();
  const zone = browserTimeZone();
  const [title, setTitle] = useState(incident.title);
  const [severity, setSeverity] = useState<IncidentSeverity>(incident.severity);
  const [commanderId, setCommanderId] = useState(incident.commander?.id ?? "");
  const [startedAt, setStartedAt] = useState(toZonedInputValue(incident.started_at, zone));
  const [errors, setErrors] = useState<PlacedError>(NO_ERRORS);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const first = Object.keys(errors.fields)[0];
    if (first) document.getElementById(fieldId(first))?.focus();
  }, [errors]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setErrors(NO_ERRORS);
    const patch: IncidentPatch = {};
    if (title.trim() !== incident.title) patch.title = title.trim();
    if (severity !== incident.severity) patch.severity = severity;
    if (commanderId !== (incident.commander?.id ?? "")) patch.commander_id = commanderId;
    const at = fromZonedInputValue(startedAt, zone);
    if (!at) {
      setErrors({ fields: { started_at: "Give a date and time." }, form: null });
      return;
    }
    // Minutes are all the control shows: unchanged minutes keep the stored instant.
    if (startedAt !== toZonedInputValue(incident.started_at, zone)) patch.started_at = at;
    if (Object.keys(patch).length === 0) {
      onCancel();
      return;
    }
    setBusy(true);
    try {
      onSaved(await api.updateIncident(incident.id, patch));
    } catch (err) {
      setErrors(placeError(err, PATHS));
    } finally {
      setBusy(false);
    }
  }

  const f = errors.fields;
  const titleP = controlProps("title", f);
  const sevP = controlProps("severity", f);
  const cmdP = controlProps("commander_id", f);
  const startP = controlProps("started_at", f);
  return (
    <form className="form" aria-label="Edit incident" noValidate onSubmit={(e) => void submit(e)}>
      {errors.form ? (
        <p className="form__error" role="alert">
          {errors.form}
        </p>
      ) : null}
      <div className="form__field">
        <label htmlFor={titleP.id}>Title</label>
        <input {...titleP} type="text" value={title} maxLength={255} onChange={(e) => setTitle(e.target.value)} />
        <PathError path="title" errors={f} />
      </div>
      <div className="form__grid">
        <div className="form__field">
          <label htmlFor={sevP.id}>Severity</label>
          <select {...sevP} value={severity} onChange={(e) => setSeverity(e.target.value as IncidentSeverity)}>
            {INCIDENT_SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          <PathError path="severity" errors={f} />
        </div>
        <div className="form__field">
          <label htmlFor={cmdP.id}>Commander</label>
          <select {...cmdP} value={commanderId} onChange={(e) => setCommanderId(e.target.value)}>
            <option value="">Nobody</option>
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
          <PathError path="commander_id" errors={f} />
        </div>
        <div className="form__field">
          <label htmlFor={startP.id}>Started at ({zone})</label>
          <input {...startP} type="datetime-local" value={startedAt} onChange={(e) => setStartedAt(e.target.value)} />
          <PathError path="started_at" errors={f} />
        </div>
      </div>
      <div className="form__actions">
        <button type="button" className="button button--quiet" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? "Saving…" : "Save changes"}
        </button>
      </div>
    </form>
  );
}

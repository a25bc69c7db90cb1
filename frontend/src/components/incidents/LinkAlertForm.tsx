import { useState, type FormEvent } from "react";
import { useApi } from "../../api/ApiContext";
import type { Alert, IncidentDetail } from "../../api/types";
import { useLoad } from "../../hooks/useLoad";
import { errorMessage } from "../../lib/errors";
import { FieldError } from "../FieldError";

/**
 * LinkAlertForm links another open alert of the owning team to the
 * incident; the alert brings its service along.
 */
export function LinkAlertForm({ incidentId, teamId, linked, onLinked }: { incidentId: string; teamId: string; linked: readonly Alert[]; onLinked: (d: IncidentDetail) => void }) {
  const api = useApi();
  const open = useLoad((signal) => api.alerts({ team_id: teamId, status: "open", limit: 50 }, signal), [api, teamId, linked.length]);
  const [alertId, setAlertId] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const known = new Set(linked.map((a) => a.id));
  const choices = (open.data ?? []).filter((a) => !known.has(a.id));
  if (choices.length === 0) return null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!alertId) return;
    setError(null);
    setBusy(true);
    try {
      onLinked(await api.linkIncident(incidentId, { alert_ids: [alertId] }));
      setAlertId("");
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form form--inline" aria-label="Link an alert" onSubmit={(e) => void submit(e)}>
      <div className="form__field">
        <label htmlFor="link-alert">Link another open alert</label>
        <select id="link-alert" value={alertId} onChange={(e) => setAlertId(e.target.value)} {...(error ? { "aria-invalid": true, "aria-describedby": "link-alert-error" } : {})}>
          <option value="">Choose an alert</option>
          {choices.map((a) => (
            <option key={a.id} value={a.id}>
              {a.summary || `alert ${a.id}`} ({a.service_name ?? a.service_id})
            </option>
          ))}
        </select>
        <FieldError id="link-alert-error" message={error ?? undefined} />
      </div>
      <button type="submit" className="button button--quiet" disabled={busy || !alertId}>
        {busy ? "Linking…" : "Link"}
      </button>
    </form>
  );
}

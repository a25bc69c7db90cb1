import { useEffect, useRef, useState, type FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useApi } from "../api/ApiContext";
import type { Alert, IncidentInput, IncidentSeverity } from "../api/types";
import { INCIDENT_SEVERITIES } from "../api/types";
import { usePermissions } from "../auth/PermissionsContext";
import { ErrorNotice } from "../components/ErrorNotice";
import { PathError } from "../components/PathError";
import { PageHeader } from "../components/PageHeader";
import { useLoad } from "../hooks/useLoad";
import { NO_ERRORS, placeError, type PlacedError } from "../incidents/errors";
import { browserTimeZone, fromZonedInputValue } from "../lib/time";
import { controlProps, fieldId } from "../schedules/fieldPaths";

const PATHS = new Set(["title", "severity", "team_id", "service_ids", "commander_id", "started_at"]);
const ALIASES = { services: "service_ids", alerts: "alert_ids", alert_ids: "title" };

/**
 * severityFor suggests an incident severity from an alert's, as Rota does
 * when it opens one by itself: critical → SEV2, error → SEV3, else SEV4.
 * SEV1 is always a person's call.
 */
export function severityFor(alert: Pick<Alert, "severity"> | undefined): IncidentSeverity {
  if (!alert) return "SEV3";
  if (alert.severity === "critical") return "SEV2";
  return alert.severity === "error" ? "SEV3" : "SEV4";
}

/**
 * NewIncidentPage opens an incident by hand: title, severity, the owning
 * team and its services, a commander and when it started. Opened from an
 * alert's page (?alert=id), the alert is linked and brings its service and
 * team, and the incident was detected when the alert fired.
 */
export function NewIncidentPage() {
  const api = useApi();
  const permissions = usePermissions();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const alertId = search.get("alert") ?? "";
  const alert = useLoad((signal) => (alertId ? api.alert(alertId, signal).then((d) => d.alert) : Promise.resolve(undefined)), [api, alertId]);
  const teams = useLoad((signal) => api.teams(signal), [api]);
  const services = useLoad((signal) => api.services({ signal }), [api]);
  const users = useLoad((signal) => api.users(signal), [api]);

  const [title, setTitle] = useState("");
  const [severity, setSeverity] = useState<IncidentSeverity>("SEV3");
  const [teamId, setTeamId] = useState("");
  const [serviceIds, setServiceIds] = useState<string[]>([]);
  const [commanderId, setCommanderId] = useState("");
  const [startedAt, setStartedAt] = useState("");
  const [errors, setErrors] = useState<PlacedError>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const prefilled = useRef(false);
  const zone = browserTimeZone();

  const manageable = (teams.data ?? []).filter((t) => permissions.may("incident.manage", t.id));

  // Prefill once from the alert, or pick the only team the user may open incidents for.
  useEffect(() => {
    if (prefilled.current) return;
    if (alertId) {
      const a = alert.data;
      if (!a) return;
      prefilled.current = true;
      setTitle(a.summary);
      setSeverity(severityFor(a));
      setTeamId(a.team_id);
      setServiceIds([a.service_id]);
    } else if (teams.data && permissions.ready) {
      prefilled.current = true;
      if (manageable.length === 1) setTeamId(manageable[0]!.id);
    }
  }, [alertId, alert.data, teams.data, permissions.ready, manageable]);

  useEffect(() => {
    const first = Object.keys(errors.fields)[0];
    if (first) document.getElementById(fieldId(first))?.focus();
  }, [errors]);

  const teamServices = (services.data ?? []).filter((s) => s.team_id === teamId);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setErrors(NO_ERRORS);
    const input: IncidentInput = { title: title.trim(), severity };
    if (teamId) input.team_id = teamId;
    if (serviceIds.length > 0) input.service_ids = serviceIds.filter((id) => !alertId || id !== alert.data?.service_id);
    if (alertId) input.alert_ids = [alertId];
    if (commanderId) input.commander_id = commanderId;
    if (startedAt) {
      const at = fromZonedInputValue(startedAt, zone);
      if (!at) {
        setErrors({ fields: { started_at: "Give a date and time, or leave it empty for now." }, form: null });
        return;
      }
      input.started_at = at;
    }
    setBusy(true);
    try {
      const created = await api.createIncident(input);
      void navigate(`/incidents/${encodeURIComponent(created.incident.id)}`, { state: { flash: "Incident opened." } });
    } catch (err) {
      setErrors(placeError(err, PATHS, ALIASES));
    } finally {
      setBusy(false);
    }
  }

  const f = errors.fields;
  const titleP = controlProps("title", f);
  const sevP = controlProps("severity", f);
  const teamP = controlProps("team_id", f);
  const cmdP = controlProps("commander_id", f);
  const startP = controlProps("started_at", f);

  return (
    <>
      <PageHeader title="Open an incident">
        <Link to={alertId ? `/alerts/${encodeURIComponent(alertId)}` : "/incidents"}>{alertId ? "Back to the alert" : "All incidents"}</Link>
      </PageHeader>
      <ErrorNotice error={alert.error ?? teams.error} />
      {alertId && alert.data ? (
        <p className="muted page-lead">
          From alert <Link to={`/alerts/${encodeURIComponent(alertId)}`}>{alert.data.summary}</Link>: it is linked, with its service, and the incident was detected when it
          fired.
        </p>
      ) : null}
      <section className="panel">
        <form className="form" aria-label="New incident" noValidate onSubmit={(e) => void submit(e)}>
          {errors.form ? (
            <p className="form__error" role="alert">
              {errors.form}
            </p>
          ) : null}
          <div className="form__field">
            <label htmlFor={titleP.id}>Title</label>
            <input {...titleP} type="text" value={title} maxLength={255} required onChange={(e) => setTitle(e.target.value)} />
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
              <p className="form__hint">SEV1 is the worst. SEV1 and SEV2 need a published review within 5 business days.</p>
              <PathError path="severity" errors={f} />
            </div>
            <div className="form__field">
              <label htmlFor={teamP.id}>Team</label>
              <select
                {...teamP}
                value={teamId}
                disabled={Boolean(alertId)}
                onChange={(e) => {
                  setTeamId(e.target.value);
                  setServiceIds([]);
                }}
              >
                <option value="">Choose a team</option>
                {(alertId ? (teams.data ?? []) : manageable).map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
              <PathError path="team_id" errors={f} />
            </div>
            <div className="form__field">
              <label htmlFor={cmdP.id}>Commander</label>
              <select {...cmdP} value={commanderId} onChange={(e) => setCommanderId(e.target.value)}>
                <option value="">Nobody yet</option>
                {(users.data ?? []).map((u) => (
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
              <p className="form__hint">Empty: when it was detected{alertId ? " (the alert’s time)" : " (now)"}.</p>
              <PathError path="started_at" errors={f} />
            </div>
          </div>
          <fieldset className="form__fieldset" id={fieldId("service_ids")} tabIndex={-1} aria-describedby={f.service_ids ? `${fieldId("service_ids")}-error` : undefined}>
            <legend>Services</legend>
            {teamServices.length === 0 ? <p className="muted">{teamId ? "The team has no services." : "Choose a team first."}</p> : null}
            {teamServices.map((s) => (
              <label key={s.id} className="checkbox-label">
                <input
                  type="checkbox"
                  checked={serviceIds.includes(s.id)}
                  disabled={alertId !== "" && s.id === alert.data?.service_id}
                  onChange={(e) => setServiceIds((ids) => (e.target.checked ? [...ids, s.id] : ids.filter((id) => id !== s.id)))}
                />
                {s.name}
              </label>
            ))}
            <PathError path="service_ids" errors={f} />
          </fieldset>
          <div className="form__actions">
            <button type="submit" className="button button--primary" disabled={busy || (Boolean(alertId) && !alert.data)}>
              {busy ? "Opening…" : "Open incident"}
            </button>
          </div>
        </form>
      </section>
    </>
  );
}

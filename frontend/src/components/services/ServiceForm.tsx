import { useEffect, useReducer, useRef, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { useApi } from "../../api/ApiContext";
import { isApiError } from "../../api/client";
import type { Policy, Service } from "../../api/types";
import { errorMessage } from "../../lib/errors";
import { controlProps, fieldId } from "../../schedules/fieldPaths";
import { emptyService, fromService, serviceErrorPath, serviceReducer, toServiceInput, URGENCY_RULES } from "../../services/serviceState";
import type { IncidentMode, UrgencyRule } from "../../api/types";
import { PathError } from "../PathError";
import { BusinessHoursEditor } from "./BusinessHoursEditor";

export interface ServiceFormProps {
  teamId: string;
  /** service is the one edited; absent to create one. */
  service?: Service;
  /** policies are the team's escalation policies, the ones the service may use. */
  policies: readonly Policy[];
  readOnly: boolean;
  defaultTimeZone: string;
  notice?: string | undefined;
  onSaved: (s: Service, created: boolean) => void;
  onReload: () => Promise<Service>;
}

/**
 * ServiceForm creates or edits a service's settings. Like the schedule
 * editor, it sends the whole definition with the version it started from,
 * marks the control a 400 names, and offers a reload on a 409.
 */
export function ServiceForm({ teamId, service, policies, readOnly, defaultTimeZone, notice, onSaved, onReload }: ServiceFormProps) {
  const api = useApi();
  const [state, dispatch] = useReducer(serviceReducer, service, (s) => (s ? fromService(s) : emptyService(defaultTimeZone)));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [saved, setSaved] = useState<string | null>(notice ?? null);
  const [busy, setBusy] = useState(false);
  const focusPath = useRef<string | null>(null);

  useEffect(() => {
    const path = focusPath.current;
    if (!path) return;
    focusPath.current = null;
    document.getElementById(fieldId(path))?.focus();
  }, [errors]);

  async function save(e: FormEvent) {
    e.preventDefault();
    if (readOnly) return;
    setErrors({});
    setFormError(null);
    setSaved(null);
    setConflict(false);
    setBusy(true);
    try {
      const body = toServiceInput(state);
      const result = service ? await api.updateService(service.id, body) : await api.createService(teamId, body);
      dispatch({ type: "load", state: fromService(result) });
      setSaved(service ? `Saved. This is version ${result.version}.` : "Service created.");
      onSaved(result, !service);
    } catch (err) {
      const field = isApiError(err) ? err.field : undefined;
      if (isApiError(err) && err.status === 409 && service && (!field || field === "version")) {
        setConflict(true);
        return;
      }
      const path = serviceErrorPath(field, state);
      if (path) {
        focusPath.current = path;
        setErrors({ [path]: errorMessage(err) });
      } else {
        setFormError(errorMessage(err));
      }
    } finally {
      setBusy(false);
    }
  }

  async function reload() {
    setBusy(true);
    try {
      dispatch({ type: "load", state: fromService(await onReload()) });
      setConflict(false);
      setErrors({});
      setSaved("Reloaded the latest version; your unsaved edits were discarded.");
    } catch (err) {
      setFormError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const name = controlProps("name", errors);
  const description = controlProps("description", errors);
  const policy = controlProps("escalation_policy_id", errors);
  const urgency = controlProps("urgency", errors);
  const hold = controlProps("hold_low_outside_hours", errors);
  const incidents = controlProps("incidents", errors);

  return (
    <form className="form service-form" onSubmit={(e) => void save(e)} noValidate aria-label="Service settings">
      {readOnly ? <p className="notice notice--info">Only the team’s admins can change this service; you are seeing it read-only.</p> : null}
      {conflict ? (
        <div className="notice notice--error" role="alert">
          <span>Someone else changed this service since you opened it — reload to get their version (your edits here will be lost).</span>
          <button type="button" className="button button--primary button--small" onClick={() => void reload()} disabled={busy}>
            Reload
          </button>
        </div>
      ) : null}
      {formError ? (
        <p className="form__error" role="alert">
          {formError}
        </p>
      ) : null}
      <fieldset className="form__plain" disabled={readOnly}>
        <div className="form__grid">
          <div className="form__field">
            <label htmlFor={name.id}>Name</label>
            <input {...name} type="text" value={state.name} maxLength={100} required onChange={(e) => dispatch({ type: "set", patch: { name: e.target.value } })} />
            <PathError path="name" errors={errors} />
          </div>
          <div className="form__field">
            <label htmlFor={policy.id}>Escalation policy</label>
            <select {...policy} value={state.policyId} onChange={(e) => dispatch({ type: "set", patch: { policyId: e.target.value } })}>
              <option value="">None (alerts are kept, nobody is paged)</option>
              {state.policyId && !policies.some((p) => p.id === state.policyId) ? <option value={state.policyId}>Policy {state.policyId}</option> : null}
              {policies.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
            <p className="form__hint">
              One of the team’s policies. <Link to={`/policies/new?team=${encodeURIComponent(teamId)}`}>New policy</Link>
            </p>
            <PathError path="escalation_policy_id" errors={errors} />
          </div>
          <div className="form__field">
            <label htmlFor={urgency.id}>Urgency</label>
            <select {...urgency} value={state.urgency} onChange={(e) => dispatch({ type: "set", patch: { urgency: e.target.value as UrgencyRule } })}>
              {URGENCY_RULES.map((u) => (
                <option key={u.value} value={u.value}>
                  {u.label}
                </option>
              ))}
            </select>
            <p className="form__hint">High-urgency alerts escalate; low-urgency ones page the first step once.</p>
            <PathError path="urgency" errors={errors} />
          </div>
        </div>
        <div className="form__field">
          <label htmlFor={description.id}>Description</label>
          <textarea {...description} rows={2} value={state.description} onChange={(e) => dispatch({ type: "set", patch: { description: e.target.value } })} />
          <PathError path="description" errors={errors} />
        </div>
        <BusinessHoursEditor state={state} errors={errors} dispatch={dispatch} />
        <div className="form__field">
          <label className="checkbox-label" htmlFor={hold.id}>
            <input {...hold} type="checkbox" checked={state.hold} onChange={(e) => dispatch({ type: "set", patch: { hold: e.target.checked } })} />
            Hold low-urgency alerts outside business hours
          </label>
          <p className="form__hint">They wait for the next business-hours window instead of paging at night.</p>
          <PathError path="hold_low_outside_hours" errors={errors} />
        </div>
        <div className="form__field">
          <label htmlFor={incidents.id}>Incidents</label>
          <select {...incidents} value={state.incidents ?? "manual"} onChange={(e) => dispatch({ type: "set", patch: { incidents: e.target.value as IncidentMode } })}>
            <option value="manual">Opened by hand</option>
            <option value="auto">Opened automatically for high-urgency alerts</option>
          </select>
          <p className="form__hint">Automatic: a new high-urgency alert opens an incident, and later alerts of the service join it while it is open.</p>
          <PathError path="incidents" errors={errors} />
        </div>
      </fieldset>
      {readOnly ? null : (
        <div className="form__actions form__actions--bar">
          <span className="muted" aria-live="polite">
            {saved ?? (state.dirty ? "Unsaved changes" : "")}
          </span>
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? "Saving…" : service ? "Save service" : "Create service"}
          </button>
        </div>
      )}
    </form>
  );
}

import { useEffect, useReducer, useRef, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { useApi } from "../api/ApiContext";
import { isApiError } from "../api/client";
import { useCurrentUser } from "../auth/AuthContext";
import { ErrorNotice } from "../components/ErrorNotice";
import { PageHeader } from "../components/PageHeader";
import { PathError } from "../components/PathError";
import { RuleEditor } from "../components/routing/RuleEditor";
import { useLoad } from "../hooks/useLoad";
import { errorMessage } from "../lib/errors";
import { fromRules, rulesErrorPath, rulesReducer, toRulesInput } from "../routing/rulesState";
import { controlProps, fieldId } from "../schedules/fieldPaths";

/**
 * RoutingPage edits the organisation's routing rules, in order (first
 * match wins), and saves them all at once. Only organisation admins may
 * change them; everyone else sees them read-only.
 */
export function RoutingPage() {
  const api = useApi();
  const me = useCurrentUser();
  const readOnly = !me.is_admin;
  const loaded = useLoad((signal) => api.routingRules(signal), [api]);
  const services = useLoad((signal) => api.services({ signal }), [api]);
  const teams = useLoad((signal) => api.teams(signal), [api]);
  const [state, dispatch] = useReducer(rulesReducer, { rules: [], dirty: false });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const focusPath = useRef<string | null>(null);

  useEffect(() => {
    if (loaded.data) dispatch({ type: "load", state: fromRules(loaded.data) });
  }, [loaded.data]);

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
    setBusy(true);
    try {
      const rules = await api.setRoutingRules(toRulesInput(state));
      dispatch({ type: "load", state: fromRules(rules) });
      setSaved(rules.length === 0 ? "Saved: no rules, every alert stays on its key’s service." : `Saved ${rules.length} ${rules.length === 1 ? "rule" : "rules"}.`);
    } catch (err) {
      const path = isApiError(err) ? rulesErrorPath(err.field, state) : null;
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

  const add = controlProps("rules", errors);
  const serviceList = [...(services.data ?? [])].sort((a, b) => a.name.localeCompare(b.name));

  return (
    <>
      <PageHeader title="Routing">
        <Link to="/services">Services</Link>
      </PageHeader>
      <p className="page-lead muted">
        An alert goes to the service its integration key names, unless a rule here matches it first: rules are tried in order and the first whose conditions all hold sends the alert to its
        service, possibly another team’s. Regular expressions must match the whole value.
      </p>
      <ErrorNotice error={loaded.error ?? services.error} onRetry={loaded.error ? loaded.reload : services.reload} />
      {loaded.data && services.data ? (
        <form className="form routing-editor" aria-label="Routing rules" onSubmit={(e) => void save(e)} noValidate>
          {readOnly ? <p className="notice notice--info">Only organisation admins can change routing rules; you are seeing them read-only.</p> : null}
          {formError ? (
            <p className="form__error" role="alert">
              {formError}
            </p>
          ) : null}
          <fieldset className="form__plain" disabled={readOnly}>
            {state.rules.length === 0 ? <p className="empty">No routing rules: every alert stays on the service of the key it arrived with.</p> : null}
            {state.rules.length > 0 ? (
              <ol className="rule-list">
                {state.rules.map((r, i) => (
                  <RuleEditor key={r.key} index={i} count={state.rules.length} rule={r} services={serviceList} teams={teams.data ?? []} dispatch={dispatch} errors={errors} readOnly={readOnly} />
                ))}
              </ol>
            ) : null}
            {readOnly ? null : (
              <button {...add} type="button" className="button button--quiet button--small routing-editor__add" onClick={() => dispatch({ type: "addRule", serviceId: serviceList[0]?.id })}>
                Add rule
              </button>
            )}
            <PathError path="rules" errors={errors} />
          </fieldset>
          {readOnly ? null : (
            <div className="form__actions form__actions--bar">
              <span className="muted" aria-live="polite">
                {saved ?? (state.dirty ? "Unsaved changes" : "")}
              </span>
              <button type="submit" className="button button--primary" disabled={busy}>
                {busy ? "Saving…" : "Save rules"}
              </button>
            </div>
          )}
        </form>
      ) : loaded.loading ? (
        <p className="muted">Loading routing rules…</p>
      ) : null}
    </>
  );
}

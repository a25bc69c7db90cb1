import { useEffect, useReducer, useRef, useState, type FormEvent } from "react";
import { useApi } from "../../api/ApiContext";
import { isApiError } from "../../api/client";
import type { Rule, Service, Team } from "../../api/types";
import { errorMessage } from "../../lib/errors";
import { fromRules, rulesErrorPath, rulesReducer, toRulesInput } from "../../routing/rulesState";
import { controlProps, fieldId } from "../../schedules/fieldPaths";
import { PathError } from "../PathError";
import { RuleEditor } from "./RuleEditor";

/**
 * RoutingEditor edits the routing rules on the client, in order, and saves
 * them all with one PUT; a 400's field marks the control it names.
 */
export function RoutingEditor({ rules, services, teams, readOnly }: { rules: readonly Rule[]; services: readonly Service[]; teams: readonly Team[]; readOnly: boolean }) {
  const api = useApi();
  const [state, dispatch] = useReducer(rulesReducer, rules, fromRules);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
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
    setBusy(true);
    try {
      const out = await api.setRoutingRules(toRulesInput(state));
      dispatch({ type: "load", state: fromRules(out) });
      setSaved(out.length === 0 ? "Saved: no rules, every alert stays on its key’s service." : `Saved ${out.length} ${out.length === 1 ? "rule" : "rules"}.`);
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
  return (
    <form className="form routing-editor" aria-label="Routing rules" onSubmit={(e) => void save(e)} noValidate>
      {readOnly ? <p className="notice notice--info">Only organisation admins can change routing rules; you are seeing them read-only.</p> : null}
      {formError ? (
        <p className="form__error" role="alert">
          {formError}
        </p>
      ) : null}
      <fieldset className="form__plain" disabled={readOnly}>
        {state.rules.length === 0 ? (
          <p className="empty">No routing rules: every alert stays on the service of the key it arrived with.</p>
        ) : (
          <ol className="rule-list">
            {state.rules.map((r, i) => (
              <RuleEditor key={r.key} index={i} count={state.rules.length} rule={r} services={services} teams={teams} dispatch={dispatch} errors={errors} readOnly={readOnly} />
            ))}
          </ol>
        )}
        {readOnly ? null : (
          <button {...add} type="button" className="button button--quiet button--small routing-editor__add" onClick={() => dispatch({ type: "addRule", serviceId: services[0]?.id })}>
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
  );
}

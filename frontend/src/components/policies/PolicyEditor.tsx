import { useEffect, useMemo, useReducer, useRef, useState, type FormEvent } from "react";
import { useApi } from "../../api/ApiContext";
import { isApiError } from "../../api/client";
import type { Policy, Schedule, Team, User } from "../../api/types";
import { errorMessage } from "../../lib/errors";
import { emptyPolicy, fromPolicy, policyErrorPath, policyReducer, toPolicyInput } from "../../policies/policyState";
import { controlProps, fieldId } from "../../schedules/fieldPaths";
import { PathError } from "../PathError";
import { PolicyEditorContext, type PolicyEditorContextValue } from "./PolicyEditorContext";
import { StepEditor } from "./StepEditor";

export interface PolicyEditorProps {
  teamId: string;
  /** policy is the one edited; absent to create one. */
  policy?: Policy;
  schedules: readonly Schedule[];
  teams: readonly Team[];
  users: readonly User[];
  readOnly: boolean;
  notice?: string | undefined;
  onSaved: (p: Policy, created: boolean) => void;
  /** onReload fetches the policy again after a version conflict. */
  onReload: () => Promise<Policy>;
}

/**
 * PolicyEditor edits an escalation policy on the client until Save, then
 * sends it whole with the version it started from. The server's field
 * errors are shown at the control they name; a version conflict offers a
 * reload.
 */
export function PolicyEditor(props: PolicyEditorProps) {
  const { teamId, policy, schedules, teams, users, readOnly, notice, onSaved, onReload } = props;
  const api = useApi();
  const firstSchedule = schedules.find((s) => s.team_id === teamId)?.id ?? schedules[0]?.id;
  const [state, dispatch] = useReducer(policyReducer, policy, (p) => (p ? fromPolicy(p) : emptyPolicy({ scheduleId: firstSchedule })));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [saved, setSaved] = useState<string | null>(notice ?? null);
  const [busy, setBusy] = useState(false);
  const focusPath = useRef<string | null>(null);
  const formErrorRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    const path = focusPath.current;
    if (!path) return;
    focusPath.current = null;
    document.getElementById(fieldId(path))?.focus();
  }, [errors]);

  useEffect(() => {
    if (formError) formErrorRef.current?.focus();
  }, [formError]);

  const ctx = useMemo<PolicyEditorContextValue>(
    () => ({ dispatch, errors, schedules, teams, teamId, users, readOnly }),
    [errors, schedules, teams, teamId, users, readOnly],
  );

  async function save(e: FormEvent) {
    e.preventDefault();
    if (readOnly) return;
    setErrors({});
    setFormError(null);
    setSaved(null);
    setConflict(false);
    setBusy(true);
    try {
      const body = toPolicyInput(state);
      const result = policy ? await api.updatePolicy(policy.id, body) : await api.createPolicy(teamId, body);
      dispatch({ type: "load", state: fromPolicy(result) });
      setSaved(policy ? `Saved. This is version ${result.version}.` : "Policy created.");
      onSaved(result, !policy);
    } catch (err) {
      const field = isApiError(err) ? err.field : undefined;
      if (isApiError(err) && err.status === 409 && policy && (!field || field === "version")) {
        setConflict(true);
        return;
      }
      const path = policyErrorPath(field, state);
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
      const fresh = await onReload();
      dispatch({ type: "load", state: fromPolicy(fresh) });
      setConflict(false);
      setErrors({});
      setFormError(null);
      setSaved("Reloaded the latest version; your unsaved edits were discarded.");
    } catch (err) {
      setFormError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const name = controlProps("name", errors);
  const repeat = controlProps("repeat", errors);
  const repeatAfter = controlProps("repeat_after", errors);
  const steps = controlProps("steps", errors);

  return (
    <PolicyEditorContext.Provider value={ctx}>
      <form className="form policy-editor" onSubmit={(e) => void save(e)} noValidate aria-label="Escalation policy">
        {readOnly ? <p className="notice notice--info">Only team admins can change this policy; you are seeing it read-only.</p> : null}
        {conflict ? (
          <div className="notice notice--error" role="alert">
            <span>Someone else changed this policy since you opened it — reload to get their version (your edits here will be lost).</span>
            <button type="button" className="button button--primary button--small" onClick={() => void reload()} disabled={busy}>
              Reload
            </button>
          </div>
        ) : null}
        {formError ? (
          <p className="form__error" role="alert" tabIndex={-1} ref={formErrorRef}>
            {formError}
          </p>
        ) : null}
        <fieldset className="form__plain" disabled={readOnly}>
          <div className="form__grid">
            <div className="form__field">
              <label htmlFor={name.id}>Name</label>
              <input {...name} type="text" value={state.name} maxLength={100} required onChange={(e) => dispatch({ type: "setName", name: e.target.value })} />
              <PathError path="name" errors={errors} />
            </div>
            <div className="form__field">
              <label htmlFor={repeat.id}>Repeat</label>
              <input {...repeat} type="number" className="duration-input" min={0} max={9} step={1} value={state.repeat} onChange={(e) => dispatch({ type: "setRepeat", repeat: e.target.value })} />
              <p className="form__hint">Passes through the steps after the first, 0 to 9, while nobody acknowledges.</p>
              <PathError path="repeat" errors={errors} />
            </div>
            <div className="form__field">
              <label htmlFor={repeatAfter.id}>Repeat after</label>
              <input {...repeatAfter} type="text" className="duration-input" value={state.repeatAfter} placeholder="30m" spellCheck={false} autoComplete="off" onChange={(e) => dispatch({ type: "setRepeatAfter", repeatAfter: e.target.value })} />
              <p className="form__hint">How long after the last step the next pass starts: 1m to 24h.</p>
              <PathError path="repeat_after" errors={errors} />
            </div>
          </div>
          <section className="steps" aria-labelledby="steps-title">
            <h2 className="section-title" id="steps-title">
              Steps
            </h2>
            <p className="form__hint">
              Each step pages its targets at its time in the pass; shadows get copies of primary pages on their own. Moving a step moves its targets; the times stay in order.
            </p>
            <ol className="step-list">
              {state.steps.map((s, i) => (
                <StepEditor key={s.key} index={i} count={state.steps.length} step={s} />
              ))}
            </ol>
            {readOnly ? null : (
              <button {...steps} type="button" className="button button--quiet button--small" onClick={() => dispatch({ type: "addStep", defaults: { scheduleId: firstSchedule } })}>
                Add step
              </button>
            )}
            <PathError path="steps" errors={errors} />
          </section>
        </fieldset>
        {readOnly ? null : (
          <div className="form__actions form__actions--bar">
            <span className="muted" aria-live="polite">
              {saved ?? (state.dirty ? "Unsaved changes" : "")}
            </span>
            <button type="submit" className="button button--primary" disabled={busy}>
              {busy ? "Saving…" : policy ? "Save policy" : "Create policy"}
            </button>
          </div>
        )}
      </form>
    </PolicyEditorContext.Provider>
  );
}

import type { StepDraft } from "../../policies/policyState";
import { stepPath } from "../../policies/policyState";
import { controlProps } from "../../schedules/fieldPaths";
import { PathError } from "../PathError";
import { usePolicyEditor } from "./PolicyEditorContext";
import { TargetEditor } from "./TargetEditor";

/** StepEditor edits one escalation step: when it fires in the pass, and whom it pages. */
export function StepEditor({ index, count, step }: { index: number; count: number; step: StepDraft }) {
  const { dispatch, errors, readOnly, schedules, users } = usePolicyEditor();
  const base = stepPath(index);
  const after = controlProps(`${base}.after`, errors);
  const targets = controlProps(`${base}.targets`, errors);
  const title = `Step ${index + 1}`;
  return (
    <li className="step" data-testid={`step-${index}`}>
      <section aria-label={title}>
        <header className="layer__header">
          <h3 className="layer__title">{title}</h3>
          {readOnly ? null : (
            <span className="layer__actions">
              <button type="button" className="icon-button" aria-label={`Move step ${index + 1} up`} disabled={index === 0} onClick={() => dispatch({ type: "moveStep", step: index, by: -1 })}>
                ↑
              </button>
              <button type="button" className="icon-button" aria-label={`Move step ${index + 1} down`} disabled={index === count - 1} onClick={() => dispatch({ type: "moveStep", step: index, by: 1 })}>
                ↓
              </button>
              <button type="button" className="button button--danger-quiet button--small" aria-label={`Remove step ${index + 1}`} onClick={() => dispatch({ type: "removeStep", step: index })}>
                Remove step
              </button>
            </span>
          )}
        </header>
        <div className="form__field step__after">
          <label htmlFor={after.id}>Fires after (since the pass started)</label>
          <input {...after} type="text" className="duration-input" value={step.after} placeholder={index === 0 ? "0m" : "5m"} spellCheck={false} autoComplete="off" onChange={(e) => dispatch({ type: "setAfter", step: index, after: e.target.value })} />
          <p className="form__hint">{index === 0 ? "The first step fires at once: 0m." : "Whole minutes or hours, later than the step before: 5m, 15m, 1h."}</p>
          <PathError path={`${base}.after`} errors={errors} />
        </div>
        <fieldset className="form__fieldset" aria-describedby={errors[`${base}.targets`] ? `${targets.id}-error` : undefined}>
          <legend>Page</legend>
          {step.targets.length === 0 ? <p className="muted">Nobody yet: add a schedule tier or an engineer.</p> : null}
          <ul className="target-list">
            {step.targets.map((t, j) => (
              <TargetEditor key={t.key} step={index} index={j} count={step.targets.length} target={t} />
            ))}
          </ul>
          {readOnly ? null : (
            <div className="target-list__add">
              <button {...targets} type="button" className="button button--quiet button--small" onClick={() => dispatch({ type: "addTarget", step: index, kind: "schedule", defaults: { scheduleId: schedules[0]?.id } })}>
                Add schedule tier
              </button>
              <button type="button" className="button button--quiet button--small" onClick={() => dispatch({ type: "addTarget", step: index, kind: "user", defaults: { userId: users[0]?.id } })}>
                Add engineer
              </button>
            </div>
          )}
          <PathError path={`${base}.targets`} errors={errors} />
        </fieldset>
      </section>
    </li>
  );
}

import type { Dispatch } from "react";
import type { ContactMethod, RuleUrgency } from "../../api/types";
import type { RuleDraft, RulesEditorAction } from "../../settings/notificationRules";
import { URGENCY_OPTIONS, describeDelay, methodLabel, rulePath } from "../../settings/notificationRules";
import { controlProps } from "../../schedules/fieldPaths";
import { PathError } from "../PathError";

/** NotificationRuleRow edits one rule: which verified number, how many minutes after the page, for which urgency. */
export function NotificationRuleRow({
  index,
  rule,
  verified,
  errors,
  dispatch,
}: {
  index: number;
  rule: RuleDraft;
  verified: readonly ContactMethod[];
  errors: Readonly<Record<string, string>>;
  dispatch: Dispatch<RulesEditorAction>;
}) {
  const base = rulePath(index);
  const method = controlProps(`${base}.contact_method_id`, errors);
  const delay = controlProps(`${base}.delay`, errors);
  const urgency = controlProps(`${base}.urgency`, errors);
  const known = verified.some((m) => m.id === rule.contactMethodId);
  const typed = rule.minutes.trim();
  const update = (patch: Partial<RuleDraft>) => dispatch({ type: "update", rule: index, patch });
  return (
    <li className="notification-rule" data-testid="notification-rule">
      <fieldset className="form__plain">
        <legend className="notification-rule__title">Rule {index + 1}</legend>
        <div className="notification-rule__controls">
          <div className="form__field">
            <label htmlFor={method.id}>Number</label>
            <select {...method} value={rule.contactMethodId} onChange={(e) => update({ contactMethodId: e.target.value })}>
              {rule.contactMethodId === "" ? <option value="">Choose a number</option> : null}
              {rule.contactMethodId !== "" && !known ? <option value={rule.contactMethodId}>A number that is not verified</option> : null}
              {verified.map((m) => (
                <option key={m.id} value={m.id}>
                  {methodLabel(m)}
                </option>
              ))}
            </select>
            <PathError path={`${base}.contact_method_id`} errors={errors} />
          </div>
          <div className="form__field">
            <label htmlFor={delay.id}>Minutes after the page</label>
            <input {...delay} type="number" min={0} max={1440} step={1} inputMode="numeric" className="duration-input" value={rule.minutes} onChange={(e) => update({ minutes: e.target.value })} />
            <span className="form__hint">{/^\d+$/.test(typed) ? describeDelay(Number(typed)) : "whole minutes, 0 for at once"}</span>
            <PathError path={`${base}.delay`} errors={errors} />
          </div>
          <div className="form__field">
            <label htmlFor={urgency.id}>For alerts of</label>
            <select {...urgency} value={rule.urgency} onChange={(e) => update({ urgency: e.target.value as RuleUrgency })}>
              {URGENCY_OPTIONS.map((u) => (
                <option key={u.value} value={u.value}>
                  {u.label}
                </option>
              ))}
            </select>
            <PathError path={`${base}.urgency`} errors={errors} />
          </div>
          <button type="button" className="button button--danger-quiet button--small notification-rule__remove" aria-label={`Remove rule ${index + 1}`} onClick={() => dispatch({ type: "remove", rule: index })}>
            Remove
          </button>
        </div>
      </fieldset>
    </li>
  );
}

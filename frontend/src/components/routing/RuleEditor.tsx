import type { Dispatch } from "react";
import type { Service, Team } from "../../api/types";
import { MATCH_FIELDS } from "../../api/types";
import type { MatchDraft, MatchOp, MatchSubject, RuleDraft, RulesAction } from "../../routing/rulesState";
import { matchPath, nameControlPath, rulePath, valueControlPath } from "../../routing/rulesState";
import { controlProps } from "../../schedules/fieldPaths";
import { PathError } from "../PathError";

interface Shared {
  dispatch: Dispatch<RulesAction>;
  errors: Readonly<Record<string, string>>;
  readOnly: boolean;
}

/** MatchRow edits one condition: a label or an alert field, equals or regex, and the value. */
function MatchRow({ rule, index, count, match, dispatch, errors, readOnly }: Shared & { rule: number; index: number; count: number; match: MatchDraft }) {
  const base = matchPath(rule, index);
  const subject = controlProps(base, errors);
  const name = controlProps(nameControlPath(rule, index, match), errors);
  const op = controlProps(`${base}.op`, errors);
  const value = controlProps(valueControlPath(rule, index, match), errors);
  const n = `match ${index + 1} of rule ${rule + 1}`;
  const update = (patch: Partial<MatchDraft>) => dispatch({ type: "updateMatch", rule, match: index, patch });
  return (
    <li className="match-row" data-testid={`match-${rule}-${index}`}>
      <div className="match-row__controls">
        <label className="sr-only" htmlFor={subject.id}>
          What {n} looks at
        </label>
        <select {...subject} className="match-row__subject" value={match.subject} onChange={(e) => update({ subject: e.target.value as MatchSubject })}>
          <option value="label">Label</option>
          <option value="field">Field</option>
        </select>
        <label className="sr-only" htmlFor={name.id}>
          {match.subject === "label" ? "Label name" : "Field"} of {n}
        </label>
        {match.subject === "label" ? (
          <input {...name} type="text" className="match-row__name" placeholder="e.g. team" value={match.name} spellCheck={false} onChange={(e) => update({ name: e.target.value })} />
        ) : (
          <select {...name} className="match-row__name" value={match.name} onChange={(e) => update({ name: e.target.value })}>
            {MATCH_FIELDS.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
            {match.name && !(MATCH_FIELDS as readonly string[]).includes(match.name) ? <option value={match.name}>{match.name}</option> : null}
          </select>
        )}
        <label className="sr-only" htmlFor={op.id}>
          Operator of {n}
        </label>
        <select {...op} className="match-row__op" value={match.op} onChange={(e) => update({ op: e.target.value as MatchOp })}>
          <option value="equals">equals</option>
          <option value="regex">matches regex</option>
        </select>
        <label className="sr-only" htmlFor={value.id}>
          Value of {n}
        </label>
        <input {...value} type="text" className={match.op === "regex" ? "match-row__value mono-input" : "match-row__value"} placeholder={match.op === "regex" ? "e.g. pay.*" : "e.g. payments"} value={match.value} spellCheck={false} onChange={(e) => update({ value: e.target.value })} />
        {readOnly ? null : (
          <button type="button" className="icon-button" aria-label={`Remove ${n}`} disabled={count === 1} onClick={() => dispatch({ type: "removeMatch", rule, match: index })}>
            ✕
          </button>
        )}
      </div>
      <PathError path={base} errors={errors} />
      <PathError path={nameControlPath(rule, index, match)} errors={errors} />
      <PathError path={`${base}.op`} errors={errors} />
      <PathError path={valueControlPath(rule, index, match)} errors={errors} />
    </li>
  );
}

/** RuleEditor edits one routing rule: its name, its conditions (all must hold) and the service it sends alerts to. */
export function RuleEditor({
  index,
  count,
  rule,
  services,
  teams,
  dispatch,
  errors,
  readOnly,
}: Shared & { index: number; count: number; rule: RuleDraft; services: readonly Service[]; teams: readonly Team[] }) {
  const base = rulePath(index);
  const name = controlProps(`${base}.name`, errors);
  const service = controlProps(`${base}.service_id`, errors);
  const matches = controlProps(`${base}.match`, errors);
  const teamName = new Map(teams.map((t) => [t.id, t.name]));
  const title = rule.name.trim() || `rule ${index + 1}`;
  return (
    <li className="rule" data-testid={`rule-${index}`}>
      <section aria-label={`Rule ${index + 1}: ${title}`}>
        <header className="layer__header">
          <h2 className="layer__title">
            {index + 1}. {title}
          </h2>
          {readOnly ? null : (
            <span className="layer__actions">
              <button type="button" className="icon-button" aria-label={`Move ${title} up`} disabled={index === 0} onClick={() => dispatch({ type: "moveRule", rule: index, by: -1 })}>
                ↑
              </button>
              <button type="button" className="icon-button" aria-label={`Move ${title} down`} disabled={index === count - 1} onClick={() => dispatch({ type: "moveRule", rule: index, by: 1 })}>
                ↓
              </button>
              <button type="button" className="button button--danger-quiet button--small" aria-label={`Remove ${title}`} onClick={() => dispatch({ type: "removeRule", rule: index })}>
                Remove rule
              </button>
            </span>
          )}
        </header>
        <div className="form__grid">
          <div className="form__field">
            <label htmlFor={name.id}>Rule name</label>
            <input {...name} type="text" value={rule.name} maxLength={100} onChange={(e) => dispatch({ type: "setName", rule: index, name: e.target.value })} />
            <PathError path={`${base}.name`} errors={errors} />
          </div>
          <div className="form__field">
            <label htmlFor={service.id}>Send to service</label>
            <select {...service} value={rule.serviceId} onChange={(e) => dispatch({ type: "setService", rule: index, serviceId: e.target.value })}>
              {rule.serviceId === "" ? <option value="">Choose a service</option> : null}
              {rule.serviceId && !services.some((s) => s.id === rule.serviceId) ? <option value={rule.serviceId}>Unknown service {rule.serviceId}</option> : null}
              {services.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} ({teamName.get(s.team_id) ?? `team ${s.team_id}`})
                </option>
              ))}
            </select>
            <PathError path={`${base}.service_id`} errors={errors} />
          </div>
        </div>
        <fieldset className="form__fieldset" aria-describedby={errors[`${base}.match`] ? `${matches.id}-error` : undefined}>
          <legend>When every condition holds</legend>
          <ul className="match-list">
            {rule.matches.map((m, j) => (
              <MatchRow key={m.key} rule={index} index={j} count={rule.matches.length} match={m} dispatch={dispatch} errors={errors} readOnly={readOnly} />
            ))}
          </ul>
          {readOnly ? null : (
            <button {...matches} type="button" className="button button--quiet button--small" onClick={() => dispatch({ type: "addMatch", rule: index })}>
              Add condition
            </button>
          )}
          <PathError path={`${base}.match`} errors={errors} />
        </fieldset>
      </section>
    </li>
  );
}

import type { TargetDraft, TargetKind } from "../../policies/policyState";
import { targetPath } from "../../policies/policyState";
import { controlProps } from "../../schedules/fieldPaths";
import { PathError } from "../PathError";
import { usePolicyEditor } from "./PolicyEditorContext";

/** ScheduleOptions lists schedules grouped by team, the policy's own team first. */
function ScheduleOptions() {
  const { schedules, teams, teamId } = usePolicyEditor();
  const order = [...teams].sort((a, b) => (a.id === teamId ? -1 : b.id === teamId ? 1 : a.name.localeCompare(b.name)));
  const known = new Set(teams.map((t) => t.id));
  const orphans = schedules.filter((s) => !known.has(s.team_id));
  return (
    <>
      {order.map((t) => {
        const own = schedules.filter((s) => s.team_id === t.id);
        if (own.length === 0) return null;
        return (
          <optgroup key={t.id} label={t.id === teamId ? `${t.name} (this team)` : t.name}>
            {own.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </optgroup>
        );
      })}
      {orphans.map((s) => (
        <option key={s.id} value={s.id}>
          {s.name}
        </option>
      ))}
    </>
  );
}

/** TargetEditor edits one target of a step: a schedule's primary or secondary tier, or one engineer. */
export function TargetEditor({ step, index, count, target }: { step: number; index: number; count: number; target: TargetDraft }) {
  const { dispatch, errors, users, schedules, readOnly } = usePolicyEditor();
  const base = targetPath(step, index);
  const kind = controlProps(base, errors);
  const schedule = controlProps(`${base}.schedule_id`, errors);
  const tier = controlProps(`${base}.tier`, errors);
  const user = controlProps(`${base}.user_id`, errors);
  const n = `target ${index + 1} of step ${step + 1}`;
  const update = (patch: Partial<TargetDraft>) => dispatch({ type: "updateTarget", step, target: index, patch });
  const sortedUsers = [...users].sort((a, b) => a.name.localeCompare(b.name));

  return (
    <li className="target-row" data-testid={`target-${step}-${index}`}>
      <div className="target-row__controls">
        <label className="sr-only" htmlFor={kind.id}>
          Kind of {n}
        </label>
        <select
          {...kind}
          value={target.kind}
          onChange={(e) => {
            const k = e.target.value as TargetKind;
            update(k === "user" ? { kind: k, userId: target.userId || (sortedUsers[0]?.id ?? "") } : { kind: k, scheduleId: target.scheduleId || (schedules[0]?.id ?? "") });
          }}
        >
          <option value="schedule">Schedule tier</option>
          <option value="user">Engineer</option>
        </select>
        {target.kind === "schedule" ? (
          <>
            <label className="sr-only" htmlFor={schedule.id}>
              Schedule of {n}
            </label>
            <select {...schedule} value={target.scheduleId} onChange={(e) => update({ scheduleId: e.target.value })}>
              {target.scheduleId === "" ? <option value="">Choose a schedule</option> : null}
              {target.scheduleId && !schedules.some((s) => s.id === target.scheduleId) ? <option value={target.scheduleId}>Unknown schedule {target.scheduleId}</option> : null}
              <ScheduleOptions />
            </select>
            <label className="sr-only" htmlFor={tier.id}>
              Tier of {n}
            </label>
            <select {...tier} value={target.tier} onChange={(e) => update({ tier: e.target.value })}>
              <option value="primary">primary</option>
              <option value="secondary">secondary</option>
              {target.tier !== "primary" && target.tier !== "secondary" ? <option value={target.tier}>{target.tier}</option> : null}
            </select>
          </>
        ) : (
          <>
            <label className="sr-only" htmlFor={user.id}>
              Engineer of {n}
            </label>
            <select {...user} value={target.userId} onChange={(e) => update({ userId: e.target.value })}>
              {target.userId === "" ? <option value="">Choose an engineer</option> : null}
              {target.userId && !users.some((u) => u.id === target.userId) ? <option value={target.userId}>Unknown user {target.userId}</option> : null}
              {sortedUsers.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name} ({u.discipline})
                </option>
              ))}
            </select>
          </>
        )}
        {readOnly ? null : (
          <span className="target-row__actions">
            <button type="button" className="icon-button" aria-label={`Move ${n} up`} disabled={index === 0} onClick={() => dispatch({ type: "moveTarget", step, target: index, by: -1 })}>
              ↑
            </button>
            <button type="button" className="icon-button" aria-label={`Move ${n} down`} disabled={index === count - 1} onClick={() => dispatch({ type: "moveTarget", step, target: index, by: 1 })}>
              ↓
            </button>
            <button type="button" className="icon-button" aria-label={`Remove ${n}`} onClick={() => dispatch({ type: "removeTarget", step, target: index })}>
              ✕
            </button>
          </span>
        )}
      </div>
      <PathError path={base} errors={errors} />
      <PathError path={`${base}.schedule_id`} errors={errors} />
      <PathError path={`${base}.tier`} errors={errors} />
      <PathError path={`${base}.user_id`} errors={errors} />
    </li>
  );
}

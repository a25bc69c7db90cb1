import type { Policy, Schedule, User } from "../../api/types";

/** describeTargets says whom a step pages, in words: "payments-oncall primary, Olga Petrova". */
export function describeTargets(step: Policy["steps"][number], schedules: ReadonlyMap<string, Schedule>, users: ReadonlyMap<string, User>): string {
  return step.targets
    .map((t) => (t.user_id ? (users.get(t.user_id)?.name ?? `user ${t.user_id}`) : `${schedules.get(t.schedule_id ?? "")?.name ?? `schedule ${t.schedule_id}`} ${t.tier ?? "primary"}`))
    .join(", ");
}

/** PolicySummary lists a policy's steps in one line each: "0m → payments-oncall primary". */
export function PolicySummary({ policy, schedules, users }: { policy: Policy; schedules: ReadonlyMap<string, Schedule>; users: ReadonlyMap<string, User> }) {
  return (
    <ol className="policy-summary">
      {policy.steps.map((s, i) => (
        <li key={i}>
          <span className="policy-summary__after">{s.after}</span> → {describeTargets(s, schedules, users)}
        </li>
      ))}
      <li className="muted">{policy.repeat > 0 ? `then repeats ${policy.repeat}× after ${policy.repeat_after}` : "no repeat"}</li>
    </ol>
  );
}

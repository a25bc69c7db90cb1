import type { Schedule, Team } from "../../api/types";

/** SchedulePicker chooses which schedule the calendar shows, grouped by team. */
export function SchedulePicker({
  schedules,
  teams,
  value,
  onChange,
}: {
  schedules: Schedule[];
  teams: Team[];
  value: string;
  onChange: (scheduleId: string) => void;
}) {
  const teamName = new Map(teams.map((t) => [t.id, t.name]));
  const byTeam = new Map<string, Schedule[]>();
  for (const s of schedules) {
    const list = byTeam.get(s.team_id) ?? [];
    list.push(s);
    byTeam.set(s.team_id, list);
  }
  return (
    <div className="inline-field">
      <label htmlFor="schedule-picker">Schedule</label>
      <select id="schedule-picker" value={value} onChange={(e) => onChange(e.target.value)}>
        {value === "" ? <option value="">Choose a schedule…</option> : null}
        {[...byTeam.entries()].map(([teamId, list]) => (
          <optgroup key={teamId} label={teamName.get(teamId) ?? `Team ${teamId}`}>
            {list.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}

import { Link } from "react-router";
import type { OnCallResponse } from "../../api/types";
import { ScheduleOnCallCard } from "./ScheduleOnCallCard";

/** OnCallBoard shows every team's schedules and who holds each tier. */
export function OnCallBoard({ data, now }: { data: OnCallResponse; now: Date }) {
  if (data.teams.length === 0) {
    return (
      <p className="empty">
        No teams yet. <Link to="/teams">Create a team</Link> and give it a schedule.
      </p>
    );
  }
  return (
    <div className="oncall-board">
      {data.teams.map((t, i) => {
        const name = t.team?.name ?? "Team";
        const schedules = t.schedules ?? [];
        return (
          <section key={t.team?.id ?? i} className="oncall-team" aria-labelledby={`team-${t.team?.id ?? i}`}>
            <h2 className="section-title" id={`team-${t.team?.id ?? i}`}>
              {t.team?.id ? <Link to={`/teams/${encodeURIComponent(t.team.id)}`}>{name}</Link> : name}
            </h2>
            {schedules.length === 0 ? (
              <p className="muted">This team has no schedules yet.</p>
            ) : (
              <div className="card-grid">
                {schedules.map((s, j) => (
                  <ScheduleOnCallCard key={s.id ?? j} schedule={s} now={now} />
                ))}
              </div>
            )}
          </section>
        );
      })}
    </div>
  );
}

import { Link } from "react-router";
import type { Schedule } from "../../api/types";
import { TIERS } from "../../api/types";

function layerCount(s: Schedule): string {
  const parts = TIERS.map((t) => [t, (s.tiers[t] ?? []).length] as const)
    .filter(([, n]) => n > 0)
    .map(([t, n]) => `${t} ${n}`);
  return parts.length > 0 ? `layers: ${parts.join(", ")}` : "no layers yet";
}

/** TeamSchedulesPanel lists a team's schedules with links to their calendar and editor. */
export function TeamSchedulesPanel({ teamId, schedules, canEdit }: { teamId: string; schedules: Schedule[]; canEdit: boolean }) {
  const base = `/teams/${encodeURIComponent(teamId)}/schedules`;
  return (
    <>
      {schedules.length === 0 ? (
        <p className="muted">No schedules yet.</p>
      ) : (
        <ul className="item-list">
          {schedules.map((s) => (
            <li key={s.id} className="item-list__item">
              <span>
                <strong>{s.name}</strong> <span className="muted">· {s.time_zone} · {layerCount(s)}{s.pairing === "mixed" ? " · mixed pairing" : ""}</span>
              </span>
              <span className="item-list__actions">
                <Link className="button button--quiet button--small" to={`/calendar/${encodeURIComponent(s.id)}`} aria-label={`Calendar of ${s.name}`}>
                  Calendar
                </Link>
                <Link className="button button--quiet button--small" to={`${base}/${encodeURIComponent(s.id)}`} aria-label={`${canEdit ? "Edit" : "View"} ${s.name}`}>
                  {canEdit ? "Edit" : "View"}
                </Link>
              </span>
            </li>
          ))}
        </ul>
      )}
      {canEdit ? (
        <Link className="button button--primary button--small" to={`${base}/new`}>
          New schedule
        </Link>
      ) : null}
    </>
  );
}

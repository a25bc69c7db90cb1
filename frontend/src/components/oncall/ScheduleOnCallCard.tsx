import { Link } from "react-router";
import type { ScheduleOnCall } from "../../api/types";
import { TIERS } from "../../api/types";
import { CoverageGapWarning } from "./CoverageGapWarning";
import { TierOnCallRow } from "./TierOnCallRow";

/** ScheduleOnCallCard lists one schedule's tiers: who is on call, or a gap warning. */
export function ScheduleOnCallCard({ schedule, now }: { schedule: ScheduleOnCall; now: Date }) {
  const oncall = schedule.oncall ?? [];
  const gaps = schedule.gaps ?? [];
  const name = schedule.name ?? "Schedule";
  const rows = TIERS.flatMap((tier) => {
    const entries = oncall.filter((e) => e.tier === tier);
    if (entries.length > 0) return entries.map((e, i) => <TierOnCallRow key={`${tier}-${i}`} entry={e} now={now} />);
    if (gaps.includes(tier)) return [<CoverageGapWarning key={`${tier}-gap`} tier={tier} />];
    return [];
  });
  return (
    <article className="card oncall-card" aria-label={name} data-testid="oncall-schedule">
      <header className="card__header">
        <h3 className="card__title">
          {schedule.id ? <Link to={`/calendar/${encodeURIComponent(schedule.id)}`}>{name}</Link> : name}
        </h3>
        {schedule.time_zone ? <span className="muted">{schedule.time_zone}</span> : null}
      </header>
      {rows.length > 0 ? <ul className="oncall-list">{rows}</ul> : <p className="muted">Nobody is on call and no tier has layers yet.</p>}
    </article>
  );
}

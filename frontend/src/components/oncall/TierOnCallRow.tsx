import type { TierOnCall } from "../../api/types";
import { formatInstant, formatRelative, isSameInstant } from "../../lib/time";
import { DisciplineBadge } from "../DisciplineBadge";
import { TierBadge } from "../TierBadge";

/** TierOnCallRow shows who holds one tier now and until the next handoff, in the viewer's zone. */
export function TierOnCallRow({ entry, now }: { entry: TierOnCall; now: Date }) {
  const shadow = entry.tier === "shadow";
  // They are on call until the next handoff; a turn may end earlier and hand
  // over to the same person (a one-person rotation).
  const until = entry.next_handoff ?? entry.end;
  const source = entry.source?.kind === "override" ? "override" : entry.source?.name;
  return (
    <li className={`oncall-row${shadow ? " oncall-row--shadow" : ""}`} data-testid={`oncall-${entry.tier}`}>
      <span className="oncall-row__tier">
        <TierBadge tier={entry.tier} />
      </span>
      <span className="oncall-row__who">
        <span className="oncall-row__name">{entry.user.name}</span> <DisciplineBadge discipline={entry.user.discipline} />
        {shadow ? <span className="oncall-row__note">shadowing: gets copies of primary pages</span> : null}
      </span>
      <span className="oncall-row__when">
        <span>
          until <time dateTime={until}>{formatInstant(until)}</time> <span className="muted">({formatRelative(until, now)})</span>
        </span>
        {isSameInstant(until, entry.end) ? null : (
          <span className="oncall-row__turn muted">
            current turn ends <time dateTime={entry.end}>{formatInstant(entry.end)}</time>
          </span>
        )}
      </span>
      <span className="oncall-row__source muted">{source ? `via ${source}` : null}</span>
    </li>
  );
}

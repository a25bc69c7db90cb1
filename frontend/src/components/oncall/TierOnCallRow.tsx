import type { TierOnCall } from "../../api/types";
import { formatInstant, formatRelative, isSameInstant } from "../../lib/time";
import { DisciplineBadge } from "../DisciplineBadge";
import { TierBadge } from "../TierBadge";

/** TierOnCallRow shows who holds one tier now and until when, in the viewer's zone. */
export function TierOnCallRow({ entry, now }: { entry: TierOnCall; now: Date }) {
  const shadow = entry.tier === "shadow";
  const handoff = entry.next_handoff ?? null;
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
          until <time dateTime={entry.end}>{formatInstant(entry.end)}</time>{" "}
          <span className="muted">({formatRelative(entry.end, now)})</span>
        </span>
        {handoff && !isSameInstant(handoff, entry.end) ? (
          <span className="oncall-row__handoff">
            next handoff <time dateTime={handoff}>{formatInstant(handoff)}</time>{" "}
            <span className="muted">({formatRelative(handoff, now)})</span>
          </span>
        ) : null}
      </span>
      <span className="oncall-row__source muted">{source ? `via ${source}` : null}</span>
    </li>
  );
}

import type { TierOnCall } from "../../api/types";
import { formatInstant, formatRelative, isSameInstant } from "../../lib/time";
import { DisciplineBadge } from "../DisciplineBadge";
import { TierBadge } from "../TierBadge";

/** TierOnCallRow shows who holds one tier now and until the next handoff, in the viewer's zone. */
export function TierOnCallRow({ entry, now }: { entry: TierOnCall; now: Date }) {
  const shadow = entry.tier === "shadow";
  // They are on call until the next handoff. A turn may end earlier and hand
  // over to the same person; with nobody else in the rotation there is no
  // handoff at all (next_handoff is null).
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
        {handoff ? (
          <span>
            until <time dateTime={handoff}>{formatInstant(handoff)}</time> <span className="muted">({formatRelative(handoff, now)})</span>
          </span>
        ) : (
          <span>no upcoming handoff</span>
        )}
        {handoff && isSameInstant(handoff, entry.end) ? null : (
          <span className="oncall-row__turn muted">
            current turn ends <time dateTime={entry.end}>{formatInstant(entry.end)}</time>
          </span>
        )}
      </span>
      <span className="oncall-row__source muted">{source ? `via ${source}` : null}</span>
    </li>
  );
}

import type { Shift } from "../../api/types";
import { formatRange } from "../../lib/time";
import { TierBadge } from "../TierBadge";

/** MAX_SHOWN caps the list; the calendar shows the rest. */
const MAX_SHOWN = 8;

/** MyShiftsInView lists the viewer's shifts in the visible range, each with a swap button when they may ask for swaps. */
export function MyShiftsInView({
  shifts,
  timeZone,
  now,
  onRequestSwap,
}: {
  shifts: Shift[];
  timeZone: string;
  /** now hides shifts that are over. */
  now: Date;
  /** onRequestSwap is left out when the viewer may not ask for swaps in the team. */
  onRequestSwap?: (shift: Shift) => void;
}) {
  const upcoming = shifts.filter((s) => new Date(s.end) > now);
  const shown = upcoming.slice(0, MAX_SHOWN);
  return (
    <section className="panel" aria-labelledby="my-shifts-title">
      <h2 className="panel__title" id="my-shifts-title">
        My upcoming shifts in view
      </h2>
      {upcoming.length === 0 ? (
        <p className="muted">You have no upcoming shifts in this range.</p>
      ) : (
        <ul className="item-list">
          {shown.map((s, i) => (
            <li key={`${s.tier}-${s.start}-${i}`} className="item-list__item">
              <span>
                <TierBadge tier={s.tier} /> {formatRange(s.start, s.end, { timeZone })}
                <span className="muted"> · {s.source.kind === "override" ? "override" : s.source.name}</span>
              </span>
              {onRequestSwap ? (
                <button type="button" className="button button--quiet button--small" onClick={() => onRequestSwap(s)}>
                  Request swap
                </button>
              ) : null}
            </li>
          ))}
          {upcoming.length > shown.length ? (
            <li className="item-list__item muted">and {upcoming.length - shown.length} more on the calendar</li>
          ) : null}
        </ul>
      )}
    </section>
  );
}

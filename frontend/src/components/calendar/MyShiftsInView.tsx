import type { Shift } from "../../api/types";
import { formatRange } from "../../lib/time";
import { TierBadge } from "../TierBadge";

/** MyShiftsInView lists the viewer's shifts in the visible range, each with a swap button. */
export function MyShiftsInView({
  shifts,
  timeZone,
  onRequestSwap,
}: {
  shifts: Shift[];
  timeZone: string;
  onRequestSwap: (shift: Shift) => void;
}) {
  return (
    <section className="panel" aria-labelledby="my-shifts-title">
      <h2 className="panel__title" id="my-shifts-title">
        My shifts in view
      </h2>
      {shifts.length === 0 ? (
        <p className="muted">You have no shifts in this range.</p>
      ) : (
        <ul className="item-list">
          {shifts.map((s, i) => (
            <li key={`${s.tier}-${s.start}-${i}`} className="item-list__item">
              <span>
                <TierBadge tier={s.tier} /> {formatRange(s.start, s.end, { timeZone })}
                <span className="muted"> · {s.source.kind === "override" ? "override" : s.source.name}</span>
              </span>
              <button type="button" className="button button--quiet button--small" onClick={() => onRequestSwap(s)}>
                Request swap
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

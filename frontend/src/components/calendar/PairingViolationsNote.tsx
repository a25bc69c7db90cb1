import type { Engineer, PairingViolation } from "../../api/types";
import { memberNames, pairingTitle } from "../../calendar/events";
import { formatRange } from "../../lib/time";

/** PairingViolationsNote lists the stretches in view where dev/ops pairing is broken. */
export function PairingViolationsNote({
  violations,
  members,
  timeZone,
}: {
  violations: PairingViolation[];
  members: Engineer[];
  timeZone: string;
}) {
  if (violations.length === 0) return null;
  const names = memberNames(members);
  return (
    <section className="notice notice--warning" aria-label="Pairing violations" data-testid="pairing-violations">
      <div>
        <strong>
          {violations.length === 1 ? "1 stretch" : `${violations.length} stretches`} in view break the dev/ops pairing rule:
        </strong>
        <ul className="compact-list">
          {violations.slice(0, 8).map((v, i) => (
            <li key={`${v.start}-${i}`}>
              {v.start && v.end ? `${formatRange(v.start, v.end, { timeZone })}: ` : ""}
              {pairingTitle(v, names).replace(/^Pairing broken: /, "")}
            </li>
          ))}
          {violations.length > 8 ? <li>and {violations.length - 8} more</li> : null}
        </ul>
      </div>
    </section>
  );
}

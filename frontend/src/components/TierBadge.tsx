import type { TierName } from "../api/types";

/** TierBadge names a tier in its calendar colour. */
export function TierBadge({ tier }: { tier: TierName | string }) {
  return <span className={`tier-badge tier-badge--${tier}`}>{tier}</span>;
}

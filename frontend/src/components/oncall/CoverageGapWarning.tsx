import { TierBadge } from "../TierBadge";

/** CoverageGapWarning flags a tier that has layers but nobody on call right now. */
export function CoverageGapWarning({ tier }: { tier: string }) {
  return (
    <li className="oncall-row oncall-row--gap" data-testid={`gap-${tier}`}>
      <span className="oncall-row__tier">
        <TierBadge tier={tier} />
      </span>
      <span className="oncall-row__gap">
        <span aria-hidden="true">⚠ </span>Coverage gap: nobody is on call for the {tier} tier right now.
      </span>
    </li>
  );
}

import type { BadgeTone } from "../alerts/display";

/** ToneBadge is a small pill coloured by what it says: danger, warning, success, info or neutral. */
export function ToneBadge({ tone, children, testId }: { tone: BadgeTone; children: string; testId?: string }) {
  return (
    <span className={`tone-badge tone-badge--${tone}`} data-testid={testId}>
      {children}
    </span>
  );
}

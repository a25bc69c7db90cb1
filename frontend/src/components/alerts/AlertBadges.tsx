import type { Alert } from "../../api/types";
import { statusDisplay, urgencyDisplay } from "../../alerts/display";
import { formatInstant } from "../../lib/time";
import { ToneBadge } from "../ToneBadge";

/** AlertStatusBadge shows triggered, acknowledged or resolved. */
export function AlertStatusBadge({ status }: { status: string }) {
  const d = statusDisplay(status);
  return (
    <ToneBadge tone={d.tone} testId="alert-status">
      {d.label}
    </ToneBadge>
  );
}

/** UrgencyBadge shows high or low urgency. */
export function UrgencyBadge({ urgency }: { urgency: string }) {
  const d = urgencyDisplay(urgency);
  return <ToneBadge tone={d.tone}>{d.label}</ToneBadge>;
}

/** AlertFlags shows why an alert is not paging: held until business hours, or suppressed by maintenance. */
export function AlertFlags({ alert }: { alert: Pick<Alert, "held" | "held_until" | "suppressed"> }) {
  if (!alert.held && !alert.suppressed) return null;
  return (
    <span className="alert-flags">
      {alert.held ? (
        <span className="flag-badge flag-badge--held" title={alert.held_until ? `Held until ${formatInstant(alert.held_until)}` : "Held until business hours"}>
          held
        </span>
      ) : null}
      {alert.suppressed ? (
        <span className="flag-badge flag-badge--suppressed" title="Arrived during maintenance: kept, never paged">
          suppressed
        </span>
      ) : null}
    </span>
  );
}

import { incidentStatusDisplay, reviewStatusLabel, severityTone } from "../../incidents/display";
import type { IncidentReviewState } from "../../api/types";
import { ToneBadge } from "../ToneBadge";

/** IncidentStatusBadge shows triggered, acknowledged, mitigated or resolved. */
export function IncidentStatusBadge({ status }: { status: string }) {
  const d = incidentStatusDisplay(status);
  return (
    <ToneBadge tone={d.tone} testId="incident-status">
      {d.label}
    </ToneBadge>
  );
}

/** SeverityBadge shows SEV1 to SEV4. */
export function SeverityBadge({ severity }: { severity: string }) {
  return (
    <ToneBadge tone={severityTone(severity)} testId="incident-severity">
      {severity}
    </ToneBadge>
  );
}

/** ReviewBadge shows the review's step, and the reminder when it is overdue. */
export function ReviewBadge({ review }: { review: IncidentReviewState }) {
  if (review.overdue) {
    return (
      <ToneBadge tone="danger" testId="review-overdue">
        Review overdue
      </ToneBadge>
    );
  }
  return (
    <ToneBadge tone={review.status === "published" ? "success" : "neutral"} testId="review-status">
      {reviewStatusLabel(review.status)}
    </ToneBadge>
  );
}

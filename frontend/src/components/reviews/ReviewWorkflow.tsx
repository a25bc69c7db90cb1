import type { ReviewStatus } from "../../api/types";

const STEPS: readonly { status: ReviewStatus; label: string }[] = [
  { status: "draft", label: "Draft" },
  { status: "in_review", label: "In review" },
  { status: "published", label: "Published" },
];

/** ReviewWorkflow shows the review's steps, draft → in review → published, and marks the current one. */
export function ReviewWorkflow({ status }: { status: ReviewStatus }) {
  const at = STEPS.findIndex((s) => s.status === status);
  return (
    <ol className="review-steps" aria-label="Review workflow" data-testid="review-workflow">
      {STEPS.map((s, i) => (
        <li
          key={s.status}
          className={i === at ? "review-steps__step review-steps__step--current" : i < at ? "review-steps__step review-steps__step--done" : "review-steps__step"}
          aria-current={i === at ? "step" : undefined}
        >
          {s.label}
        </li>
      ))}
    </ol>
  );
}

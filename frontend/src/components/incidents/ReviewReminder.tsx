import type { ReactNode } from "react";
import { Link } from "react-router";
import type { Incident } from "../../api/types";

/**
 * ReviewReminder names the SEV1 and SEV2 incidents whose review is not
 * published five business days after they were resolved (the API's
 * ?review=overdue), each linking to its review. The incidents list and the
 * Now page show it; children add actions.
 */
export function ReviewReminder({ late, children }: { late: readonly Incident[]; children?: ReactNode }) {
  if (late.length === 0) return null;
  return (
    <div className="notice notice--warning" role="status" data-testid="review-reminder">
      <span>
        {late.length === 1 ? "One SEV1 or SEV2 incident has" : `${late.length} SEV1 and SEV2 incidents have`} no published review after 5 business days:{" "}
        {late.map((i, n) => (
          <span key={i.id}>
            {n > 0 ? ", " : ""}
            <Link to={`/incidents/${encodeURIComponent(i.id)}/review`}>{i.title}</Link>
          </span>
        ))}
        .
      </span>
      {children}
    </div>
  );
}

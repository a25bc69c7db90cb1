import { Link } from "react-router";
import type { Alert } from "../../api/types";
import { formatInstant } from "../../lib/time";
import { AlertStatusBadge, UrgencyBadge } from "../alerts/AlertBadges";

/** LinkedAlerts lists an incident's alerts, newest first, each linking to its page. */
export function LinkedAlerts({ alerts }: { alerts: readonly Alert[] }) {
  if (alerts.length === 0) return <p className="muted">No alerts are linked.</p>;
  return (
    <div className="table-scroll">
      <table className="table" data-testid="linked-alerts">
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Urgency</th>
            <th scope="col">Summary</th>
            <th scope="col">Service</th>
            <th scope="col">Triggered</th>
          </tr>
        </thead>
        <tbody>
          {alerts.map((a) => (
            <tr key={a.id}>
              <td>
                <AlertStatusBadge status={a.status} />
              </td>
              <td>
                <UrgencyBadge urgency={a.urgency} />
              </td>
              <td>
                <Link to={`/alerts/${encodeURIComponent(a.id)}`}>
                  {a.summary || "(no summary)"}
                </Link>
              </td>
              <td>{a.service_name ?? a.service_id}</td>
              <td className="nowrap">
                <time dateTime={a.created_at}>{formatInstant(a.created_at)}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

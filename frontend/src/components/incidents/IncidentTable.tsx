import { Link } from "react-router";
import type { Incident } from "../../api/types";
import { formatInstant } from "../../lib/time";
import { IncidentStatusBadge, ReviewBadge, SeverityBadge } from "./IncidentBadges";

/** IncidentTable lists incidents: severity, status, title, team, services, when they started and their review. */
export function IncidentTable({ incidents }: { incidents: readonly Incident[] }) {
  return (
    <table className="table incident-table">
      <thead>
        <tr>
          <th scope="col">Severity</th>
          <th scope="col">Status</th>
          <th scope="col">Title</th>
          <th scope="col">Team</th>
          <th scope="col">Services</th>
          <th scope="col">Started</th>
          <th scope="col">Review</th>
        </tr>
      </thead>
      <tbody>
        {incidents.map((i) => (
          <tr key={i.id} data-testid="incident-row">
            <td>
              <SeverityBadge severity={i.severity} />
            </td>
            <td>
              <IncidentStatusBadge status={i.status} />
            </td>
            <td>
              <Link to={`/incidents/${encodeURIComponent(i.id)}`}>{i.title || "(untitled)"}</Link>
              {i.alert_count > 0 ? (
                <span className="muted table__sub">
                  {i.alert_count} {i.alert_count === 1 ? "alert" : "alerts"}
                </span>
              ) : null}
            </td>
            <td>{i.team_name ?? i.team_id}</td>
            <td>{i.services.map((s) => s.name).join(", ") || <span className="muted">none</span>}</td>
            <td className="nowrap">
              <time dateTime={i.started_at}>{formatInstant(i.started_at)}</time>
            </td>
            <td>
              <ReviewBadge review={i.review} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

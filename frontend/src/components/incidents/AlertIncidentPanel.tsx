import { Link } from "react-router";
import { useApi } from "../../api/ApiContext";
import type { Alert } from "../../api/types";
import { usePermissions } from "../../auth/PermissionsContext";
import { useLoad } from "../../hooks/useLoad";
import { SeverityBadge } from "./IncidentBadges";

/**
 * AlertIncidentPanel sits on an alert's page: it names the open incidents
 * of the alert's service (an automatic service links its alerts to the
 * one open there) and opens a new incident from the alert.
 */
export function AlertIncidentPanel({ alert }: { alert: Alert }) {
  const api = useApi();
  const permissions = usePermissions();
  const open = useLoad((signal) => api.incidents({ service: alert.service_id, status: "open", limit: 5 }, signal), [api, alert.service_id]);
  const mayOpen = permissions.may("incident.manage", alert.team_id);
  const list = open.data ?? [];
  if (!mayOpen && list.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="alert-incident-title">
      <h2 className="panel__title" id="alert-incident-title">
        Incident
      </h2>
      {list.length > 0 ? (
        <ul className="compact-list" aria-label="Open incidents on this service">
          {list.map((i) => (
            <li key={i.id}>
              <SeverityBadge severity={i.severity} /> <Link to={`/incidents/${encodeURIComponent(i.id)}`}>{i.title}</Link>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No incident is open on {alert.service_name || "this service"}.</p>
      )}
      {mayOpen ? (
        <Link className="button button--quiet" to={`/incidents/new?alert=${encodeURIComponent(alert.id)}`}>
          Open an incident from this alert
        </Link>
      ) : null}
    </section>
  );
}

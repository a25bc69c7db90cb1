import { Link } from "react-router";
import type { ServiceFigures } from "../../api/types";
import { formatRate, formatSeconds } from "../../incidents/display";

/** ServiceFiguresTable shows the figures per service, with links to each service's page. */
export function ServiceFiguresTable({ services }: { services: readonly ServiceFigures[] }) {
  if (services.length === 0) return <p className="muted">No services.</p>;
  return (
    <div className="table-scroll">
      <table className="table table--row-heads" data-testid="service-figures">
        <thead>
          <tr>
            <th scope="col">Service</th>
            <th scope="col">Deployments</th>
            <th scope="col">Change fail rate</th>
            <th scope="col">Median lead time</th>
            <th scope="col">Incidents</th>
            <th scope="col">MTTA</th>
            <th scope="col">MTTR</th>
            <th scope="col">Open action items</th>
          </tr>
        </thead>
        <tbody>
          {services.map((s) => (
            <tr key={s.id} data-testid="service-figures-row">
              <th scope="row">
                <Link to={`/services/${encodeURIComponent(s.id)}`}>{s.name}</Link>
              </th>
              <td>{s.deployments}</td>
              <td>{formatRate(s.change_fail_rate, s.deployments)}</td>
              <td>{formatSeconds(s.lead_time_seconds, s.lead_time_samples)}</td>
              <td>{s.incidents}</td>
              <td>{formatSeconds(s.mtta_seconds, s.acknowledged)}</td>
              <td>{formatSeconds(s.mttr_seconds, s.resolved)}</td>
              <td>
                {s.open_action_items ?? 0}
                {s.overdue_action_items ? <span className="muted"> ({s.overdue_action_items} overdue)</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

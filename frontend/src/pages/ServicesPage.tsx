import { Link } from "react-router";
import { useApi } from "../api/ApiContext";
import { ErrorNotice } from "../components/ErrorNotice";
import { PageHeader } from "../components/PageHeader";
import { useLoad } from "../hooks/useLoad";
import { describeHours } from "../services/hours";
import { URGENCY_RULES } from "../services/serviceState";

/** ServicesPage lists every service with its team, escalation policy, urgency, business hours and open alerts. */
export function ServicesPage() {
  const api = useApi();
  const services = useLoad((signal) => api.services({ signal }), [api]);
  const teams = useLoad((signal) => api.teams(signal), [api]);
  const policies = useLoad((signal) => api.policies({ signal }), [api]);
  const open = useLoad((signal) => api.alerts({ status: "open", limit: 500 }, signal), [api]);
  const teamName = new Map((teams.data ?? []).map((t) => [t.id, t.name]));
  const policyName = new Map((policies.data ?? []).map((p) => [p.id, p.name]));
  const openCount = new Map<string, number>();
  for (const a of open.data ?? []) openCount.set(a.service_id, (openCount.get(a.service_id) ?? 0) + 1);
  const list = [...(services.data ?? [])].sort(
    (a, b) => (teamName.get(a.team_id) ?? "").localeCompare(teamName.get(b.team_id) ?? "") || a.name.localeCompare(b.name),
  );

  return (
    <>
      <PageHeader title="Services">
        <span className="page-header__links">
          <Link to="/routing">Routing rules</Link>
          <Link className="button button--primary button--small" to="/services/new">
            New service
          </Link>
        </span>
      </PageHeader>
      <p className="page-lead muted">A service is something that alerts. Its team owns it; its escalation policy says whom it pages; monitors reach it with its integration keys.</p>
      <ErrorNotice error={services.error} onRetry={services.reload} />
      {services.data ? (
        list.length === 0 ? (
          <p className="empty">No services yet. A team admin can create the first one.</p>
        ) : (
          <section className="panel" aria-label="Services">
            <div className="table-scroll">
              <table className="table" data-testid="services-table">
                <thead>
                  <tr>
                    <th scope="col">Service</th>
                    <th scope="col">Team</th>
                    <th scope="col">Escalation policy</th>
                    <th scope="col">Urgency</th>
                    <th scope="col">Business hours</th>
                    <th scope="col">Open alerts</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((s) => {
                    const n = openCount.get(s.id) ?? 0;
                    return (
                      <tr key={s.id}>
                        <td>
                          <Link to={`/services/${encodeURIComponent(s.id)}`}>{s.name}</Link>
                          {s.description ? <span className="table__sub muted">{s.description}</span> : null}
                        </td>
                        <td>{teamName.get(s.team_id) ?? `team ${s.team_id}`}</td>
                        <td>
                          {s.escalation_policy_id ? (
                            <Link to={`/policies/${encodeURIComponent(s.escalation_policy_id)}`}>{policyName.get(s.escalation_policy_id) ?? `policy ${s.escalation_policy_id}`}</Link>
                          ) : (
                            <span className="muted">none: pages nobody</span>
                          )}
                        </td>
                        <td>{URGENCY_RULES.find((u) => u.value === s.urgency)?.label.replace(/ \(.*\)$/, "") ?? s.urgency}</td>
                        <td>
                          {describeHours(s.business_hours)}
                          {s.hold_low_outside_hours ? <span className="table__sub muted">holds low urgency outside</span> : null}
                        </td>
                        <td>{n > 0 ? <Link to={`/alerts?service=${encodeURIComponent(s.id)}`}>{n} open</Link> : <span className="muted">0</span>}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </section>
        )
      ) : services.loading ? (
        <p className="muted">Loading services…</p>
      ) : null}
    </>
  );
}

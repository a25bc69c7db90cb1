import { Link } from "react-router";
import { useApi } from "../api/ApiContext";
import { usePermissions } from "../auth/PermissionsContext";
import { ErrorNotice } from "../components/ErrorNotice";
import { PageHeader } from "../components/PageHeader";
import { RoutingEditor } from "../components/routing/RoutingEditor";
import { useLoad } from "../hooks/useLoad";

/**
 * RoutingPage shows the organisation's routing rules in order (first match
 * wins). Organisation admins edit and save them; everyone else reads them.
 */
export function RoutingPage() {
  const api = useApi();
  const permissions = usePermissions();
  const rules = useLoad((signal) => api.routingRules(signal), [api]);
  const services = useLoad((signal) => api.services({ signal }), [api]);
  const teams = useLoad((signal) => api.teams(signal), [api]);
  const serviceList = [...(services.data ?? [])].sort((a, b) => a.name.localeCompare(b.name));

  return (
    <>
      <PageHeader title="Routing">
        <Link to="/services">Services</Link>
      </PageHeader>
      <p className="page-lead muted">
        An alert goes to the service its integration key names, unless a rule here matches it first: rules are tried in order and the first whose conditions all hold sends the alert to its
        service, possibly another team’s. Regular expressions must match the whole value.
      </p>
      <ErrorNotice error={rules.error ?? services.error ?? teams.error} onRetry={() => [rules, services, teams].forEach((l) => l.error && l.reload())} />
      {rules.data && services.data && teams.data && permissions.ready ? (
        <RoutingEditor rules={rules.data} services={serviceList} teams={teams.data} readOnly={!permissions.mayOrg("org.manage")} />
      ) : rules.loading || services.loading || !permissions.ready ? (
        <p className="muted">Loading routing rules…</p>
      ) : null}
    </>
  );
}

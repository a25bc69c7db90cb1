import { useState } from "react";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { useApi } from "../api/ApiContext";
import { usePermissions } from "../auth/PermissionsContext";
import { DeleteButton } from "../components/DeleteButton";
import { ErrorNotice } from "../components/ErrorNotice";
import { PageHeader } from "../components/PageHeader";
import { IntegrationsPanel } from "../components/services/IntegrationsPanel";
import { MaintenancePanel } from "../components/services/MaintenancePanel";
import { ServiceChangesPanel } from "../components/services/ServiceChangesPanel";
import { ServiceForm } from "../components/services/ServiceForm";
import { TestAlertPanel } from "../components/services/TestAlertPanel";
import { useLoad, useLoadFor } from "../hooks/useLoad";
import { browserTimeZone } from "../lib/time";

/** ServicePage shows one service: its settings, integration keys, maintenance windows and a test alert form. */
export function ServicePage() {
  const { serviceId = "" } = useParams();
  const api = useApi();
  const permissions = usePermissions();
  const navigate = useNavigate();
  const location = useLocation();
  const flash = (location.state as { flash?: string } | null)?.flash;
  const detail = useLoad((signal) => api.service(serviceId, signal), [api, serviceId]);
  const teamId = detail.data?.service.team_id ?? "";
  const team = useLoadFor(teamId, (id, signal) => (id ? api.team(id, signal) : Promise.resolve(undefined)), [api]);
  const policies = useLoadFor(teamId, (id, signal) => (id ? api.policies({ teamId: id, signal }) : Promise.resolve([])), [api]);
  const [newKey, setNewKey] = useState("");
  const admin = permissions.may("team.manage", teamId);
  const service = detail.data?.service;

  return (
    <>
      <PageHeader title={service ? `Service ${service.name}` : "Service"}>
        <span className="page-header__links">
          {service ? <Link to={`/alerts?service=${encodeURIComponent(service.id)}&status=all`}>Alerts</Link> : null}
          {service ? <Link to={`/incidents?service=${encodeURIComponent(service.id)}`}>Incidents</Link> : null}
          {service ? <Link to={`/incidents/delivery?team=${encodeURIComponent(service.team_id)}&service=${encodeURIComponent(service.id)}`}>Delivery</Link> : null}
          <Link to="/services">All services</Link>
        </span>
      </PageHeader>
      <ErrorNotice error={detail.error ?? policies.error} onRetry={detail.reload} />
      {service && permissions.ready && policies.data ? (
        <div className="panel-stack">
          <p className="muted page-lead">
            Owned by team{" "}
            <Link to={`/teams/${encodeURIComponent(service.team_id)}`}>{team.data?.name ?? service.team_id}</Link>.
          </p>
          <section className="panel" aria-labelledby="service-settings-title">
            <h2 className="panel__title" id="service-settings-title">
              Settings
            </h2>
            <ServiceForm
              key={service.id}
              teamId={service.team_id}
              service={service}
              policies={policies.data}
              readOnly={!admin}
              defaultTimeZone={browserTimeZone()}
              notice={flash}
              onReload={async () => (await api.service(service.id)).service}
              onSaved={() => undefined}
            />
          </section>
          <IntegrationsPanel serviceId={service.id} canManage={admin} onCreated={(c) => c.integration.type === "generic" && setNewKey(c.key)} />
          <TestAlertPanel serviceName={service.name} suggestedKey={newKey} />
          <MaintenancePanel serviceId={service.id} windows={detail.data?.maintenance ?? []} canManage={admin} onChanged={detail.reload} />
          <ServiceChangesPanel serviceId={service.id} />
          {admin ? (
            <DeleteButton
              what={`service ${service.name}`}
              consequence="The service, its integration keys and all its alerts are deleted. Monitors sending to its keys will be refused."
              onDelete={async () => {
                await api.deleteService(service.id);
                void navigate("/services", { replace: true });
              }}
            />
          ) : null}
        </div>
      ) : detail.loading ? (
        <p className="muted">Loading the service…</p>
      ) : null}
    </>
  );
}

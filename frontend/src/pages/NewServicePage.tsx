import { useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useApi } from "../api/ApiContext";
import { usePermissions } from "../auth/PermissionsContext";
import { ErrorNotice } from "../components/ErrorNotice";
import { PageHeader } from "../components/PageHeader";
import { ServiceForm } from "../components/services/ServiceForm";
import { useLoad, useLoadFor } from "../hooks/useLoad";
import { browserTimeZone } from "../lib/time";

/** NewServicePage creates a service for a team the viewer administers. */
export function NewServicePage() {
  const api = useApi();
  const permissions = usePermissions();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const teams = useLoad((signal) => api.teams(signal), [api]);
  const [chosen, setChosen] = useState(search.get("team") ?? "");
  const teamId = chosen || teams.data?.[0]?.id || "";
  const policies = useLoadFor(teamId, (id, signal) => (id ? api.policies({ teamId: id, signal }) : Promise.resolve([])), [api]);
  const admin = permissions.may("team.manage", teamId);

  return (
    <>
      <PageHeader title="New service">
        <Link to="/services">All services</Link>
      </PageHeader>
      <ErrorNotice error={teams.error ?? policies.error} onRetry={teams.reload} />
      {teams.data && teams.data.length === 0 ? <p className="empty">Create a team first: every service belongs to a team.</p> : null}
      {teams.data && teams.data.length > 0 ? (
        <section className="panel" aria-label="New service">
          <div className="form__field team-picker">
            <label htmlFor="service-team">Team</label>
            <select id="service-team" value={teamId} onChange={(e) => setChosen(e.target.value)}>
              {teams.data.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
            <p className="form__hint">The team that owns the service and is paged for its alerts.</p>
          </div>
          {permissions.ready && policies.data ? (
            admin ? (
              <ServiceForm
                key={teamId}
                teamId={teamId}
                policies={policies.data}
                readOnly={false}
                defaultTimeZone={browserTimeZone()}
                onReload={() => Promise.reject(new Error("nothing to reload"))}
                onSaved={(s) => void navigate(`/services/${encodeURIComponent(s.id)}`, { replace: true, state: { flash: "Service created. Add an integration key so monitors can reach it." } })}
              />
            ) : (
              <p className="notice notice--info">Only the team’s admins can create services for it.</p>
            )
          ) : (
            <p className="muted">Loading…</p>
          )}
        </section>
      ) : null}
    </>
  );
}

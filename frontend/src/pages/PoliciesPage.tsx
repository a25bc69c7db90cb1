import { Link } from "react-router";
import { useApi } from "../api/ApiContext";
import { ErrorNotice } from "../components/ErrorNotice";
import { PageHeader } from "../components/PageHeader";
import { PolicySummary } from "../components/policies/PolicySummary";
import { useLoad } from "../hooks/useLoad";

/** PoliciesPage lists every team's escalation policies with their steps. */
export function PoliciesPage() {
  const api = useApi();
  const policies = useLoad((signal) => api.policies({ signal }), [api]);
  const teams = useLoad((signal) => api.teams(signal), [api]);
  const schedules = useLoad((signal) => api.schedules({ signal }), [api]);
  const users = useLoad((signal) => api.users(signal), [api]);
  const scheduleById = new Map((schedules.data ?? []).map((s) => [s.id, s]));
  const userById = new Map((users.data ?? []).map((u) => [u.id, u]));
  const list = policies.data ?? [];

  return (
    <>
      <PageHeader title="Policies">
        <Link className="button button--primary button--small" to="/policies/new">
          New policy
        </Link>
      </PageHeader>
      <p className="page-lead muted">An escalation policy says whom a service’s alerts page, and when: ordered steps, each after a wait, repeated while nobody acknowledges.</p>
      <ErrorNotice error={policies.error ?? teams.error} onRetry={() => (policies.error ? policies.reload() : teams.reload())} />
      {policies.data && teams.data ? (
        list.length === 0 ? (
          <p className="empty">No escalation policies yet. Team admins create them here.</p>
        ) : (
          <div className="panel-stack">
            {teams.data
              .filter((t) => list.some((p) => p.team_id === t.id))
              .map((t) => (
                <section key={t.id} className="panel" aria-labelledby={`policies-team-${t.id}`}>
                  <h2 className="panel__title" id={`policies-team-${t.id}`}>
                    Team {t.name}
                  </h2>
                  <ul className="item-list">
                    {list
                      .filter((p) => p.team_id === t.id)
                      .map((p) => (
                        <li key={p.id} className="item-list__item item-list__item--top">
                          <div>
                            <Link to={`/policies/${encodeURIComponent(p.id)}`} className="item-list__title">
                              {p.name}
                            </Link>
                            <PolicySummary policy={p} schedules={scheduleById} users={userById} />
                          </div>
                        </li>
                      ))}
                  </ul>
                </section>
              ))}
          </div>
        )
      ) : policies.loading ? (
        <p className="muted">Loading policies…</p>
      ) : null}
    </>
  );
}

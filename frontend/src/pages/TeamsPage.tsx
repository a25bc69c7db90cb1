import { Link, useNavigate } from "react-router";
import { useApi } from "../api/ApiContext";
import { useCurrentUser } from "../auth/AuthContext";
import { ErrorNotice } from "../components/ErrorNotice";
import { PageHeader } from "../components/PageHeader";
import { CreateTeamForm } from "../components/teams/CreateTeamForm";
import { useLoad } from "../hooks/useLoad";

/** TeamsPage lists the organisation's teams; organisation admins create new ones here. */
export function TeamsPage() {
  const api = useApi();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const teams = useLoad((signal) => api.teams(signal), [api]);
  return (
    <>
      <PageHeader title="Teams" />
      <ErrorNotice error={teams.error} onRetry={teams.reload} />
      {teams.data ? (
        teams.data.length === 0 ? (
          <p className="empty">No teams yet.{me.is_admin ? " Create the first one below." : " An organisation admin can create one."}</p>
        ) : (
          <ul className="team-list">
            {teams.data.map((t) => (
              <li key={t.id}>
                <Link className="team-list__link" to={`/teams/${encodeURIComponent(t.id)}`}>
                  {t.name}
                </Link>
              </li>
            ))}
          </ul>
        )
      ) : teams.loading ? (
        <p className="muted">Loading teams…</p>
      ) : null}
      {me.is_admin ? <CreateTeamForm onCreated={(t) => void navigate(`/teams/${encodeURIComponent(t.id)}`)} /> : null}
    </>
  );
}

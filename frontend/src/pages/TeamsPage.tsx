import { Link, useNavigate } from "react-router";
import { useApi } from "../api/ApiContext";
import { usePermissions } from "../auth/PermissionsContext";
import { ErrorNotice } from "../components/ErrorNotice";
import { PageHeader } from "../components/PageHeader";
import { CreateTeamForm } from "../components/teams/CreateTeamForm";
import { useLoad } from "../hooks/useLoad";

/** TeamsPage lists the organisation's teams; organisation admins create new ones here. */
export function TeamsPage() {
  const api = useApi();
  const permissions = usePermissions();
  const mayCreate = permissions.mayOrg("org.manage");
  const navigate = useNavigate();
  const teams = useLoad((signal) => api.teams(signal), [api]);
  return (
    <>
      <PageHeader title="Teams" />
      <ErrorNotice error={teams.error} onRetry={teams.reload} />
      {teams.data ? (
        teams.data.length === 0 ? (
          <p className="empty">No teams yet.{mayCreate ? " Create the first one below." : " An organisation admin can create one."}</p>
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
      {mayCreate ? (
        <CreateTeamForm
          onCreated={async (t) => {
            // The new team is not in the permissions yet: ask again before showing it, so its admin controls are there.
            await permissions.reload();
            void navigate(`/teams/${encodeURIComponent(t.id)}`);
          }}
        />
      ) : null}
    </>
  );
}

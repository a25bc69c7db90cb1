import { Link, useParams } from "react-router";
import { useApi } from "../api/ApiContext";
import { useCurrentUser } from "../auth/AuthContext";
import { usePermissions } from "../auth/PermissionsContext";
import { ErrorNotice } from "../components/ErrorNotice";
import { PageHeader } from "../components/PageHeader";
import { AddMemberForm } from "../components/teams/AddMemberForm";
import { TeamMembersPanel } from "../components/teams/TeamMembersPanel";
import { TeamSchedulesPanel } from "../components/teams/TeamSchedulesPanel";
import { useLoad } from "../hooks/useLoad";

/** TeamPage shows one team: its members and its schedules. */
export function TeamPage() {
  const { teamId = "" } = useParams();
  const api = useApi();
  const me = useCurrentUser();
  const permissions = usePermissions();
  const team = useLoad((signal) => api.team(teamId, signal), [api, teamId]);
  const members = useLoad((signal) => api.teamMembers(teamId, signal), [api, teamId]);
  const schedules = useLoad((signal) => api.schedules({ teamId, signal }), [api, teamId]);
  const admin = permissions.may("team.manage", teamId);
  // Adding or removing someone, or changing a role, may change what the viewer may do (their own role, say).
  const membersChanged = () => {
    members.reload();
    void permissions.reload();
  };
  const users = useLoad((signal) => (admin ? api.users(signal) : Promise.resolve([])), [api, admin]);
  const memberIds = new Set((members.data ?? []).map((m) => m.user.id));

  return (
    <>
      <PageHeader title={team.data ? `Team ${team.data.name}` : "Team"}>
        <Link to="/teams">All teams</Link>
      </PageHeader>
      <ErrorNotice error={team.error} onRetry={team.reload} />
      <div className="panel-stack">
        <section className="panel" aria-labelledby="members-title">
          <h2 className="panel__title" id="members-title">
            Members
          </h2>
          <ErrorNotice error={members.error} onRetry={members.reload} />
          {members.data ? (
            <TeamMembersPanel teamId={teamId} members={members.data} meId={me.id} canManage={admin} onChanged={membersChanged} />
          ) : null}
          {admin && users.data ? (
            <AddMemberForm teamId={teamId} users={users.data.filter((u) => !memberIds.has(u.id))} onAdded={membersChanged} />
          ) : null}
        </section>
        <section className="panel" aria-labelledby="schedules-title">
          <h2 className="panel__title" id="schedules-title">
            Schedules
          </h2>
          <ErrorNotice error={schedules.error} onRetry={schedules.reload} />
          {schedules.data ? <TeamSchedulesPanel teamId={teamId} schedules={schedules.data} canEdit={admin} /> : null}
        </section>
      </div>
    </>
  );
}

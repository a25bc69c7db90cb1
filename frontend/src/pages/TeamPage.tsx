import { useState } from "react";
import { Link, useParams } from "react-router";
import { useApi } from "../api/ApiContext";
import type { OneTimePasswordResponse } from "../api/types";
import { useCurrentUser } from "../auth/AuthContext";
import { usePermissions } from "../auth/PermissionsContext";
import { ErrorNotice } from "../components/ErrorNotice";
import { PageHeader } from "../components/PageHeader";
import { AddMemberForm } from "../components/teams/AddMemberForm";
import { TeamMembersPanel } from "../components/teams/TeamMembersPanel";
import { TeamSchedulesPanel } from "../components/teams/TeamSchedulesPanel";
import { InviteForm } from "../components/users/InviteForm";
import { OneTimePasswordNotice } from "../components/users/OneTimePasswordNotice";
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
  const mayInvite = permissions.may("team.invite", teamId);
  const [invited, setInvited] = useState<OneTimePasswordResponse | null>(null);
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
        {mayInvite ? (
          <section className="panel" aria-labelledby="invite-title">
            <h2 className="panel__title" id="invite-title">
              Invite someone new
            </h2>
            <p className="muted">For someone without a Rota account yet: they join this team and get a one-time password to choose their own with.</p>
            {invited ? (
              <OneTimePasswordNotice user={invited.user} password={invited.one_time_password} what={`Invited ${invited.user.name} to the team as ${invited.role ?? "member"}.`} onDismiss={() => setInvited(null)} />
            ) : null}
            <InviteForm
              idPrefix="invite-member"
              label="Invite to the team"
              withPhone={permissions.mayOrg("org.manage")}
              withRole
              withAdmin={false}
              submit={(f) =>
                api.inviteMember(teamId, { name: f.name, email: f.email, discipline: f.discipline, time_zone: f.time_zone, role: f.role, ...(f.phone ? { phone: f.phone } : {}) })
              }
              onInvited={(res) => {
                setInvited(res);
                membersChanged();
              }}
            />
          </section>
        ) : null}
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

import { useState } from "react";
import { useApi } from "../api/ApiContext";
import type { OneTimePasswordResponse, User } from "../api/types";
import { useCurrentUser } from "../auth/AuthContext";
import { usePermissions } from "../auth/PermissionsContext";
import { DisciplineBadge } from "../components/DisciplineBadge";
import { ErrorNotice } from "../components/ErrorNotice";
import { PageHeader } from "../components/PageHeader";
import { InviteForm } from "../components/users/InviteForm";
import { OneTimePasswordNotice } from "../components/users/OneTimePasswordNotice";
import { useLoad } from "../hooks/useLoad";
import { errorMessage } from "../lib/errors";

/**
 * UsersPage lists everyone in the organisation. Organisation admins invite
 * people here (the invitation shows a one-time password once) and give
 * anyone a fresh one-time password when theirs is lost.
 */
export function UsersPage() {
  const api = useApi();
  const me = useCurrentUser();
  const permissions = usePermissions();
  const mayManage = permissions.mayOrg("org.manage");
  const users = useLoad((signal) => api.users(signal), [api]);
  const [issued, setIssued] = useState<{ res: OneTimePasswordResponse; what: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function reset(u: User) {
    setBusy(u.id);
    setError(null);
    try {
      const res = await api.resetPassword(u.id);
      setIssued({ res, what: `${u.name}'s password was reset: they are signed out everywhere and their API tokens are revoked.` });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      <PageHeader title="Users" />
      <ErrorNotice error={users.error} onRetry={users.reload} />
      {issued ? <OneTimePasswordNotice user={issued.res.user} password={issued.res.one_time_password} what={issued.what} onDismiss={() => setIssued(null)} /> : null}
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      {users.data ? (
        <section className="panel" aria-label="Users">
          <div className="table-scroll">
            <table className="table users-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Discipline</th>
                  <th scope="col">Time zone</th>
                  <th scope="col">Phone</th>
                  {mayManage ? (
                    <th scope="col">
                      <span className="sr-only">Actions</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {users.data.map((u) => (
                  <tr key={u.id} data-testid="user-row">
                    <td>
                      {u.name}
                      {u.id === me.id ? <span className="muted"> (you)</span> : null}
                      {u.is_admin ? <span className="signed-in-user__badge">admin</span> : null}
                    </td>
                    <td>{u.email}</td>
                    <td>
                      <DisciplineBadge discipline={u.discipline} />
                    </td>
                    <td>{u.time_zone}</td>
                    <td>{u.phone ? u.phone : u.has_phone ? <span className="muted">hidden</span> : <span className="muted">none</span>}</td>
                    {mayManage ? (
                      <td className="table__actions">
                        {u.id === me.id ? null : (
                          <button type="button" className="button button--quiet button--small" disabled={busy !== null} aria-label={`Reset the password of ${u.name}`} onClick={() => void reset(u)}>
                            {busy === u.id ? "Resetting…" : "Reset password"}
                          </button>
                        )}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : users.loading ? (
        <p className="muted">Loading users…</p>
      ) : null}
      {mayManage ? (
        <section className="panel" aria-labelledby="invite-user-title">
          <h2 className="panel__title" id="invite-user-title">
            Invite a user
          </h2>
          <p className="muted">They get a one-time password to sign in with once and choose their own. Add them to teams from the team’s page.</p>
          <InviteForm
            idPrefix="invite-user"
            label="Invite a user"
            withPhone
            withRole={false}
            withAdmin
            submit={(f) =>
              api.createUser({ name: f.name, email: f.email, discipline: f.discipline, time_zone: f.time_zone, is_admin: f.is_admin, ...(f.phone ? { phone: f.phone } : {}) })
            }
            onInvited={(res) => {
              setIssued({ res, what: `Invited ${res.user.name}.` });
              users.reload();
            }}
          />
        </section>
      ) : (
        <p className="muted">An organisation admin invites new users; a team admin can invite people to their team from the team’s page.</p>
      )}
    </>
  );
}

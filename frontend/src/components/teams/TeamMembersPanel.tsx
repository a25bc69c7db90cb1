import { useState } from "react";
import { useApi } from "../../api/ApiContext";
import type { TeamMember, TeamRole } from "../../api/types";
import { errorMessage } from "../../lib/errors";
import { DisciplineBadge } from "../DisciplineBadge";

/** TeamMembersPanel lists a team's members and roles; team admins change roles and remove members. */
export function TeamMembersPanel({
  teamId,
  members,
  meId,
  canManage,
  onChanged,
}: {
  teamId: string;
  members: TeamMember[];
  meId: string;
  canManage: boolean;
  onChanged: () => void;
}) {
  const api = useApi();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function setRole(m: TeamMember, role: TeamRole) {
    setBusy(m.user.id);
    setError(null);
    try {
      await api.setTeamMember(teamId, m.user.id, role);
      onChanged();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  }

  async function remove(m: TeamMember) {
    setBusy(m.user.id);
    setError(null);
    try {
      await api.removeTeamMember(teamId, m.user.id);
      onChanged();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      {error ? (
        <p className="form__error" role="alert">
          {error}
        </p>
      ) : null}
      {members.length === 0 ? (
        <p className="muted">No members yet.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Discipline</th>
              <th scope="col">Time zone</th>
              <th scope="col">Role</th>
              {canManage ? (
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.user.id}>
                <td>
                  {m.user.name}
                  {m.user.id === meId ? <span className="muted"> (you)</span> : null}
                </td>
                <td>{m.user.email}</td>
                <td>
                  <DisciplineBadge discipline={m.user.discipline} />
                </td>
                <td>{m.user.time_zone}</td>
                <td>
                  {canManage ? (
                    <select
                      className="table__select"
                      aria-label={`Role of ${m.user.name}`}
                      value={m.role}
                      disabled={busy !== null}
                      onChange={(e) => void setRole(m, e.target.value as TeamRole)}
                    >
                      <option value="member">member</option>
                      <option value="admin">admin</option>
                    </select>
                  ) : (
                    m.role
                  )}
                </td>
                {canManage ? (
                  <td className="table__actions">
                    <button type="button" className="button button--danger-quiet button--small" disabled={busy !== null} aria-label={`Remove ${m.user.name} from the team`} onClick={() => void remove(m)}>
                      {busy === m.user.id ? "Removing…" : "Remove"}
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

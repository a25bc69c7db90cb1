import { useState, type FormEvent } from "react";
import { useApi } from "../../api/ApiContext";
import type { TeamRole, User } from "../../api/types";
import { errorField, errorMessage } from "../../lib/errors";
import { FormField, invalidProps } from "../FormField";

/** AddMemberForm puts a user into the team with a role, or changes the role of a member. */
export function AddMemberForm({ teamId, users, onAdded }: { teamId: string; users: User[]; onAdded: () => void }) {
  const api = useApi();
  const [userId, setUserId] = useState("");
  const [role, setRole] = useState<TeamRole>("member");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const chosen = users.some((u) => u.id === userId) ? userId : (users[0]?.id ?? "");

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!chosen) return;
    setBusy(true);
    setError(null);
    try {
      await api.setTeamMember(teamId, chosen, role);
      setUserId("");
      onAdded();
    } catch (err) {
      setError({ field: errorField(err), message: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  }

  const roleError = error?.field === "role" ? error.message : undefined;
  const userError = error && error.field !== "role" ? error.message : undefined;
  return (
    <form className="form form--inline" onSubmit={(e) => void submit(e)} aria-label="Add member">
      <FormField id="add-member-user" label="Person" error={userError}>
        <select id="add-member-user" value={chosen} onChange={(e) => setUserId(e.target.value)} disabled={users.length === 0} {...invalidProps("add-member-user", userError)}>
          {users.length === 0 ? <option value="">Everyone is already a member</option> : null}
          {users.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name} · {u.email} ({u.discipline})
            </option>
          ))}
        </select>
      </FormField>
      <FormField id="add-member-role" label="Role" error={roleError}>
        <select id="add-member-role" value={role} onChange={(e) => setRole(e.target.value as TeamRole)} {...invalidProps("add-member-role", roleError)}>
          <option value="member">member</option>
          <option value="admin">admin</option>
        </select>
      </FormField>
      <button type="submit" className="button button--primary" disabled={busy || !chosen}>
        {busy ? "Adding…" : "Add member"}
      </button>
    </form>
  );
}

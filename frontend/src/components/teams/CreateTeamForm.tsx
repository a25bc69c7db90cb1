import { useState, type FormEvent } from "react";
import { useApi } from "../../api/ApiContext";
import type { Team } from "../../api/types";
import { errorMessage } from "../../lib/errors";
import { FormField, invalidProps } from "../FormField";

/** CreateTeamForm makes a new team (organisation admins). */
export function CreateTeamForm({ onCreated }: { onCreated: (t: Team) => void }) {
  const api = useApi();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      const team = await api.createTeam(name.trim());
      setName("");
      onCreated(team);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel form form--inline" onSubmit={(e) => void submit(e)} aria-label="Create team" noValidate>
      <FormField id="new-team-name" label="New team name" error={error} hint="Lower case letters, digits, dots, dashes and underscores, e.g. payments.">
        <input id="new-team-name" type="text" value={name} onChange={(e) => setName(e.target.value)} pattern="[a-z0-9][a-z0-9._-]{0,62}" required {...invalidProps("new-team-name", error)} />
      </FormField>
      <button type="submit" className="button button--primary" disabled={busy || name.trim() === ""}>
        {busy ? "Creating…" : "Create team"}
      </button>
    </form>
  );
}

import { useState, type FormEvent } from "react";
import { useApi } from "../../api/ApiContext";
import type { ApiToken, CreatedToken } from "../../api/types";
import { useLoad } from "../../hooks/useLoad";
import { formatInstant } from "../../lib/time";
import { NO_ERRORS, formErrors, type FormErrors } from "../../settings/formErrors";
import { ConfirmDialog } from "../ConfirmDialog";
import { ErrorNotice } from "../ErrorNotice";
import { FormField, invalidProps } from "../FormField";
import { NewTokenDialog } from "./NewTokenDialog";

/** TokenTable lists your tokens with when they were last used; active ones can be revoked. */
function TokenTable({ tokens, onRevoke }: { tokens: ApiToken[]; onRevoke: (t: ApiToken) => void }) {
  if (tokens.length === 0) return <p className="muted">No API tokens.</p>;
  return (
    <div className="table-scroll">
      <table className="table" data-testid="tokens-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">State</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((t) => (
            <tr key={t.id} data-testid="token-row">
              <td>{t.name}</td>
              <td>{t.created_at ? formatInstant(t.created_at) : "—"}</td>
              <td>{t.last_used_at ? formatInstant(t.last_used_at) : <span className="muted">never</span>}</td>
              <td>{t.revoked_at ? <span className="muted">revoked {formatInstant(t.revoked_at)}</span> : "active"}</td>
              <td className="table__actions">
                {t.revoked_at ? null : (
                  <button type="button" className="button button--danger-quiet button--small" aria-label={`Revoke ${t.name}`} onClick={() => onRevoke(t)}>
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** ApiTokensPanel creates API tokens (the secret is shown once), lists them and revokes them. */
export function ApiTokensPanel() {
  const api = useApi();
  const list = useLoad((signal) => api.tokens(signal), [api]);
  const [name, setName] = useState("");
  const [errors, setErrors] = useState<FormErrors<"name">>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);

  async function create(e: FormEvent) {
    e.preventDefault();
    setErrors(NO_ERRORS);
    setBusy(true);
    try {
      const res = await api.createToken(name.trim());
      setCreated(res);
      setName("");
      list.reload();
    } catch (err) {
      const placed = formErrors(err, ["name"] as const);
      setErrors(placed);
      if (placed.fields.name) document.getElementById("token-name")?.focus();
    } finally {
      setBusy(false);
    }
  }

  async function revoke(t: ApiToken) {
    await api.revokeToken(t.id);
    setRevoking(null);
    list.reload();
  }

  return (
    <section className="panel" aria-labelledby="tokens-title">
      <h2 className="panel__title" id="tokens-title">
        API tokens
      </h2>
      <p className="muted">For scripts and the command line: a token acts as you.</p>
      <ErrorNotice error={list.error} onRetry={list.reload} />
      {list.data ? <TokenTable tokens={list.data} onRevoke={setRevoking} /> : list.loading ? <p className="muted">Loading tokens…</p> : null}
      <form className="form form--inline" aria-label="New API token" onSubmit={(e) => void create(e)} noValidate>
        <FormField id="token-name" label="Token name" error={errors.fields.name}>
          <input id="token-name" type="text" value={name} maxLength={100} placeholder="e.g. deploy pipeline" onChange={(e) => setName(e.target.value)} {...invalidProps("token-name", errors.fields.name)} />
        </FormField>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? "Creating…" : "Create token"}
        </button>
      </form>
      {errors.form ? (
        <p className="form__error" role="alert">
          {errors.form}
        </p>
      ) : null}
      {revoking ? (
        <ConfirmDialog title={`Revoke ${revoking.name}?`} confirm="Revoke" onConfirm={() => revoke(revoking)} onClose={() => setRevoking(null)}>
          {"Anything using this token is refused from now on. This cannot be undone; create a new token to replace it."}
        </ConfirmDialog>
      ) : null}
      {created ? <NewTokenDialog created={created} onClose={() => setCreated(null)} /> : null}
    </section>
  );
}

import { useState, type FormEvent } from "react";
import { useApi } from "../../api/ApiContext";
import type { CreatedIntegration, Integration, IntegrationType } from "../../api/types";
import { useLoad } from "../../hooks/useLoad";
import { errorField, errorMessage } from "../../lib/errors";
import { formatInstant } from "../../lib/time";
import { ConfirmDialog } from "../ConfirmDialog";
import { ErrorNotice } from "../ErrorNotice";
import { FormField, invalidProps } from "../FormField";
import { IntegrationKeyDialog } from "./IntegrationKeyDialog";

const TYPES: readonly { value: IntegrationType; label: string }[] = [
  { value: "generic", label: "Generic JSON webhook" },
  { value: "alertmanager", label: "Prometheus Alertmanager" },
  { value: "pagerduty", label: "PagerDuty Events API v2" },
];

function typeLabel(t: string): string {
  return TYPES.find((x) => x.value === t)?.label ?? t;
}

/** IntegrationList shows a service's keys by prefix, type and age, with Revoke for the active ones. */
function IntegrationList({ items, canManage, busy, onRevoke }: { items: Integration[]; canManage: boolean; busy: string | null; onRevoke: (i: Integration) => void }) {
  if (items.length === 0) return <p className="muted">No integration keys yet: monitors cannot send this service alerts.</p>;
  return (
    <table className="table" data-testid="integrations-table">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Type</th>
          <th scope="col">Key</th>
          <th scope="col">Created</th>
          <th scope="col">State</th>
          {canManage ? (
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody>
        {items.map((i) => (
          <tr key={i.id}>
            <td>{i.name}</td>
            <td>{typeLabel(i.type)}</td>
            <td>
              <code className="code-inline">{i.prefix}…</code>
            </td>
            <td>{i.created_at ? formatInstant(i.created_at) : "—"}</td>
            <td>{i.revoked_at ? <span className="muted">revoked {formatInstant(i.revoked_at)}</span> : "active"}</td>
            {canManage ? (
              <td className="table__actions">
                {i.revoked_at ? null : (
                  <button type="button" className="button button--danger-quiet button--small" disabled={busy !== null} aria-label={`Revoke ${i.name}`} onClick={() => onRevoke(i)}>
                    Revoke
                  </button>
                )}
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * IntegrationsPanel lists a service's integration keys and, for team
 * admins, creates new ones (shown once in a dialog) and revokes old ones.
 */
export function IntegrationsPanel({ serviceId, canManage, onCreated }: { serviceId: string; canManage: boolean; onCreated: (c: CreatedIntegration) => void }) {
  const api = useApi();
  const list = useLoad((signal) => api.integrations(serviceId, signal), [api, serviceId]);
  const [name, setName] = useState("");
  const [type, setType] = useState<IntegrationType>("generic");
  const [errors, setErrors] = useState<{ name?: string; type?: string; form?: string }>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedIntegration | null>(null);
  const [revoking, setRevoking] = useState<Integration | null>(null);

  async function create(e: FormEvent) {
    e.preventDefault();
    setErrors({});
    setBusy("create");
    try {
      const res = await api.createIntegration(serviceId, { name: name.trim(), type });
      setCreated(res);
      setName("");
      onCreated(res);
      list.reload();
    } catch (err) {
      const f = errorField(err);
      setErrors(f === "name" || f === "type" ? { [f]: errorMessage(err) } : { form: errorMessage(err) });
    } finally {
      setBusy(null);
    }
  }

  async function revoke(i: Integration) {
    await api.revokeIntegration(serviceId, i.id);
    setRevoking(null);
    list.reload();
  }

  return (
    <section className="panel" aria-labelledby="integrations-title">
      <h2 className="panel__title" id="integrations-title">
        Integration keys
      </h2>
      <ErrorNotice error={list.error} onRetry={list.reload} />
      {errors.form ? (
        <p className="form__error" role="alert">
          {errors.form}
        </p>
      ) : null}
      {list.data ? <IntegrationList items={list.data} canManage={canManage} busy={busy} onRevoke={setRevoking} /> : null}
      {canManage ? (
        <form className="form form--inline" aria-label="New integration key" onSubmit={(e) => void create(e)} noValidate>
          <FormField id="integration-name" label="Key name" error={errors.name}>
            <input id="integration-name" type="text" value={name} maxLength={100} placeholder="e.g. prometheus" onChange={(e) => setName(e.target.value)} {...invalidProps("integration-name", errors.name)} />
          </FormField>
          <FormField id="integration-type" label="Type" error={errors.type}>
            <select id="integration-type" value={type} onChange={(e) => setType(e.target.value as IntegrationType)} {...invalidProps("integration-type", errors.type)}>
              {TYPES.map((t) => (
                <option key={t.value} value={t.value}>
                  {t.label}
                </option>
              ))}
            </select>
          </FormField>
          <button type="submit" className="button button--primary" disabled={busy !== null}>
            {busy === "create" ? "Creating…" : "Create key"}
          </button>
        </form>
      ) : null}
      {revoking ? (
        <ConfirmDialog title={`Revoke ${revoking.name}?`} confirm="Revoke" onConfirm={() => revoke(revoking)} onClose={() => setRevoking(null)}>
          {`Monitors sending with the key ${revoking.prefix}… will be refused from now on. This cannot be undone; create a new key to replace it.`}
        </ConfirmDialog>
      ) : null}
      {created ? <IntegrationKeyDialog created={created} onClose={() => setCreated(null)} /> : null}
    </section>
  );
}

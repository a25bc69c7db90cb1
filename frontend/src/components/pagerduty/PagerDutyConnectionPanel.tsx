import { useState, type FormEvent } from "react";
import { useApi } from "../../api/ApiContext";
import type { PagerDutyConnection } from "../../api/pagerduty";
import { formatInstant } from "../../lib/time";
import { NO_ERRORS, formErrors, type FormErrors } from "../../settings/formErrors";
import { connectionText } from "../../settings/pagerduty";
import { ConfirmDialog } from "../ConfirmDialog";
import { FormField, invalidProps } from "../FormField";

/**
 * PagerDutyConnectionPanel connects Rota to PagerDuty with a REST API token
 * (checked with PagerDuty, stored by the server and never shown again), or
 * forgets it.
 */
export function PagerDutyConnectionPanel({ connection, onChanged }: { connection: PagerDutyConnection; onChanged: () => void }) {
  const api = useApi();
  const [token, setToken] = useState("");
  const [errors, setErrors] = useState<FormErrors<"token">>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [confirming, setConfirming] = useState(false);

  async function connect(e: FormEvent) {
    e.preventDefault();
    setErrors(NO_ERRORS);
    setSaved(false);
    setBusy(true);
    try {
      await api.connectPagerDuty(token.trim());
      setToken("");
      setSaved(true);
      onChanged();
    } catch (err) {
      const placed = formErrors(err, ["token"] as const);
      setErrors(placed);
      if (placed.fields.token) document.getElementById("pd-token")?.focus();
    } finally {
      setBusy(false);
    }
  }

  async function disconnect() {
    await api.disconnectPagerDuty();
    setConfirming(false);
    setSaved(false);
    onChanged();
  }

  return (
    <section className="panel" aria-labelledby="pd-connection-title">
      <h2 className="panel__title" id="pd-connection-title">
        Connection
      </h2>
      <p data-testid="pd-connection">{connectionText(connection)}</p>
      {connection.source === "settings" && connection.connected_at ? (
        <p className="muted">Connected {formatInstant(connection.connected_at)}.</p>
      ) : null}
      <p className="muted">PagerDuty REST API at {connection.api_url}.</p>
      {saved ? (
        <p className="notice notice--success" role="status">
          PagerDuty accepted the token; it is stored.
        </p>
      ) : null}
      <form className="form form--inline" aria-label="Connect PagerDuty" onSubmit={(e) => void connect(e)} noValidate>
        <FormField
          id="pd-token"
          label="REST API token"
          error={errors.fields.token}
          hint="A PagerDuty REST API key with read access (write access to schedules for mirroring). Rota checks it with PagerDuty and never shows it again."
        >
          <input
            id="pd-token"
            type="password"
            autoComplete="off"
            value={token}
            maxLength={200}
            onChange={(e) => setToken(e.target.value)}
            {...invalidProps("pd-token", errors.fields.token)}
          />
        </FormField>
        <button type="submit" className="button button--primary" disabled={busy || token.trim() === ""}>
          {busy ? "Checking…" : connection.stored ? "Replace token" : "Connect"}
        </button>
        {connection.stored ? (
          <button type="button" className="button button--danger-quiet" onClick={() => setConfirming(true)}>
            Disconnect
          </button>
        ) : null}
      </form>
      {errors.form ? (
        <p className="form__error" role="alert">
          {errors.form}
        </p>
      ) : null}
      {confirming ? (
        <ConfirmDialog title="Disconnect PagerDuty?" confirm="Disconnect" onConfirm={disconnect} onClose={() => setConfirming(false)}>
          {"Rota forgets the stored token. What was imported stays; imports and mirroring stop until PagerDuty is connected again."}
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

import { useState } from "react";
import { Link } from "react-router";
import { useApi } from "../../api/ApiContext";
import type { Alert } from "../../api/types";
import { alertActions, alertAge } from "../../alerts/display";
import { useCurrentUser } from "../../auth/AuthContext";
import { usePermissions } from "../../auth/PermissionsContext";
import { myAlerts, pagedSummary } from "../../oncall/mine";
import { errorMessage } from "../../lib/errors";
import { AlertStatusBadge } from "../alerts/AlertBadges";
import { ErrorNotice } from "../ErrorNotice";

/**
 * MyAlertsPanel lists the open alerts that concern the viewer — those they
 * were paged for and their teams' — with Acknowledge on the triggered ones.
 */
export function MyAlertsPanel({ alerts, error, now, onRetry, onChanged }: { alerts: readonly Alert[] | undefined; error: unknown; now: Date; onRetry: () => void; onChanged: () => void }) {
  const api = useApi();
  const me = useCurrentUser();
  const permissions = usePermissions();
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const mine = alerts ? myAlerts(alerts, me.id, (t) => permissions.isMember(t)) : undefined;

  async function ack(a: Alert) {
    setBusy(a.id);
    setMessage(null);
    try {
      const res = await api.ackAlert(a.id);
      setMessage({ ok: true, text: res.shadow_ack ? `Acknowledged as shadow — escalation continues: “${a.summary}”.` : `Acknowledged “${a.summary}”.` });
      onChanged();
    } catch (err) {
      setMessage({ ok: false, text: errorMessage(err) });
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="panel my-alerts" aria-labelledby="my-alerts-title">
      <h2 className="panel__title" id="my-alerts-title">
        Open alerts for you and your teams
      </h2>
      <ErrorNotice error={error} onRetry={onRetry} />
      {message ? (
        <p className={`notice ${message.ok ? "notice--success" : "notice--error"}`} role={message.ok ? "status" : "alert"}>
          {message.text}
        </p>
      ) : null}
      {mine === undefined ? (
        error ? null : <p className="muted">Loading alerts…</p>
      ) : mine.length === 0 ? (
        <p className="muted">No open alerts for you or your teams. All quiet.</p>
      ) : (
        <ul className="my-alerts__list">
          {mine.map((a) => {
            const pagedMe = (a.paged ?? []).some((p) => p.user_id === me.id);
            const paged = pagedSummary(a);
            return (
              <li key={a.id} className="my-alerts__item" data-testid="my-alert">
                <div className="my-alerts__what">
                  <AlertStatusBadge status={a.status} />{" "}
                  <Link className="my-alerts__summary" to={`/alerts/${encodeURIComponent(a.id)}`}>
                    {a.summary || "(no summary)"}
                  </Link>
                  <span className="muted my-alerts__meta">
                    {a.service_name || `service ${a.service_id}`} · {alertAge(a.created_at, now)}
                    {paged ? ` · paged ${paged}` : ""}
                    {pagedMe ? <strong className="my-alerts__you"> · paged you</strong> : null}
                  </span>
                </div>
                {alertActions(a).ack ? (
                  <button type="button" className="button button--primary button--small" disabled={busy !== null} aria-label={`Acknowledge ${a.summary}`} onClick={() => void ack(a)}>
                    {busy === a.id ? "Acknowledging…" : "Acknowledge"}
                  </button>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

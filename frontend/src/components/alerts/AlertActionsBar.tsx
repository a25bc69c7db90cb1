import { useState } from "react";
import { useApi } from "../../api/ApiContext";
import type { Alert, AlertActionResult } from "../../api/types";
import { alertActions } from "../../alerts/display";
import { errorMessage } from "../../lib/errors";

type Action = "ack" | "resolve" | "escalate";

const DONE: Record<Action, string> = {
  ack: "Acknowledged: escalation stopped.",
  resolve: "Resolved.",
  escalate: "Escalated: the next step fires now.",
};

/**
 * AlertActionsBar acknowledges, resolves or escalates an alert now; buttons
 * that do not apply to its status are disabled. A shadow's acknowledgement
 * is said to leave escalation running.
 */
export function AlertActionsBar({ alert, onDone }: { alert: Alert; onDone: (a: Alert) => void }) {
  const api = useApi();
  const [busy, setBusy] = useState<Action | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const can = alertActions(alert);

  async function run(action: Action) {
    setBusy(action);
    setMessage(null);
    try {
      let res: AlertActionResult;
      if (action === "ack") res = await api.ackAlert(alert.id);
      else if (action === "resolve") res = await api.resolveAlert(alert.id);
      else res = await api.escalateAlert(alert.id);
      setMessage({ ok: true, text: res.shadow_ack ? "Acknowledged as shadow — escalation continues." : DONE[action] });
      onDone(res.alert);
    } catch (err) {
      setMessage({ ok: false, text: errorMessage(err) });
    } finally {
      setBusy(null);
    }
  }

  if (alert.status === "resolved") {
    // Nothing is left to do to a resolved alert: no greyed-out buttons.
    return (
      <div className="alert-actions">
        <p className="muted alert-actions__done" data-testid="alert-resolved-note">
          Resolved — nothing left to do. Notes can still be added below.
        </p>
        {message ? (
          <p className={`notice ${message.ok ? "notice--success" : "notice--error"}`} role={message.ok ? "status" : "alert"} data-testid="alert-action-message">
            {message.text}
          </p>
        ) : null}
      </div>
    );
  }

  return (
    <div className="alert-actions">
      <div className="alert-actions__buttons" role="group" aria-label="Alert actions">
        <button type="button" className="button button--primary" disabled={!can.ack || busy !== null} onClick={() => void run("ack")}>
          {busy === "ack" ? "Acknowledging…" : "Acknowledge"}
        </button>
        <button type="button" className="button button--quiet" disabled={!can.resolve || busy !== null} onClick={() => void run("resolve")}>
          {busy === "resolve" ? "Resolving…" : "Resolve"}
        </button>
        <button type="button" className="button button--quiet" disabled={!can.escalate || busy !== null} onClick={() => void run("escalate")}>
          {busy === "escalate" ? "Escalating…" : "Escalate now"}
        </button>
      </div>
      {message ? (
        <p className={`notice ${message.ok ? "notice--success" : "notice--error"}`} role={message.ok ? "status" : "alert"} data-testid="alert-action-message">
          {message.text}
        </p>
      ) : null}
    </div>
  );
}

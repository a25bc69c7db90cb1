import { useState } from "react";
import { useApi } from "../../api/ApiContext";
import type { Incident, IncidentDetail } from "../../api/types";
import { moveButtons, type Move } from "../../incidents/display";
import { errorMessage } from "../../lib/errors";

const DONE: Record<Move, string> = { acknowledge: "Acknowledged.", mitigate: "Mitigated.", resolve: "Resolved." };

/**
 * IncidentStatusBar moves an incident forward: acknowledge, mitigate,
 * resolve. A move to a status reached or passed is disabled; incidents
 * never go back, and the server refuses it anyway.
 */
export function IncidentStatusBar({ incident, onDone }: { incident: Incident; onDone: (d: IncidentDetail) => void }) {
  const api = useApi();
  const [busy, setBusy] = useState<Move | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function run(move: Move) {
    setBusy(move);
    setMessage(null);
    try {
      const d = await api.moveIncident(incident.id, move);
      setMessage({ ok: true, text: DONE[move] });
      onDone(d);
    } catch (err) {
      setMessage({ ok: false, text: errorMessage(err) });
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="alert-actions">
      <div className="alert-actions__buttons" role="group" aria-label="Incident status">
        {moveButtons(incident.status).map((b, i) => (
          <button
            key={b.move}
            type="button"
            className={i === 0 && b.enabled ? "button button--primary" : "button button--quiet"}
            disabled={!b.enabled || busy !== null}
            onClick={() => void run(b.move)}
          >
            {busy === b.move ? `${b.label}…` : b.label}
          </button>
        ))}
      </div>
      {message ? (
        <p className={`notice ${message.ok ? "notice--success" : "notice--error"}`} role={message.ok ? "status" : "alert"} data-testid="incident-action-message">
          {message.text}
        </p>
      ) : null}
    </div>
  );
}

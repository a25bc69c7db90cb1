import { useState } from "react";
import { useApi } from "../../api/ApiContext";
import type { Override } from "../../api/types";
import { errorMessage } from "../../lib/errors";
import { formatRange } from "../../lib/time";
import { TierBadge } from "../TierBadge";

/** OverridesList shows the overrides in view; those the viewer may remove get a Delete button. */
export function OverridesList({
  scheduleId,
  overrides,
  timeZone,
  nameOf,
  canDelete,
  onDeleted,
}: {
  scheduleId: string;
  overrides: Override[];
  timeZone: string;
  nameOf: (userId: string) => string;
  canDelete: (o: Override) => boolean;
  onDeleted: () => void;
}) {
  const api = useApi();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function remove(o: Override) {
    setBusy(o.id);
    setError(null);
    try {
      await api.deleteOverride(scheduleId, o.id);
      onDeleted();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="panel" aria-labelledby="overrides-title">
      <h2 className="panel__title" id="overrides-title">
        Overrides
      </h2>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {overrides.length === 0 ? (
        <p className="muted">No overrides in this range. Select a range on the calendar to create one.</p>
      ) : (
        <ul className="item-list">
          {overrides.map((o) => (
            <li key={o.id} className="item-list__item" data-testid="override">
              <span>
                <strong>{nameOf(o.user_id)}</strong> <TierBadge tier={o.tier} /> {formatRange(o.start, o.end, { timeZone })}
                {o.note ? <span className="muted"> · {o.note}</span> : null}
              </span>
              {canDelete(o) ? (
                <button
                  type="button"
                  className="button button--danger-quiet button--small"
                  disabled={busy !== null}
                  aria-label={`Delete override for ${nameOf(o.user_id)}, ${formatRange(o.start, o.end, { timeZone })}`}
                  onClick={() => void remove(o)}
                >
                  {busy === o.id ? "Deleting…" : "Delete"}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

import { useState } from "react";
import { useApi } from "../../api/ApiContext";
import type { Swap } from "../../api/types";
import { errorMessage } from "../../lib/errors";
import { formatRange } from "../../lib/time";
import { TierBadge } from "../TierBadge";

export interface SwapListProps {
  swaps: Swap[];
  meId: string;
  /** nameOf gives a user's name for an id. */
  nameOf: (userId: string) => string;
  /** scheduleName, when given, names each swap's schedule (lists across schedules). */
  scheduleName?: (scheduleId: string) => string;
  /** timeZone shows times in that zone; the viewer's own when absent. */
  timeZone?: string;
  /** onChanged runs after a swap was accepted, declined or cancelled. */
  onChanged: (swap: Swap) => void;
  empty: string;
}

/** SwapList shows pending swap requests with the actions open to the viewer. */
export function SwapList({ swaps, empty, ...rest }: SwapListProps) {
  if (swaps.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul className="swap-list">
      {swaps.map((s) => (
        <SwapItem key={s.id} swap={s} {...rest} />
      ))}
    </ul>
  );
}

type Action = "accept" | "decline" | "cancel";

function SwapItem({ swap, meId, nameOf, scheduleName, timeZone, onChanged }: Omit<SwapListProps, "swaps" | "empty"> & { swap: Swap }) {
  const api = useApi();
  const [busy, setBusy] = useState<Action | null>(null);
  const [error, setError] = useState<string | null>(null);
  const askedOfMe = swap.target_id === meId;
  const mine = swap.requester_id === meId;
  const requester = mine ? "You" : nameOf(swap.requester_id);
  const target = askedOfMe ? "you" : nameOf(swap.target_id);

  async function act(action: Action) {
    setBusy(action);
    setError(null);
    try {
      const done =
        action === "accept"
          ? await api.acceptSwap(swap.id)
          : action === "decline"
            ? await api.declineSwap(swap.id)
            : await api.cancelSwap(swap.id);
      onChanged(done);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  }

  return (
    <li className="swap-list__item" data-testid="swap">
      <div className="swap-list__text">
        <p className="swap-list__who">
          {swap.kind === "take" ? (
            <>
              <strong>{requester}</strong> {mine ? "asked" : "asks"} <strong>{target}</strong> for {askedOfMe ? "your" : "their"} <TierBadge tier={swap.tier} />{" "}
              shift
            </>
          ) : (
            <>
              <strong>{requester}</strong> {mine ? "asked" : "asks"} <strong>{target}</strong> to take <TierBadge tier={swap.tier} />
            </>
          )}
          {scheduleName ? <span className="muted"> on {scheduleName(swap.schedule_id)}</span> : null}
        </p>
        <p className="swap-list__when">{formatRange(swap.start, swap.end, timeZone ? { timeZone } : {})}</p>
        {swap.message ? <p className="swap-list__message">“{swap.message}”</p> : null}
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
      </div>
      <div className="swap-list__actions">
        {askedOfMe ? (
          <>
            <button type="button" className="button button--primary button--small" disabled={busy !== null} onClick={() => void act("accept")}>
              {busy === "accept" ? "Accepting…" : "Accept"}
            </button>
            <button type="button" className="button button--quiet button--small" disabled={busy !== null} onClick={() => void act("decline")}>
              {busy === "decline" ? "Declining…" : "Decline"}
            </button>
          </>
        ) : null}
        {mine ? (
          <button type="button" className="button button--quiet button--small" disabled={busy !== null} onClick={() => void act("cancel")}>
            {busy === "cancel" ? "Cancelling…" : "Cancel request"}
          </button>
        ) : null}
      </div>
    </li>
  );
}

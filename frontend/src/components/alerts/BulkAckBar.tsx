/** BulkAckBar says how many alerts are selected and acknowledges them together. */
export function BulkAckBar({ count, busy, onAck, onClear }: { count: number; busy: boolean; onAck: () => void; onClear: () => void }) {
  return (
    <div className="bulk-bar" role="group" aria-label="Selected alerts">
      <span aria-live="polite">{count === 0 ? "Select triggered alerts to acknowledge them together." : `${count} selected`}</span>
      <button type="button" className="button button--primary button--small" disabled={count === 0 || busy} onClick={onAck}>
        {busy ? "Acknowledging…" : "Acknowledge selected"}
      </button>
      {count > 0 ? (
        <button type="button" className="button button--quiet button--small" onClick={onClear} disabled={busy}>
          Clear selection
        </button>
      ) : null}
    </div>
  );
}

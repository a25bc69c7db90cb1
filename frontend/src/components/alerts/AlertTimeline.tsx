import type { TimelineEntry } from "../../api/types";
import { timelineRows } from "../../alerts/timeline";
import { formatInstant } from "../../lib/time";

/** AlertTimeline lists what happened to an alert, oldest first: kind, message, who and when. */
export function AlertTimeline({ entries, userNames }: { entries: readonly TimelineEntry[]; userNames: ReadonlyMap<string, string> }) {
  const rows = timelineRows(entries, userNames);
  if (rows.length === 0) return <p className="muted">Nothing has happened yet.</p>;
  return (
    <ol className="timeline" aria-label="Timeline">
      {rows.map((r) => (
        <li key={r.id} className="timeline__item" data-testid="timeline-entry" data-kind={r.kind}>
          <span className={`timeline__icon timeline__icon--${r.tone}`} aria-hidden="true">
            {r.icon}
          </span>
          <div className="timeline__body">
            <p className="timeline__head">
              <strong className="timeline__kind">{r.label}</strong>
              <time className="timeline__time muted" dateTime={r.at}>
                {formatInstant(r.at)}
              </time>
            </p>
            <p className="timeline__message">
              {r.message}
              {r.actor ? <span className="muted"> · {r.actor}</span> : null}
            </p>
          </div>
        </li>
      ))}
    </ol>
  );
}

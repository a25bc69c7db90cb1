import type { IncidentEntry } from "../../api/types";
import { incidentTimelineRows } from "../../incidents/display";
import { formatInstant } from "../../lib/time";

/**
 * IncidentTimeline lists what happened, in time order: what Rota wrote
 * (alerts, pages, acknowledgements, escalations, status changes, deploys)
 * and the notes people added. Nothing is edited; a correction is a later
 * note that names the entry, and both say so.
 */
export function IncidentTimeline({ entries, onCorrect }: { entries: readonly IncidentEntry[]; onCorrect?: (seq: number) => void }) {
  const rows = incidentTimelineRows(entries);
  if (rows.length === 0) return <p className="muted">Nothing has happened yet.</p>;
  return (
    <ol className="timeline" aria-label="Incident timeline">
      {rows.map((r) => (
        <li
          key={r.seq}
          id={`entry-${r.seq}`}
          className={r.human ? "timeline__item timeline__item--note" : "timeline__item"}
          data-testid="incident-entry"
          data-kind={r.kind}
          data-seq={r.seq}
        >
          <span className={`timeline__icon timeline__icon--${r.tone}`} aria-hidden="true">
            {r.human ? "✎" : "•"}
          </span>
          <div className="timeline__body">
            <p className="timeline__head">
              <strong className="timeline__kind">{r.label}</strong>
              <span className="muted"> #{r.seq}</span>
              <time className="timeline__time muted" dateTime={r.at}>
                {formatInstant(r.at)}
              </time>
              {onCorrect ? (
                <button type="button" className="link-button timeline__correct" onClick={() => onCorrect(r.seq)} aria-label={`Correct entry #${r.seq}`}>
                  correct
                </button>
              ) : null}
            </p>
            <p className="timeline__message">
              {r.corrects ? (
                <>
                  <a href={`#entry-${r.corrects}`}>Corrects #{r.corrects}</a>:{" "}
                </>
              ) : null}
              {r.text}
              {r.human && r.by ? <span className="muted"> · by {r.by}</span> : null}
            </p>
            {r.correctedBy.length > 0 ? (
              <p className="timeline__message muted" data-testid="corrected-by">
                Corrected by {r.correctedBy.map((s) => `#${s}`).join(", ")}
              </p>
            ) : null}
          </div>
        </li>
      ))}
    </ol>
  );
}

import type { Change } from "../../api/types";
import { formatSeconds } from "../../incidents/display";
import { formatInstant } from "../../lib/time";

/** ChangeList lists change events (deploys), in the order given: newest first. */
export function ChangeList({ changes, empty, label }: { changes: readonly Change[]; empty: string; label: string }) {
  if (changes.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul className="item-list change-list" aria-label={label}>
      {changes.map((c) => (
        <li key={c.id} className="item-list__item" data-testid="change">
          <div>
            <p className="item-list__title">{c.summary}</p>
            <p className="muted">
              <time dateTime={c.timestamp}>{formatInstant(c.timestamp)}</time>
              {c.service_name ? ` · ${c.service_name}` : ""}
              {c.source ? ` · ${c.source}` : ""}
              {c.lead_time_seconds !== null && c.lead_time_seconds !== undefined ? ` · lead time ${formatSeconds(c.lead_time_seconds)}` : ""}
            </p>
            {c.links.length > 0 ? (
              <p className="inline-list">
                {c.links.map((l) => (
                  <a key={l.href} href={l.href} target="_blank" rel="noreferrer noopener">
                    {l.text || l.href}
                  </a>
                ))}
              </p>
            ) : null}
          </div>
        </li>
      ))}
    </ul>
  );
}

/** SuspectChanges lists the deploys to an incident's services in the 24 hours before it started, newest first. */
export function SuspectChanges({ changes }: { changes: readonly Change[] }) {
  return <ChangeList changes={changes} label="Suspect changes" empty="No deploys to these services in the 24 hours before the incident started." />;
}

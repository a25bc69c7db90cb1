import type { ReactNode } from "react";
import type { Alert } from "../../api/types";
import { countLabel, stepLabel } from "../../alerts/display";
import { formatInstant } from "../../lib/time";
import { AlertFlags, AlertStatusBadge, UrgencyBadge } from "./AlertBadges";

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="facts__item">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function When({ at, by }: { at: string | null | undefined; by?: string | undefined }) {
  if (!at) return <span className="muted">—</span>;
  return (
    <>
      <time dateTime={at}>{formatInstant(at)}</time>
      {by ? <span className="muted"> by {by}</span> : null}
    </>
  );
}

/**
 * AlertFacts lists what is known about an alert: where it came from, how
 * loud it is, its dedup key and the times it moved.
 */
export function AlertFacts({ alert, teamName, userName }: { alert: Alert; teamName: string | undefined; userName: (id: string) => string }) {
  const open = alert.status !== "resolved";
  return (
    <dl className="facts" data-testid="alert-facts">
      <Fact term="Status">
        <AlertStatusBadge status={alert.status} /> <AlertFlags alert={alert} />
      </Fact>
      <Fact term="Urgency">
        <UrgencyBadge urgency={alert.urgency} />
      </Fact>
      <Fact term="Severity">{alert.severity || "—"}</Fact>
      <Fact term="Service">
        {alert.service_name || `service ${alert.service_id}`}
        {teamName ? <span className="muted"> · team {teamName}</span> : null}
      </Fact>
      <Fact term="Source">{alert.source || <span className="muted">—</span>}</Fact>
      <Fact term="Dedup key">
        <code className="code-inline">{alert.dedup_key}</code>
      </Fact>
      <Fact term="Events">{countLabel(alert.count) || "1"}</Fact>
      <Fact term="Triggered">
        <When at={alert.created_at} />
      </Fact>
      <Fact term="Last seen">
        <When at={alert.last_seen_at} />
      </Fact>
      <Fact term="Acknowledged">
        <When at={alert.acked_at} by={alert.acked_by ? userName(alert.acked_by) : undefined} />
      </Fact>
      <Fact term="Resolved">
        <When at={alert.resolved_at} by={alert.resolved_by ? userName(alert.resolved_by) : undefined} />
      </Fact>
      {alert.held_until ? (
        <Fact term="Held until">
          <When at={alert.held_until} />
        </Fact>
      ) : null}
      {open && alert.next_step_at ? (
        <Fact term="Next escalation">
          <When at={alert.next_step_at} /> <span className="muted">({stepLabel(alert.step, alert.loop)})</span>
        </Fact>
      ) : null}
    </dl>
  );
}

/** AlertLabels shows an alert's labels as key=value chips. */
export function AlertLabels({ labels }: { labels: Record<string, string> | undefined }) {
  const entries = Object.entries(labels ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <p className="muted">No labels.</p>;
  return (
    <ul className="label-chips" aria-label="Labels">
      {entries.map(([k, v]) => (
        <li key={k} className="label-chip">
          <span className="label-chip__key">{k}</span>=<span className="label-chip__value">{v}</span>
        </li>
      ))}
    </ul>
  );
}

/** AlertDetails shows the monitor's details as indented JSON. */
export function AlertDetails({ details }: { details: Record<string, unknown> | undefined }) {
  if (!details || Object.keys(details).length === 0) return <p className="muted">No details.</p>;
  return (
    <pre className="json-block" data-testid="alert-details" tabIndex={0} aria-label="Details (JSON)">
      {JSON.stringify(details, null, 2)}
    </pre>
  );
}

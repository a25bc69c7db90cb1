import type { ReactNode } from "react";
import { Link } from "react-router";
import type { Incident } from "../../api/types";
import { formatInstant } from "../../lib/time";
import { IncidentStatusBadge, ReviewBadge, SeverityBadge } from "./IncidentBadges";

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="facts__item">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function When({ at }: { at: string | null | undefined }) {
  return at ? <time dateTime={at}>{formatInstant(at)}</time> : <span className="muted">—</span>;
}

/** IncidentFacts lists an incident's severity, status, people, services and the instants it moved. */
export function IncidentFacts({ incident }: { incident: Incident }) {
  return (
    <dl className="facts" data-testid="incident-facts">
      <Fact term="Severity">
        <SeverityBadge severity={incident.severity} />
      </Fact>
      <Fact term="Status">
        <IncidentStatusBadge status={incident.status} />
      </Fact>
      <Fact term="Team">
        <Link to={`/teams/${encodeURIComponent(incident.team_id)}`}>{incident.team_name || `team ${incident.team_id}`}</Link>
      </Fact>
      <Fact term="Commander">{incident.commander?.name ?? <span className="muted">nobody yet</span>}</Fact>
      <Fact term="Responders">
        {incident.responders.length > 0 ? incident.responders.map((r) => r.name).join(", ") : <span className="muted">nobody yet</span>}
      </Fact>
      <Fact term="Services">
        {incident.services.length > 0 ? (
          <span className="inline-list">
            {incident.services.map((s) => (
              <Link key={s.id} to={`/services/${encodeURIComponent(s.id)}`}>
                {s.name}
              </Link>
            ))}
          </span>
        ) : (
          <span className="muted">none</span>
        )}
      </Fact>
      <Fact term="Opened by">{incident.opened_by?.name ?? "Rota, from an alert"}</Fact>
      <Fact term="Started">
        <When at={incident.started_at} />
      </Fact>
      <Fact term="Detected">
        <When at={incident.detected_at} />
      </Fact>
      <Fact term="Acknowledged">
        <When at={incident.acknowledged_at} />
      </Fact>
      <Fact term="Mitigated">
        <When at={incident.mitigated_at} />
      </Fact>
      <Fact term="Resolved">
        <When at={incident.resolved_at} />
      </Fact>
      <Fact term="Review">
        <ReviewBadge review={incident.review} />
        {incident.review.due_at && incident.review.status !== "published" ? (
          <span className="muted"> · due {formatInstant(incident.review.due_at)}</span>
        ) : null}
      </Fact>
    </dl>
  );
}

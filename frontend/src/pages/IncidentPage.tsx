import { useEffect, useState } from "react";
import { Link, useLocation, useParams } from "react-router";
import { useApi } from "../api/ApiContext";
import type { IncidentDetail } from "../api/types";
import { useAuth } from "../auth/AuthContext";
import { usePermissions } from "../auth/PermissionsContext";
import { ErrorNotice } from "../components/ErrorNotice";
import { IncidentEditForm } from "../components/incidents/IncidentEditForm";
import { IncidentFacts } from "../components/incidents/IncidentFacts";
import { IncidentStatusBar } from "../components/incidents/IncidentStatusBar";
import { IncidentTimeline } from "../components/incidents/IncidentTimeline";
import { LinkAlertForm } from "../components/incidents/LinkAlertForm";
import { LinkedAlerts } from "../components/incidents/LinkedAlerts";
import { NoteForm } from "../components/incidents/NoteForm";
import { SuspectChanges } from "../components/incidents/SuspectChanges";
import { PageHeader } from "../components/PageHeader";
import { useLoad } from "../hooks/useLoad";
import { usePoll } from "../hooks/usePoll";

/** INCIDENT_POLL_MS is how often an open incident's page asks again: pages and acknowledgements arrive meanwhile. */
export const INCIDENT_POLL_MS = 5_000;

/**
 * IncidentPage shows one incident: its facts, the forward-only status
 * moves, the timeline Rota writes with people's notes and corrections, the
 * linked alerts and the deploys suspected of causing it, kept up to date.
 */
export function IncidentPage() {
  const { incidentId = "" } = useParams();
  const api = useApi();
  const auth = useAuth();
  const permissions = usePermissions();
  const location = useLocation();
  const flash = (location.state as { flash?: string } | null)?.flash;
  const loaded = useLoad((signal) => api.incident(incidentId, signal), [api, incidentId]);
  const users = useLoad((signal) => api.users(signal), [api]);
  const [latest, setLatest] = useState<IncidentDetail | null>(null);
  const [editing, setEditing] = useState(false);
  const [correcting, setCorrecting] = useState(0);
  usePoll(() => {
    if (!editing) loaded.reload();
  }, INCIDENT_POLL_MS);

  // The answer to a change shows at once; the reload it starts (which
  // aborts a poll in flight) replaces it when it arrives.
  useEffect(() => setLatest(null), [loaded.data]);
  const detail = latest ?? loaded.data;
  const incident = detail?.incident;
  const me = auth.state.status === "signed-in" ? auth.state.user.id : "";
  const mayManage = incident ? permissions.may("incident.manage", incident.team_id) || incident.responders.some((r) => r.id === me) : false;

  function changed(d: IncidentDetail) {
    setLatest(d);
    loaded.reload();
  }

  const correctsText = correcting ? detail?.timeline.find((e) => e.seq === correcting) : undefined;

  return (
    <>
      <PageHeader title={incident ? incident.title || "(untitled incident)" : "Incident"}>
        <span className="page-header__links">
          {incident ? <Link to={`/incidents/${encodeURIComponent(incident.id)}/review`}>Post-incident review</Link> : null}
          <Link to="/incidents">All incidents</Link>
        </span>
      </PageHeader>
      <ErrorNotice error={loaded.error} onRetry={loaded.reload} />
      {flash ? (
        <p className="notice notice--success" role="status">
          {flash}
        </p>
      ) : null}
      {detail && incident ? (
        <div className="alert-detail">
          {mayManage ? <IncidentStatusBar incident={incident} onDone={changed} /> : null}
          <div className="alert-detail__grid">
            <section className="panel" aria-labelledby="incident-facts-title">
              <h2 className="panel__title" id="incident-facts-title">
                Incident
              </h2>
              {editing ? (
                <IncidentEditForm
                  incident={incident}
                  users={users.data ?? []}
                  onCancel={() => setEditing(false)}
                  onSaved={(d) => {
                    setEditing(false);
                    changed(d);
                  }}
                />
              ) : (
                <>
                  <IncidentFacts incident={incident} />
                  {mayManage ? (
                    <button type="button" className="button button--quiet button--small" onClick={() => setEditing(true)}>
                      Edit title, severity, commander or start
                    </button>
                  ) : null}
                </>
              )}
            </section>
            <section className="panel" aria-labelledby="incident-timeline-title">
              <h2 className="panel__title" id="incident-timeline-title">
                Timeline
              </h2>
              <IncidentTimeline entries={detail.timeline} onCorrect={mayManage ? setCorrecting : undefined} />
              {mayManage ? (
                <NoteForm
                  incidentId={incident.id}
                  corrects={correcting}
                  correctsText={correctsText ? (correctsText.text ?? correctsText.description) : undefined}
                  onCancelCorrection={() => setCorrecting(0)}
                  onAdded={(d) => {
                    setCorrecting(0);
                    changed(d);
                  }}
                />
              ) : null}
            </section>
          </div>
          <section className="panel" aria-labelledby="incident-changes-title">
            <h2 className="panel__title" id="incident-changes-title">
              Suspect changes
            </h2>
            <p className="muted">Deploys to the incident’s services in the 24 hours before it started, newest first.</p>
            <SuspectChanges changes={detail.changes} />
          </section>
          <section className="panel" aria-labelledby="incident-alerts-title">
            <h2 className="panel__title" id="incident-alerts-title">
              Linked alerts
            </h2>
            <LinkedAlerts alerts={detail.alerts} />
            {mayManage ? <LinkAlertForm incidentId={incident.id} teamId={incident.team_id} linked={detail.alerts} onLinked={changed} /> : null}
          </section>
        </div>
      ) : loaded.loading ? (
        <p className="muted">Loading the incident…</p>
      ) : null}
    </>
  );
}

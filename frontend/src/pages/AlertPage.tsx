import { Link, useLocation, useParams } from "react-router";
import { useApi } from "../api/ApiContext";
import { AlertActionsBar } from "../components/alerts/AlertActionsBar";
import { AlertDetails, AlertFacts, AlertLabels } from "../components/alerts/AlertFacts";
import { AlertNoteForm } from "../components/alerts/AlertNoteForm";
import { AlertPagesTable } from "../components/alerts/AlertPagesTable";
import { AlertTimeline } from "../components/alerts/AlertTimeline";
import { PagingStatusBanner } from "../components/alerts/PagingStatusBanner";
import { ErrorNotice } from "../components/ErrorNotice";
import { AlertIncidentPanel } from "../components/incidents/AlertIncidentPanel";
import { PageHeader } from "../components/PageHeader";
import { useLoad } from "../hooks/useLoad";
import { usePoll } from "../hooks/usePoll";
import { POLL_MS } from "./AlertsPage";

/** AlertPage shows one alert: its facts, actions, timeline and pages, kept up to date while open. */
export function AlertPage() {
  const { alertId = "" } = useParams();
  const api = useApi();
  const location = useLocation();
  const back = (location.state as { back?: string } | null)?.back ?? "/alerts";
  const detail = useLoad((signal) => api.alert(alertId, signal), [api, alertId]);
  const users = useLoad((signal) => api.users(signal), [api]);
  const teams = useLoad((signal) => api.teams(signal), [api]);
  usePoll(detail.reload, POLL_MS);

  const names = new Map((users.data ?? []).map((u) => [u.id, u.name]));
  const userName = (id: string) => names.get(id) ?? `user ${id}`;
  const alert = detail.data?.alert;
  const teamName = alert ? teams.data?.find((t) => t.id === alert.team_id)?.name : undefined;

  return (
    <>
      <PageHeader title={alert ? alert.summary || "(no summary)" : "Alert"}>
        <Link to={back.startsWith("/alerts") ? back : "/alerts"}>All alerts</Link>
      </PageHeader>
      <ErrorNotice error={detail.error} onRetry={detail.reload} />
      {detail.data && alert ? (
        <div className="alert-detail">
          <AlertActionsBar alert={alert} onDone={() => detail.reload()} />
          <div className="alert-detail__grid">
            <section className="panel" aria-labelledby="alert-facts-title">
              <h2 className="panel__title" id="alert-facts-title">
                Alert
              </h2>
              <AlertFacts alert={alert} teamName={teamName} userName={userName} />
              <h3 className="panel__subtitle">Labels</h3>
              <AlertLabels labels={alert.labels} />
              <h3 className="panel__subtitle">Details</h3>
              <AlertDetails details={alert.details} />
            </section>
            <section className="panel" aria-labelledby="alert-timeline-title">
              <h2 className="panel__title" id="alert-timeline-title">
                Timeline
              </h2>
              <AlertTimeline entries={detail.data.timeline} userNames={names} />
              <AlertNoteForm alertId={alert.id} onAdded={() => detail.reload()} />
            </section>
          </div>
          <AlertIncidentPanel alert={alert} />
          <section className="panel" aria-labelledby="alert-pages-title">
            <h2 className="panel__title" id="alert-pages-title">
              Pages
            </h2>
            <PagingStatusBanner />
            <AlertPagesTable pages={detail.data.pages} userName={userName} />
          </section>
        </div>
      ) : detail.loading ? (
        <p className="muted">Loading the alert…</p>
      ) : null}
    </>
  );
}

import { useEffect } from "react";
import { useApi } from "../api/ApiContext";
import { ErrorNotice } from "../components/ErrorNotice";
import { ReviewReminder } from "../components/incidents/ReviewReminder";
import { MyAlertsPanel } from "../components/oncall/MyAlertsPanel";
import { MyOnCallPanel } from "../components/oncall/MyOnCallPanel";
import { MySwapsPanel } from "../components/oncall/MySwapsPanel";
import { OnCallBoard } from "../components/oncall/OnCallBoard";
import { PageHeader } from "../components/PageHeader";
import { useLoad } from "../hooks/useLoad";
import { usePoll } from "../hooks/usePoll";
import { browserTimeZone, formatTime } from "../lib/time";

/** REFRESH_MS is how often Now asks again who is on call. */
export const REFRESH_MS = 60_000;

/** ALERTS_REFRESH_MS is how often Now asks again for open alerts. */
export const ALERTS_REFRESH_MS = 15_000;

/**
 * NowPage is one glance when you open Rota: whether you are on call and
 * until when, your next shift, the open alerts for you and your teams with
 * Acknowledge, the swaps waiting on you, and who is on call in every team.
 */
export function NowPage() {
  const api = useApi();
  const oncall = useLoad((signal) => api.onCall({ signal }), [api]);
  const mine = useLoad((signal) => api.myOnCall(signal), [api]);
  const alerts = useLoad((signal) => api.alerts({ status: "open", limit: 100 }, signal), [api]);
  const overdue = useLoad((signal) => api.incidents({ review: "overdue" }, signal), [api]);
  const { reload } = oncall;
  const reloadMine = mine.reload;

  useEffect(() => {
    const timer = setInterval(() => {
      reload();
      reloadMine();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload, reloadMine]);
  usePoll(alerts.reload, ALERTS_REFRESH_MS);

  const now = oncall.data ? new Date(oncall.data.at) : new Date();
  const changed = () => {
    reload();
    reloadMine();
  };

  return (
    <>
      <PageHeader title="Now">
        <span className="muted" aria-live="polite">
          {oncall.data ? `Updated ${formatTime(oncall.data.at)} · ` : ""}times in your zone ({browserTimeZone()})
        </span>
      </PageHeader>
      <div className="now-layout">
        <div className="now-layout__main">
          <ReviewReminder late={overdue.data ?? []} />
          <ErrorNotice error={mine.error} onRetry={mine.reload} />
          {mine.data ? <MyOnCallPanel mine={mine.data} now={new Date(mine.data.at)} /> : null}
          <MyAlertsPanel alerts={alerts.data} error={alerts.error} now={now} onRetry={alerts.reload} onChanged={alerts.reload} />
          <section aria-label="On call now" className="now-layout__board">
            <h2 className="section-title now-layout__board-title">Who is on call</h2>
            <ErrorNotice error={oncall.error} onRetry={reload} />
            {oncall.data ? (
              <OnCallBoard data={oncall.data} now={new Date(oncall.data.at)} />
            ) : oncall.loading ? (
              <p className="muted">Loading who is on call…</p>
            ) : null}
          </section>
        </div>
        <aside className="now-layout__side">
          <MySwapsPanel onChanged={changed} />
        </aside>
      </div>
    </>
  );
}

import { useEffect } from "react";
import { useApi } from "../api/ApiContext";
import { ErrorNotice } from "../components/ErrorNotice";
import { MySwapsPanel } from "../components/oncall/MySwapsPanel";
import { OnCallBoard } from "../components/oncall/OnCallBoard";
import { PageHeader } from "../components/PageHeader";
import { useLoad } from "../hooks/useLoad";
import { browserTimeZone, formatTime } from "../lib/time";

/** REFRESH_MS is how often Now asks again who is on call. */
export const REFRESH_MS = 60_000;

/** NowPage shows who is on call right now in every team, and the viewer's pending swaps. */
export function NowPage() {
  const api = useApi();
  const oncall = useLoad((signal) => api.onCall({ signal }), [api]);
  const { reload } = oncall;

  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);

  return (
    <>
      <PageHeader title="Now">
        <span className="muted" aria-live="polite">
          {oncall.data ? `Updated ${formatTime(oncall.data.at)} · ` : ""}times in your zone ({browserTimeZone()})
        </span>
      </PageHeader>
      <div className="now-layout">
        <section className="now-layout__main" aria-label="On call now">
          <ErrorNotice error={oncall.error} onRetry={reload} />
          {oncall.data ? (
            <OnCallBoard data={oncall.data} now={new Date(oncall.data.at)} />
          ) : oncall.loading ? (
            <p className="muted">Loading who is on call…</p>
          ) : null}
        </section>
        <aside className="now-layout__side">
          <MySwapsPanel onChanged={reload} />
        </aside>
      </div>
    </>
  );
}

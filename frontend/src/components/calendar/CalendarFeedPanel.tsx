import { useState } from "react";
import { useApi } from "../../api/ApiContext";
import type { CalendarFeed } from "../../api/types";
import { useLoad } from "../../hooks/useLoad";
import { errorMessage } from "../../lib/errors";
import { CopyField } from "../CopyField";
import { ErrorNotice } from "../ErrorNotice";

/** scheduleFeedUrl fills a feed's schedule URL template for one schedule. */
export function scheduleFeedUrl(feed: CalendarFeed, scheduleId: string): string | null {
  if (!feed.schedule_url_template) return null;
  return feed.schedule_url_template.split("{schedule_id}").join(encodeURIComponent(scheduleId));
}

/** CalendarFeedPanel manages the viewer's iCalendar subscription links. */
export function CalendarFeedPanel({ scheduleId, scheduleName }: { scheduleId: string; scheduleName: string }) {
  const api = useApi();
  const loaded = useLoad((signal) => api.calendarFeed(signal), [api]);
  const [feed, setFeed] = useState<CalendarFeed | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const current = feed ?? loaded.data;

  async function run(action: () => Promise<CalendarFeed>) {
    setBusy(true);
    setError(null);
    try {
      setFeed(await action());
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const scheduleUrl = current?.active ? scheduleFeedUrl(current, scheduleId) : null;
  return (
    <section className="panel" aria-labelledby="feed-title">
      <h2 className="panel__title" id="feed-title">
        Subscribe (iCal)
      </h2>
      <ErrorNotice error={loaded.error} onRetry={loaded.reload} />
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {!current ? null : current.active ? (
        <>
          <p className="muted">Add these links to your calendar app. Anyone with a link can read it: keep them private.</p>
          {current.my_shifts_url ? <CopyField id="feed-mine" label="My shifts (all schedules)" value={current.my_shifts_url} /> : null}
          {scheduleUrl ? <CopyField id="feed-schedule" label={`Schedule ${scheduleName}`} value={scheduleUrl} /> : null}
          <div className="form__actions form__actions--start">
            <button type="button" className="button button--quiet button--small" disabled={busy} onClick={() => void run(() => api.resetCalendarFeed())}>
              Reset link
            </button>
            <button
              type="button"
              className="button button--danger-quiet button--small"
              disabled={busy}
              onClick={() =>
                void run(async () => {
                  await api.revokeCalendarFeed();
                  return { active: false };
                })
              }
            >
              Revoke
            </button>
          </div>
        </>
      ) : (
        <>
          <p className="muted">Get private links to follow your shifts and this schedule in your calendar app.</p>
          <button type="button" className="button button--primary button--small" disabled={busy} onClick={() => void run(() => api.resetCalendarFeed())}>
            Create subscription links
          </button>
        </>
      )}
    </section>
  );
}

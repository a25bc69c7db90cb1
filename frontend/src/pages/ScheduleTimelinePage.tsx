import { useState } from "react";
import { Link, useParams } from "react-router";
import { useApi } from "../api/ApiContext";
import { usePermissions } from "../auth/PermissionsContext";
import { ErrorNotice } from "../components/ErrorNotice";
import { PageHeader } from "../components/PageHeader";
import { ScheduleTimeline, TimelineWarnings } from "../components/timeline/ScheduleTimeline";
import { useLoad } from "../hooks/useLoad";
import { formatRange, shiftDays, startOfDay } from "../lib/time";

/** DAYS is how much one view of the timeline shows. */
export const TIMELINE_DAYS = 14;

/** ScheduleTimelinePage shows a schedule's layers and final schedule over two weeks, from today. */
export function ScheduleTimelinePage() {
  const { scheduleId = "" } = useParams();
  const api = useApi();
  const permissions = usePermissions();
  const schedule = useLoad((signal) => api.schedule(scheduleId, signal), [api, scheduleId]);
  const zone = schedule.data?.time_zone;
  // null means "from today"; the arrows move it two weeks at a time.
  const [from, setFrom] = useState<string | null>(null);
  const start = zone ? (from ?? startOfDay(new Date(), zone)) : null;
  const timeline = useLoad(
    (signal) => (start ? api.timeline(scheduleId, { from: start, days: TIMELINE_DAYS, signal }) : Promise.resolve(undefined)),
    [api, scheduleId, start],
  );
  const name = schedule.data?.name ?? "";
  const t = timeline.data;
  const editPath = schedule.data ? `/teams/${encodeURIComponent(schedule.data.team_id)}/schedules/${encodeURIComponent(scheduleId)}` : "";
  return (
    <>
      <PageHeader title={name ? `Timeline · ${name}` : "Timeline"}>
        <span className="page-header__links">
          <Link to={`/calendar/${encodeURIComponent(scheduleId)}`}>Calendar</Link>
          {schedule.data && permissions.may("team.manage", schedule.data.team_id) ? <Link to={editPath}>Edit schedule</Link> : null}
        </span>
      </PageHeader>
      <ErrorNotice error={schedule.error ?? timeline.error} onRetry={() => (schedule.error ? schedule.reload() : timeline.reload())} />
      {start && zone ? (
        <div className="timeline__nav" role="group" aria-label="Range">
          <button type="button" className="button button--small" onClick={() => setFrom(shiftDays(start, -TIMELINE_DAYS, zone))}>
            Previous two weeks
          </button>
          <button type="button" className="button button--small" onClick={() => setFrom(null)} disabled={from === null}>
            From today
          </button>
          <button type="button" className="button button--small" onClick={() => setFrom(shiftDays(start, TIMELINE_DAYS, zone))}>
            Next two weeks
          </button>
          {t ? (
            <span className="muted" data-testid="timeline-range">
              {formatRange(t.from, t.to, { timeZone: zone })}
            </span>
          ) : null}
        </div>
      ) : null}
      {t ? (
        <>
          <TimelineWarnings warnings={t.warnings} />
          <ScheduleTimeline timeline={t} label={`Timeline of ${name}: each layer, then the final schedule per tier`} />
        </>
      ) : timeline.loading || schedule.loading ? (
        <p className="muted">Loading…</p>
      ) : null}
    </>
  );
}

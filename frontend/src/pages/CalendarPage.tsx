import { useEffect } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useApi } from "../api/ApiContext";
import { ScheduleCalendarView } from "../components/calendar/ScheduleCalendarView";
import { SchedulePicker } from "../components/calendar/SchedulePicker";
import { ErrorNotice } from "../components/ErrorNotice";
import { PageHeader } from "../components/PageHeader";
import { useLoad } from "../hooks/useLoad";

/** CalendarPage shows who is on call when, for one schedule at a time. */
export function CalendarPage() {
  const { scheduleId = "" } = useParams();
  const navigate = useNavigate();
  const api = useApi();
  const list = useLoad(async (signal) => {
    const [schedules, teams] = await Promise.all([api.schedules({ signal }), api.teams(signal)]);
    return { schedules, teams };
  }, [api]);
  const first = list.data?.schedules[0]?.id;

  // With no schedule in the address, open the first one.
  useEffect(() => {
    if (!scheduleId && first) void navigate(`/calendar/${encodeURIComponent(first)}`, { replace: true });
  }, [scheduleId, first, navigate]);

  return (
    <>
      <PageHeader title="Calendar">
        {list.data && list.data.schedules.length > 0 ? (
          <SchedulePicker
            schedules={list.data.schedules}
            teams={list.data.teams}
            value={scheduleId}
            onChange={(id) => void navigate(`/calendar/${encodeURIComponent(id)}`)}
          />
        ) : null}
        {scheduleId ? <Link to={`/schedules/${encodeURIComponent(scheduleId)}/timeline`}>Timeline</Link> : null}
      </PageHeader>
      <ErrorNotice error={list.error} onRetry={list.reload} />
      {list.data && list.data.schedules.length === 0 && !scheduleId ? (
        <p className="empty">
          No schedules yet. A team admin can create one on the <Link to="/teams">Teams</Link> page.
        </p>
      ) : null}
      {scheduleId ? <ScheduleCalendarView key={scheduleId} scheduleId={scheduleId} /> : null}
    </>
  );
}

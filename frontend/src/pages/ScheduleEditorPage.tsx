import { Link, useLocation, useNavigate, useParams } from "react-router";
import { useApi } from "../api/ApiContext";
import { usePermissions } from "../auth/PermissionsContext";
import { ScheduleEditor } from "../components/editor/ScheduleEditor";
import { ErrorNotice } from "../components/ErrorNotice";
import { PageHeader } from "../components/PageHeader";
import { useLoad } from "../hooks/useLoad";
import { browserTimeZone } from "../lib/time";

/** ScheduleEditorPage creates a schedule for a team, or edits one (read-only for non-admins). */
export function ScheduleEditorPage() {
  const { teamId = "", scheduleId } = useParams();
  const api = useApi();
  const permissions = usePermissions();
  const navigate = useNavigate();
  const location = useLocation();
  const flash = (location.state as { flash?: string } | null)?.flash;
  const members = useLoad((signal) => api.teamMembers(teamId, signal), [api, teamId]);
  const schedule = useLoad((signal) => (scheduleId ? api.schedule(scheduleId, signal) : Promise.resolve(undefined)), [api, scheduleId]);
  const ready = permissions.ready && members.data && (!scheduleId || schedule.data);
  const engineers = (members.data ?? []).map((m) => ({
    id: m.user.id,
    name: m.user.name,
    discipline: m.user.discipline,
    time_zone: m.user.time_zone,
  }));
  const title = scheduleId ? (schedule.data ? `Schedule ${schedule.data.name}` : "Schedule") : "New schedule";
  const teamPath = `/teams/${encodeURIComponent(teamId)}`;

  return (
    <>
      <PageHeader title={title}>
        <span className="page-header__links">
          {scheduleId ? <Link to={`/calendar/${encodeURIComponent(scheduleId)}`}>Calendar</Link> : null}
          {scheduleId ? <Link to={`/schedules/${encodeURIComponent(scheduleId)}/timeline`}>Timeline</Link> : null}
          <Link to={teamPath}>Back to team</Link>
        </span>
      </PageHeader>
      <ErrorNotice error={members.error ?? schedule.error} onRetry={() => (members.error ? members.reload() : schedule.reload())} />
      {ready ? (
        <ScheduleEditor
          key={schedule.data?.id ?? "new"}
          teamId={teamId}
          schedule={schedule.data}
          members={engineers}
          readOnly={!permissions.may("team.manage", teamId)}
          defaultTimeZone={browserTimeZone()}
          notice={flash}
          onReload={() => api.schedule(scheduleId ?? "")}
          onSaved={(s, created) => {
            if (created) {
              void navigate(`${teamPath}/schedules/${encodeURIComponent(s.id)}`, { replace: true, state: { flash: "Schedule created." } });
            }
          }}
        />
      ) : members.loading || schedule.loading || !permissions.ready ? (
        <p className="muted">Loading…</p>
      ) : null}
    </>
  );
}

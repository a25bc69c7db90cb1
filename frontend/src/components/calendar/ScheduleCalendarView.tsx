import { Suspense, lazy, useCallback, useMemo, useState } from "react";
import { Link } from "react-router";
import { useApi } from "../../api/ApiContext";
import type { Override, Shift, ShiftsResponse } from "../../api/types";
import { useCurrentUser } from "../../auth/AuthContext";
import { usePermissions } from "../../auth/PermissionsContext";
import { calendarEvents } from "../../calendar/events";
import { useLoad } from "../../hooks/useLoad";
import { formatRange } from "../../lib/time";
import { ErrorNotice } from "../ErrorNotice";
import { CalendarFeedPanel } from "./CalendarFeedPanel";
import { CalendarLegend } from "./CalendarLegend";
import { CreateOverrideDialog } from "./CreateOverrideDialog";
import { MyShiftsInView } from "./MyShiftsInView";
import { OverridesList } from "./OverridesList";
import { PairingViolationsNote } from "./PairingViolationsNote";
import { RequestSwapDialog } from "./RequestSwapDialog";
import type { CalendarRange } from "./ScheduleCalendar";
import { ScheduleSwapsPanel } from "./ScheduleSwapsPanel";

// FullCalendar is most of the app's weight: load it with the calendar page only.
const ScheduleCalendar = lazy(() => import("./ScheduleCalendar").then((m) => ({ default: m.ScheduleCalendar })));

const EMPTY: ShiftsResponse = { shifts: [], gaps: [], pairing_violations: [] };

/** nextHours is the range offered by "New override": from the next full hour, n hours long. */
function nextHours(n: number): { start: Date; end: Date } {
  const start = new Date();
  start.setUTCMinutes(0, 0, 0);
  start.setUTCHours(start.getUTCHours() + 1);
  return { start, end: new Date(start.getTime() + n * 3_600_000) };
}

/**
 * ScheduleCalendarView is one schedule on the calendar with everything
 * around it: legend, overrides, swaps, the viewer's shifts and iCal links.
 */
export function ScheduleCalendarView({ scheduleId }: { scheduleId: string }) {
  const api = useApi();
  const me = useCurrentUser();
  const permissions = usePermissions();
  const schedule = useLoad((signal) => api.schedule(scheduleId, signal), [api, scheduleId]);
  const [range, setRange] = useState<CalendarRange | null>(null);
  const from = range?.start.getTime();
  const to = range?.end.getTime();
  const shifts = useLoad(
    (signal) => (from !== undefined && to !== undefined ? api.shifts(scheduleId, new Date(from), new Date(to), signal) : Promise.resolve(EMPTY)),
    [api, scheduleId, from, to],
  );
  const overrides = useLoad(
    (signal) =>
      from !== undefined && to !== undefined
        ? api.overrides(scheduleId, { from: new Date(from), to: new Date(to), signal })
        : Promise.resolve([] as Override[]),
    [api, scheduleId, from, to],
  );
  const swaps = useLoad((signal) => api.swaps({ schedule_id: scheduleId, state: "requested" }, signal), [api, scheduleId]);

  const [selection, setSelection] = useState<{ start: Date; end: Date } | null>(null);
  const [swapShift, setSwapShift] = useState<Shift | null>(null);
  const [status, setStatus] = useState("");

  const handleRange = useCallback((r: CalendarRange) => {
    setRange((old) =>
      old && old.start.getTime() === r.start.getTime() && old.end.getTime() === r.end.getTime() && old.view === r.view ? old : r,
    );
  }, []);

  const sched = schedule.data;
  const events = useMemo(
    () => (sched && shifts.data ? calendarEvents(shifts.data, sched, me.id) : []),
    [sched, shifts.data, me.id],
  );

  if (schedule.error) return <ErrorNotice error={schedule.error} onRetry={schedule.reload} />;
  if (!sched) return <p className="muted">Loading schedule…</p>;

  const zone = sched.time_zone;
  const names = new Map(sched.members.map((m) => [m.id, m.name]));
  const nameOf = (id: string) => names.get(id) ?? `user ${id}`;
  // What the viewer may do in the schedule's team, as the server says.
  const mayManage = permissions.may("team.manage", sched.team_id);
  const mayOverride = permissions.may("override.create", sched.team_id);
  const maySwap = permissions.may("swap.request", sched.team_id);
  const myShifts = (shifts.data?.shifts ?? []).filter((s) => s.user_id === me.id);

  const refreshCalendar = () => {
    shifts.reload();
    overrides.reload();
  };

  return (
    <div className="calendar-view">
      <div className="calendar-view__bar">
        <p className="calendar-view__zone">
          Times in <strong>{zone}</strong> (the schedule’s zone)
        </p>
        <span className="calendar-view__actions">
          {mayOverride ? (
            <button type="button" className="button button--quiet button--small" onClick={() => setSelection(nextHours(8))}>
              New override
            </button>
          ) : null}
          {mayManage ? (
            <Link className="button button--quiet button--small" to={`/teams/${encodeURIComponent(sched.team_id)}/schedules/${encodeURIComponent(sched.id)}`}>
              Edit schedule
            </Link>
          ) : null}
        </span>
      </div>
      <CalendarLegend />
      <p className="sr-only" role="status" aria-live="polite">
        {status}
      </p>
      {status ? (
        <p className="notice notice--success" data-testid="calendar-status">
          {status}
        </p>
      ) : null}
      <ErrorNotice error={shifts.error} onRetry={shifts.reload} />
      <PairingViolationsNote violations={shifts.data?.pairing_violations ?? []} members={sched.members} timeZone={zone} />
      <div className={`calendar-view__calendar${shifts.loading ? " calendar-view__calendar--loading" : ""}`} aria-busy={shifts.loading}>
        <Suspense fallback={<p className="muted">Loading calendar…</p>}>
          <ScheduleCalendar
            timeZone={zone}
            events={events}
            onRangeChange={handleRange}
            onSelect={mayOverride ? (start, end) => setSelection({ start, end }) : undefined}
            onShiftClick={(shift, mine) => {
              if (mine && maySwap) setSwapShift(shift);
              else if (mine) {
                setStatus("Only members of the team can ask for swaps.");
              } else {
                const when = formatRange(shift.start, shift.end, { timeZone: zone });
                setStatus(`${shift.user_name ?? nameOf(shift.user_id)} is on ${shift.tier}: ${when}. Only your own shifts can be swapped.`);
              }
            }}
          />
        </Suspense>
      </div>
      {mayOverride ? (
        <p className="form__hint">
          Drag across the calendar (or use New override) to put someone on call; click one of your shifts, or use Request swap below, to ask
          someone to take it.
        </p>
      ) : null}

      <div className="panel-grid">
        <MyShiftsInView shifts={myShifts} timeZone={zone} now={new Date()} onRequestSwap={maySwap ? setSwapShift : undefined} />
        <ScheduleSwapsPanel
          swaps={swaps.data}
          error={swaps.error}
          meId={me.id}
          timeZone={zone}
          nameOf={nameOf}
          onRetry={swaps.reload}
          onChanged={(s) => {
            swaps.reload();
            refreshCalendar();
            setStatus(`Swap ${s.state}.`);
          }}
        />
        <OverridesList
          scheduleId={sched.id}
          overrides={overrides.data ?? []}
          timeZone={zone}
          nameOf={nameOf}
          canDelete={(o) => mayManage || o.user_id === me.id || o.created_by === me.id}
          onDeleted={() => {
            refreshCalendar();
            setStatus("Override deleted.");
          }}
        />
        <CalendarFeedPanel scheduleId={sched.id} scheduleName={sched.name} />
      </div>

      {selection ? (
        <CreateOverrideDialog
          scheduleId={sched.id}
          timeZone={zone}
          members={sched.members}
          meId={me.id}
          canPickAnyone={mayManage}
          start={selection.start}
          end={selection.end}
          onClose={() => setSelection(null)}
          onCreated={(o) => {
            setSelection(null);
            refreshCalendar();
            setStatus(`Override created: ${nameOf(o.user_id)} on ${o.tier}, ${formatRange(o.start, o.end, { timeZone: zone })}.`);
          }}
        />
      ) : null}
      {swapShift ? (
        <RequestSwapDialog
          scheduleId={sched.id}
          timeZone={zone}
          members={sched.members}
          meId={me.id}
          shift={swapShift}
          onClose={() => setSwapShift(null)}
          onRequested={(s) => {
            setSwapShift(null);
            swaps.reload();
            setStatus(`Swap requested: asked ${nameOf(s.target_id)} to take ${formatRange(s.start, s.end, { timeZone: zone })}.`);
          }}
        />
      ) : null}
    </div>
  );
}

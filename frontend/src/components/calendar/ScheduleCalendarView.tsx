import { Suspense, lazy, useCallback, useMemo, useState } from "react";
import { Link } from "react-router";
import { useApi } from "../../api/ApiContext";
import type { Override, Shift, ShiftsResponse, SwapKind, TierName } from "../../api/types";
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
import { ShiftDialog } from "./ShiftDialog";

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

  const [selection, setSelection] = useState<{ start: Date; end: Date; tier?: TierName } | null>(null);
  // overrideMode draws shifts behind so that a range can be selected over them.
  const [overrideMode, setOverrideMode] = useState(false);
  const [clicked, setClicked] = useState<{ shift: Shift; mine: boolean } | null>(null);
  const [swapRequest, setSwapRequest] = useState<{ shift: Shift; kind: SwapKind } | null>(null);
  const [status, setStatus] = useState("");

  const handleRange = useCallback((r: CalendarRange) => {
    setRange((old) =>
      old && old.start.getTime() === r.start.getTime() && old.end.getTime() === r.end.getTime() && old.view === r.view ? old : r,
    );
  }, []);

  const sched = schedule.data;
  const events = useMemo(
    () => (sched && shifts.data ? calendarEvents(shifts.data, sched, me.id, { shiftsBehind: overrideMode }) : []),
    [sched, shifts.data, me.id, overrideMode],
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

  const askSwap = (shift: Shift, kind: SwapKind) => {
    setClicked(null);
    setSwapRequest({ shift, kind });
  };

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
            <>
              <button
                type="button"
                className={`button button--small ${overrideMode ? "button--primary" : "button--quiet"}`}
                aria-pressed={overrideMode}
                onClick={() => setOverrideMode((on) => !on)}
              >
                Override a range
              </button>
              <button type="button" className="button button--quiet button--small" onClick={() => setSelection(nextHours(8))}>
                New override
              </button>
            </>
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
            onShiftClick={(shift, mine) => setClicked({ shift, mine })}
          />
        </Suspense>
      </div>
      {overrideMode ? (
        <p className="form__hint" data-testid="override-mode-hint">
          Override a range: shifts are drawn behind, so drag across any part of the calendar, over shifts or not, to put someone on call
          there. Press Override a range again to click shifts.
        </p>
      ) : mayOverride ? (
        <p className="form__hint">
          Drag across an empty part of the calendar, use Override a range to select over shifts, or use New override, to put someone on call;
          click a shift to give it away, ask for it or override it.
        </p>
      ) : null}

      <div className="panel-grid">
        <MyShiftsInView shifts={myShifts} timeZone={zone} now={new Date()} onRequestSwap={maySwap ? (shift) => setSwapRequest({ shift, kind: "give" }) : undefined} />
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
          tier={selection.tier}
          onClose={() => setSelection(null)}
          onCreated={(o) => {
            setSelection(null);
            refreshCalendar();
            setStatus(`Override created: ${nameOf(o.user_id)} on ${o.tier}, ${formatRange(o.start, o.end, { timeZone: zone })}.`);
          }}
        />
      ) : null}
      {clicked ? (
        <ShiftDialog
          shift={clicked.shift}
          mine={clicked.mine}
          timeZone={zone}
          onClose={() => setClicked(null)}
          onGive={maySwap ? () => askSwap(clicked.shift, "give") : undefined}
          onTake={maySwap ? () => askSwap(clicked.shift, "take") : undefined}
          onOverride={
            mayOverride
              ? () => {
                  setClicked(null);
                  setSelection({ start: new Date(clicked.shift.start), end: new Date(clicked.shift.end), tier: clicked.shift.tier });
                }
              : undefined
          }
        />
      ) : null}
      {swapRequest ? (
        <RequestSwapDialog
          scheduleId={sched.id}
          timeZone={zone}
          members={sched.members}
          meId={me.id}
          shift={swapRequest.shift}
          kind={swapRequest.kind}
          now={new Date()}
          onClose={() => setSwapRequest(null)}
          onRequested={(s) => {
            setSwapRequest(null);
            swaps.reload();
            const what = formatRange(s.start, s.end, { timeZone: zone });
            setStatus(
              s.kind === "take" ? `Swap requested: asked ${nameOf(s.target_id)} for ${what}.` : `Swap requested: asked ${nameOf(s.target_id)} to take ${what}.`,
            );
          }}
        />
      ) : null}
    </div>
  );
}

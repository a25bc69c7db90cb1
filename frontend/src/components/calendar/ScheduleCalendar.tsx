import FullCalendar, {
  type DatesSetInfo,
  type DateSelectInfo,
  type EventClickInfo,
  type EventDisplayInfo,
  type EventInput,
} from "@fullcalendar/react";
import dayGridPlugin from "@fullcalendar/react/daygrid";
import interactionPlugin from "@fullcalendar/react/interaction";
import listPlugin from "@fullcalendar/react/list";
import classicThemePlugin from "@fullcalendar/react/themes/classic";
import timeGridPlugin from "@fullcalendar/react/timegrid";
import "@fullcalendar/react/skeleton.css";
import "@fullcalendar/react/themes/classic/theme.css";
import "@fullcalendar/react/themes/classic/palette.css";
import type { Shift } from "../../api/types";
import { eventProps } from "../../calendar/events";
import { PHONE_QUERY, useMediaQuery } from "../../hooks/useMediaQuery";

const PLUGINS = [classicThemePlugin, dayGridPlugin, timeGridPlugin, listPlugin, interactionPlugin];

export interface CalendarRange {
  start: Date;
  end: Date;
  view: string;
}

export interface ScheduleCalendarProps {
  /** timeZone is the schedule's zone; the calendar draws every time in it. */
  timeZone: string;
  events: EventInput[];
  initialView?: string;
  onRangeChange: (range: CalendarRange) => void;
  /** onSelect runs when the viewer drags across a time range. */
  onSelect?: (start: Date, end: Date) => void;
  /** onShiftClick runs when the viewer clicks a shift. */
  onShiftClick?: (shift: Shift, mine: boolean) => void;
}

/**
 * renderEventContent keeps shifts readable in the week view, where the
 * tiers share a day's column: the engineer's first name and a
 * short note of the source, with the full title for screen readers and as a
 * tooltip. The other views keep FullCalendar's own rendering of the title.
 */
function renderEventContent(info: EventDisplayInfo) {
  const props = eventProps(info.event.extendedProps);
  if (!info.view.type.startsWith("timeGrid") || props?.kind !== "shift") return true;
  const { shift } = props;
  const first = (shift.user_name || shift.user_id).split(" ")[0];
  const note = shift.source.kind === "override" ? "override" : shift.tier === "shadow" ? "shadow" : (shift.source.name ?? "");
  return (
    <span className="rota-event__body" title={info.event.title}>
      <span className="sr-only">{info.event.title}</span>
      <span aria-hidden="true" className="rota-event__who">
        {first}
      </span>
      <span aria-hidden="true" className="rota-event__note">
        {note}
      </span>
    </span>
  );
}

/**
 * ScheduleCalendar is FullCalendar with month, week and list views, drawn
 * in the schedule's zone; on a phone, where a week of columns cannot be
 * read, it offers a list and a day view instead, starting with the list. It only shows what it is given and reports the
 * visible range, selections and clicks; the page does the fetching.
 */
export function ScheduleCalendar({ timeZone, events, initialView, onRangeChange, onSelect, onShiftClick }: ScheduleCalendarProps) {
  const handleDates = (info: DatesSetInfo) => onRangeChange({ start: info.start, end: info.end, view: info.view.type });
  const handleSelect = (info: DateSelectInfo) => onSelect?.(info.start, info.end);
  const handleClick = (info: EventClickInfo) => {
    const props = eventProps(info.event.extendedProps);
    if (props?.kind === "shift") onShiftClick?.(props.shift, props.mine);
  };
  // The width at mount picks the first view; later changes (a rotated
  // phone, or a full-page screenshot resizing the window for a moment)
  // only swap the toolbar, never restart the calendar where the viewer is.
  const narrow = useMediaQuery(PHONE_QUERY);
  return (
    <div className={`schedule-calendar${narrow ? " schedule-calendar--narrow" : ""}`} data-testid="schedule-calendar">
      <FullCalendar
        plugins={PLUGINS}
        timeZone={timeZone}
        initialView={narrow ? "listWeek" : (initialView ?? "timeGridWeek")}
        headerToolbar={
          narrow
            ? { start: "prev,next", center: "title", end: "listWeek,timeGridDay" }
            : { start: "prev,next today", center: "title", end: "dayGridMonth,timeGridWeek,listWeek" }
        }
        buttons={{ dayGridMonth: { text: "Month" }, timeGridWeek: { text: "Week" }, timeGridDay: { text: "Day" }, listWeek: { text: "List" }, today: { text: "Today" } }}
        firstDay={1}
        height="auto"
        nowIndicator
        eventDisplay="block"
        eventTimeFormat={{ hour: "2-digit", minute: "2-digit", hourCycle: "h23" }}
        slotHeaderFormat={{ hour: "2-digit", minute: "2-digit", hourCycle: "h23" }}
        dayMaxEvents={false}
        eventOrder="tierRank,start,title"
        slotEventOverlap={false}
        slotDuration="01:00"
        allDaySlot={false}
        eventContent={renderEventContent}
        selectable={!!onSelect}
        selectMirror
        events={events}
        datesSet={handleDates}
        select={handleSelect}
        eventClick={handleClick}
        noEventsText="No shifts in this range."
      />
    </div>
  );
}

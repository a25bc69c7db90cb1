import FullCalendar, { type DatesSetInfo, type DateSelectInfo, type EventClickInfo, type EventInput } from "@fullcalendar/react";
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
 * ScheduleCalendar is FullCalendar with month, week and list views, drawn
 * in the schedule's zone. It only shows what it is given and reports the
 * visible range, selections and clicks; the page does the fetching.
 */
export function ScheduleCalendar({ timeZone, events, initialView, onRangeChange, onSelect, onShiftClick }: ScheduleCalendarProps) {
  const handleDates = (info: DatesSetInfo) => onRangeChange({ start: info.start, end: info.end, view: info.view.type });
  const handleSelect = (info: DateSelectInfo) => onSelect?.(info.start, info.end);
  const handleClick = (info: EventClickInfo) => {
    const props = eventProps(info.event.extendedProps);
    if (props?.kind === "shift") onShiftClick?.(props.shift, props.mine);
  };
  return (
    <div className="schedule-calendar" data-testid="schedule-calendar">
      <FullCalendar
        plugins={PLUGINS}
        timeZone={timeZone}
        initialView={initialView ?? "dayGridMonth"}
        headerToolbar={{ start: "prev,next today", center: "title", end: "dayGridMonth,timeGridWeek,listWeek" }}
        buttons={{ dayGridMonth: { text: "Month" }, timeGridWeek: { text: "Week" }, listWeek: { text: "List" }, today: { text: "Today" } }}
        firstDay={1}
        height="auto"
        nowIndicator
        eventDisplay="block"
        eventTimeFormat={{ hour: "2-digit", minute: "2-digit", hourCycle: "h23" }}
        slotHeaderFormat={{ hour: "2-digit", minute: "2-digit", hourCycle: "h23" }}
        dayMaxEvents={4}
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

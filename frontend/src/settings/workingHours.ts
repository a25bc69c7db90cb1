// Working hours as the API writes them, "mon-fri 09:00-17:00": a range of
// days and a from–to time of day. The profile form edits them as two day
// pickers and two times, or as that text; these functions turn one into
// the other. Times are local to the engineer's own time zone.

import type { Weekday } from "../api/types";
import { WEEKDAYS } from "../api/types";

/** WORKING_HOURS_EXAMPLE is the form the API reads, shown as a hint. */
export const WORKING_HOURS_EXAMPLE = "mon-fri 09:00-17:00";

export interface WorkingHoursParts {
  fromDay: Weekday;
  toDay: Weekday;
  /** start and end are "HH:MM"; end may be "24:00". */
  start: string;
  end: string;
}

/** The server's pattern (rota.User.Validate), so the form agrees with it. */
const PATTERN = /^(mon|tue|wed|thu|fri|sat|sun)-(mon|tue|wed|thu|fri|sat|sun) ([01][0-9]|2[0-3]):([0-5][0-9])-([01][0-9]|2[0-4]):([0-5][0-9])$/;

/** DEFAULT_PARTS is where the day pickers start when nothing is set. */
export const DEFAULT_PARTS: WorkingHoursParts = { fromDay: "mon", toDay: "fri", start: "09:00", end: "17:00" };

/** cleanWorkingHours lower-cases the text and collapses its spaces, as the server expects it written. */
export function cleanWorkingHours(text: string): string {
  return text.trim().toLowerCase().replace(/\s*[-–]\s*/g, "-").replace(/\s+/g, " ");
}

/** parseWorkingHours reads "mon-fri 09:00-17:00" (any case, extra spaces allowed), or gives null. */
export function parseWorkingHours(text: string | undefined): WorkingHoursParts | null {
  if (!text) return null;
  const m = PATTERN.exec(cleanWorkingHours(text));
  if (!m) return null;
  return { fromDay: m[1] as Weekday, toDay: m[2] as Weekday, start: `${m[3]}:${m[4]}`, end: `${m[5]}:${m[6]}` };
}

/** isWorkingHours tells whether the server would take the text. */
export function isWorkingHours(text: string): boolean {
  return parseWorkingHours(text) !== null;
}

/** normalizeTime pads "9:00" to "09:00" and reads "0900" as "09:00"; anything else is left for the server to refuse. */
export function normalizeTime(value: string): string {
  const t = value.trim();
  let m = /^(\d{1,2}):(\d{2})$/.exec(t);
  if (m) return `${m[1]!.padStart(2, "0")}:${m[2]}`;
  m = /^(\d{2})(\d{2})$/.exec(t);
  if (m) return `${m[1]}:${m[2]}`;
  m = /^(\d{1,2})$/.exec(t);
  if (m) return `${m[1]!.padStart(2, "0")}:00`;
  return t;
}

/** formatWorkingHours writes the parts as the API reads them. */
export function formatWorkingHours(parts: WorkingHoursParts): string {
  return `${parts.fromDay}-${parts.toDay} ${normalizeTime(parts.start)}-${normalizeTime(parts.end)}`;
}

const DAY_NAMES: Record<Weekday, string> = {
  mon: "Monday",
  tue: "Tuesday",
  wed: "Wednesday",
  thu: "Thursday",
  fri: "Friday",
  sat: "Saturday",
  sun: "Sunday",
};

/** dayName is a weekday in words. */
export function dayName(day: Weekday): string {
  return DAY_NAMES[day];
}

/** describeWorkingHours says the hours in words: "Monday to Friday, 09:00–17:00". */
export function describeWorkingHours(text: string | undefined): string {
  if (!text) return "Not set";
  const p = parseWorkingHours(text);
  if (!p) return text;
  const days = p.fromDay === p.toDay ? DAY_NAMES[p.fromDay] : `${DAY_NAMES[p.fromDay]} to ${DAY_NAMES[p.toDay]}`;
  return `${days}, ${p.start}–${p.end}`;
}

export type WorkingHoursMode = "none" | "range" | "text";

/** WorkingHoursDraft is the form's state: which way the hours are entered, and both ways' values. */
export interface WorkingHoursDraft {
  mode: WorkingHoursMode;
  parts: WorkingHoursParts;
  text: string;
}

/** draftFromWorkingHours loads the profile's value: none, a range the pickers can show, or (odd values) text. */
export function draftFromWorkingHours(value: string | undefined): WorkingHoursDraft {
  if (!value) return { mode: "none", parts: { ...DEFAULT_PARTS }, text: "" };
  const parts = parseWorkingHours(value);
  if (parts) return { mode: "range", parts, text: formatWorkingHours(parts) };
  return { mode: "text", parts: { ...DEFAULT_PARTS }, text: value };
}

/**
 * switchMode changes how the hours are entered, carrying the value across:
 * the pickers' range becomes the text, and text the pickers can show
 * becomes the range.
 */
export function switchMode(draft: WorkingHoursDraft, mode: WorkingHoursMode): WorkingHoursDraft {
  if (mode === draft.mode) return draft;
  if (mode === "text") {
    const text = draft.mode === "range" ? formatWorkingHours(draft.parts) : draft.text || formatWorkingHours(draft.parts);
    return { ...draft, mode, text };
  }
  if (mode === "range") {
    const parts = draft.mode === "text" ? (parseWorkingHours(draft.text) ?? draft.parts) : draft.parts;
    return { ...draft, mode, parts };
  }
  return { ...draft, mode };
}

/** workingHoursValue is what PATCH /me sends: "" for none, else the API's text. */
export function workingHoursValue(draft: WorkingHoursDraft): string {
  switch (draft.mode) {
    case "none":
      return "";
    case "range":
      return formatWorkingHours(draft.parts);
    case "text":
      return cleanWorkingHours(draft.text);
  }
}

/** WEEKDAY_OPTIONS are the day pickers' choices, Monday first. */
export const WEEKDAY_OPTIONS: readonly { value: Weekday; label: string }[] = WEEKDAYS.map((d) => ({ value: d, label: DAY_NAMES[d] }));

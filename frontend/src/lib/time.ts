// Time formatting and zone conversion for the scheduling pages. The API
// speaks RFC 3339 instants in UTC; people read and type wall-clock times in
// a named zone (theirs, or the schedule's). Zone maths goes through Temporal
// (the polyfill FullCalendar already needs), never through offsets guessed
// from the browser's own zone.

import { Temporal } from "temporal-polyfill";

export type Instant = Date | string;

function toDate(value: Instant): Date {
  return typeof value === "string" ? new Date(value) : value;
}

export interface FormatOptions {
  /** timeZone is an IANA name; the browser's own zone when absent. */
  timeZone?: string;
  /** locale defaults to the browser's. */
  locale?: string;
}

/** browserTimeZone is the viewer's own IANA zone. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

/**
 * formatInstant shows an instant as a short weekday, date and 24-hour time
 * with the zone's abbreviation, e.g. "Mon, Jan 5, 17:00 CET".
 */
export function formatInstant(value: Instant, options: FormatOptions = {}): string {
  return new Intl.DateTimeFormat(options.locale, {
    weekday: "short",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
    timeZone: options.timeZone,
  }).format(toDate(value));
}

/** formatTime shows only the time of day with the zone, e.g. "17:00 CET". */
export function formatTime(value: Instant, options: FormatOptions = {}): string {
  return new Intl.DateTimeFormat(options.locale, {
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
    timeZone: options.timeZone,
  }).format(toDate(value));
}

/**
 * formatRange shows a start and end; the end omits the date when both fall
 * on the same local day: "Mon, Jan 5, 09:00 – 17:00 CET".
 */
export function formatRange(start: Instant, end: Instant, options: FormatOptions = {}): string {
  const zone = options.timeZone ?? browserTimeZone();
  const a = toDate(start);
  const b = toDate(end);
  const sameDay = localDate(a, zone) === localDate(b, zone);
  const first = new Intl.DateTimeFormat(options.locale, {
    weekday: "short",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: zone,
  }).format(a);
  const second = sameDay ? formatTime(b, { ...options, timeZone: zone }) : formatInstant(b, { ...options, timeZone: zone });
  return `${first} – ${second}`;
}

/** localDate is the calendar date ("YYYY-MM-DD") of an instant in a zone. */
export function localDate(value: Instant, timeZone: string): string {
  return toZonedInputValue(value, timeZone).slice(0, 10);
}

const MINUTE = 60_000;

/**
 * formatDuration writes a span compactly: "45 min", "3 h", "3 h 20 min",
 * "2 d 4 h". Spans of a day or more drop the minutes.
 */
export function formatDuration(ms: number): string {
  const total = Math.floor(Math.abs(ms) / MINUTE);
  const days = Math.floor(total / (24 * 60));
  const hours = Math.floor((total % (24 * 60)) / 60);
  const minutes = total % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  return `${minutes} min`;
}

/**
 * formatRelative says how far an instant is from now: "in 3 h", "in 45 min",
 * "2 d ago", or "now" within a minute either way.
 */
export function formatRelative(value: Instant, now: Date = new Date()): string {
  const diff = toDate(value).getTime() - now.getTime();
  if (Math.abs(diff) < MINUTE) return "now";
  const span = formatDuration(diff);
  return diff > 0 ? `in ${span}` : `${span} ago`;
}

/** isSameInstant compares two instants, whatever their written form. */
export function isSameInstant(a: Instant, b: Instant): boolean {
  return toDate(a).getTime() === toDate(b).getTime();
}

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * toZonedInputValue writes an instant as the wall-clock time in a zone, in
 * the form a datetime-local input takes: "2026-01-05T09:00".
 */
export function toZonedInputValue(value: Instant, timeZone: string): string {
  const zoned = Temporal.Instant.fromEpochMilliseconds(toDate(value).getTime()).toZonedDateTimeISO(timeZone);
  return `${String(zoned.year).padStart(4, "0")}-${pad(zoned.month)}-${pad(zoned.day)}T${pad(zoned.hour)}:${pad(zoned.minute)}`;
}

/**
 * fromZonedInputValue reads a datetime-local value as wall-clock time in a
 * zone and returns the instant in RFC 3339 UTC, or null when it is not a
 * date and time. A time skipped by a DST change moves forward (as the
 * scheduler does); a repeated one takes its first occurrence.
 */
export function fromZonedInputValue(value: string, timeZone: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value.trim())) return null;
  try {
    const plain = Temporal.PlainDateTime.from(value.trim(), { overflow: "reject" });
    const ms = plain.toZonedDateTime(timeZone, { disambiguation: "compatible" }).epochMilliseconds;
    return new Date(ms).toISOString().replace(/\.000Z$/, "Z");
  } catch {
    return null;
  }
}

/** isValidTimeZone tells whether the runtime knows an IANA zone name. */
export function isValidTimeZone(name: string): boolean {
  if (!name) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** timeZoneNames lists the zones the browser knows, with UTC first. */
export function timeZoneNames(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: string) => string[] };
  const names = intl.supportedValuesOf ? intl.supportedValuesOf("timeZone") : [];
  return ["UTC", ...names.filter((n) => n !== "UTC")];
}

/** startOfDay is midnight of the day an instant falls on, in a zone (RFC 3339). */
export function startOfDay(at: Date, timeZone: string): string {
  return fromZonedInputValue(`${localDate(at, timeZone)}T00:00`, timeZone) ?? at.toISOString();
}

/** shiftDays moves a local midnight by whole days in a zone, DST included. */
export function shiftDays(from: string, days: number, timeZone: string): string {
  const day = Temporal.PlainDate.from(localDate(from, timeZone)).add({ days });
  const ms = day.toZonedDateTime({ timeZone }).epochMilliseconds;
  return new Date(ms).toISOString().replace(/\.000Z$/, "Z");
}

// The Now page's sentences about the viewer's own on-call, and which open
// alerts are theirs. Pure, so they are tested without a browser.

import type { Alert, Stint } from "../api/types";
import { browserTimeZone, localDate } from "../lib/time";

const DAY = 24 * 60 * 60 * 1000;

/**
 * formatWhen is an instant as people say it on the Now page: "Thu 09:00"
 * within the coming week, "Thu, Jan 21, 09:00" beyond it, in the viewer's
 * zone (or the one given).
 */
export function formatWhen(at: string, now: Date, timeZone: string = browserTimeZone()): string {
  const d = new Date(at);
  const far = Math.abs(d.getTime() - now.getTime()) >= 6 * DAY;
  return new Intl.DateTimeFormat("en-US", {
    weekday: "short",
    ...(far ? { month: "short", day: "numeric" } : {}),
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone,
  }).format(d);
}

/**
 * onCallSentence is "You are on call (primary, payments) until Thu 09:00",
 * or "… with no handoff in sight" when nobody takes over within the
 * server's horizon.
 */
export function onCallSentence(s: Stint, now: Date, timeZone?: string): string {
  const what = `You are on call (${s.tier}, ${s.team_name || s.schedule_name})`;
  return s.open_ended ? `${what} with no handoff in the next 60 days` : `${what} until ${formatWhen(s.end, now, timeZone)}`;
}

/** nextShiftSentence is "Your next shift: secondary, payments, Mon 09:00 – Tue 09:00". */
export function nextShiftSentence(s: Stint, now: Date, timeZone?: string): string {
  const zone = timeZone ?? browserTimeZone();
  const end = localDate(new Date(s.start), zone) === localDate(new Date(s.end), zone)
    ? new Intl.DateTimeFormat("en-US", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: zone }).format(new Date(s.end))
    : formatWhen(s.end, now, zone);
  return `Your next shift: ${s.tier}, ${s.team_name || s.schedule_name}, ${formatWhen(s.start, now, zone)} – ${end}`;
}

/**
 * myAlerts are the open alerts that concern the viewer: those they were
 * paged for and those of the teams they belong to, paged-for first, then
 * newest first.
 */
export function myAlerts(alerts: readonly Alert[], meId: string, isMember: (teamId: string) => boolean): Alert[] {
  const pagedMe = (a: Alert) => (a.paged ?? []).some((p) => p.user_id === meId);
  return alerts
    .filter((a) => a.status !== "resolved" && (pagedMe(a) || isMember(a.team_id)))
    .sort((a, b) => Number(pagedMe(b)) - Number(pagedMe(a)) || b.created_at.localeCompare(a.created_at));
}

/** pagedSummary names who was paged: "Olga Petrova, Nia Okafor (shadow)"; "" when nobody. */
export function pagedSummary(a: Pick<Alert, "paged">): string {
  return (a.paged ?? []).map((p) => (p.shadow ? `${p.name} (shadow)` : p.name)).join(", ");
}

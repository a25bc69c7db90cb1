// Business hours in words, for lists: "Mon–Fri 09:00–17:00 (Europe/Berlin)".

import type { Hours, Weekday, Window } from "../api/types";
import { WEEKDAYS } from "../api/types";

const SHORT: Record<Weekday, string> = { mon: "Mon", tue: "Tue", wed: "Wed", thu: "Thu", fri: "Fri", sat: "Sat", sun: "Sun" };

/** describeDays writes days in week order, runs of three or more as a range: "Mon–Fri", "Mon, Wed", "Sat–Sun". */
export function describeDays(days: readonly Weekday[]): string {
  const idx = [...new Set(days.map((d) => WEEKDAYS.indexOf(d)).filter((i) => i >= 0))].sort((a, b) => a - b);
  if (idx.length === 7) return "Every day";
  const parts: string[] = [];
  let i = 0;
  while (i < idx.length) {
    let j = i;
    while (j + 1 < idx.length && idx[j + 1] === idx[j]! + 1) j++;
    const from = SHORT[WEEKDAYS[idx[i]!]!];
    const to = SHORT[WEEKDAYS[idx[j]!]!];
    if (j - i >= 2) parts.push(`${from}–${to}`);
    else for (let k = i; k <= j; k++) parts.push(SHORT[WEEKDAYS[idx[k]!]!]);
    i = j + 1;
  }
  return parts.join(", ");
}

/** describeWindow writes one weekly window: "Mon–Fri 09:00–17:00". */
export function describeWindow(w: Window): string {
  return `${describeDays(w.days)} ${w.from}–${w.to}`;
}

/** describeHours writes business hours, or says there are none. */
export function describeHours(h: Hours | undefined): string {
  const windows = h?.windows ?? [];
  if (windows.length === 0) return "No business hours";
  const text = windows.map(describeWindow).join("; ");
  return h?.time_zone ? `${text} (${h.time_zone})` : text;
}

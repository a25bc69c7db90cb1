// The Delivery dashboard's choices, kept in the address bar: a team, one of
// its services, and a period (the last 7, 28 or 90 days, or two dates),
// and the query they send to GET /api/v1/metrics/delivery.

import type { DeliveryQuery, WeekFigures } from "../api/types";

export const PERIODS = [
  { value: "7", label: "Last 7 days" },
  { value: "28", label: "Last 28 days" },
  { value: "90", label: "Last 90 days" },
  { value: "custom", label: "Between dates" },
] as const;

export type PeriodChoice = (typeof PERIODS)[number]["value"];

export interface DeliveryChoice {
  teamId: string;
  serviceId: string;
  period: PeriodChoice;
  /** from and to are dates (YYYY-MM-DD), both included, for a custom period. */
  from: string;
  to: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** choiceFromSearch reads the dashboard's choices from the address; the default is the last 28 days of every team. */
export function choiceFromSearch(search: URLSearchParams): DeliveryChoice {
  const period = search.get("period");
  const from = search.get("from") ?? "";
  const to = search.get("to") ?? "";
  const custom = period === "custom" && DATE.test(from) && DATE.test(to);
  return {
    teamId: search.get("team") ?? "",
    serviceId: search.get("service") ?? "",
    period: custom ? "custom" : PERIODS.some((p) => p.value === period) && period !== "custom" ? (period as PeriodChoice) : "28",
    from: custom ? from : "",
    to: custom ? to : "",
  };
}

/** choiceToSearch writes the choices for the address, leaving the defaults out. */
export function choiceToSearch(c: DeliveryChoice): URLSearchParams {
  const out = new URLSearchParams();
  if (c.teamId) out.set("team", c.teamId);
  if (c.serviceId) out.set("service", c.serviceId);
  if (c.period !== "28") out.set("period", c.period);
  if (c.period === "custom") {
    out.set("from", c.from);
    out.set("to", c.to);
  }
  return out;
}

/** nextDay is the date after a YYYY-MM-DD date. */
export function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * deliveryQuery is what the dashboard asks for. The last N days run up to
 * the server's now (to is left out) from N days before `now`; two dates
 * are whole UTC days, the second included.
 */
export function deliveryQuery(c: DeliveryChoice, now: Date): DeliveryQuery {
  const q: DeliveryQuery = {};
  if (c.teamId) q.team = c.teamId;
  if (c.serviceId) q.service = c.serviceId;
  if (c.period === "custom") {
    q.from = c.from;
    q.to = nextDay(c.to);
  } else {
    const from = new Date(now.getTime() - Number(c.period) * 24 * 3600 * 1000);
    // To the minute, so that asking again in the same minute asks the same.
    from.setUTCSeconds(0, 0);
    q.from = from.toISOString().replace(/\.000Z$/, "Z");
  }
  return q;
}

/** weekLabel names a week by its first day in the team's zone: "Jan 4". */
export function weekLabel(week: Pick<WeekFigures, "from">, timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: timeZone || "UTC" }).format(new Date(week.from));
}

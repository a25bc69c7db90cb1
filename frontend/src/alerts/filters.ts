// The alert list's filters: what the controls hold, how they read from and
// write to the address bar (so a filtered list can be linked and survives a
// reload), and the query they send to GET /api/v1/alerts.

import type { AlertFilterQuery, Urgency } from "../api/types";

export type StatusFilter = "open" | "triggered" | "acknowledged" | "resolved" | "all";

export const STATUS_FILTERS: readonly { value: StatusFilter; label: string }[] = [
  { value: "open", label: "Open" },
  { value: "triggered", label: "Triggered" },
  { value: "acknowledged", label: "Acknowledged" },
  { value: "resolved", label: "Resolved" },
  { value: "all", label: "All" },
];

export interface AlertFilter {
  teamId: string;
  serviceId: string;
  status: StatusFilter;
  urgency: "" | Urgency;
  held: boolean;
}

/** PAGE_SIZE is how many alerts the list shows at first, and how many more each "Show more" adds. */
export const PAGE_SIZE = 50;
/** MAX_LIMIT is the most the API returns in one call. */
export const MAX_LIMIT = 500;

export const DEFAULT_FILTER: AlertFilter = { teamId: "", serviceId: "", status: "open", urgency: "", held: false };

function isStatus(v: string | null): v is StatusFilter {
  return STATUS_FILTERS.some((s) => s.value === v);
}

/** filterFromSearch reads the filter from the address bar's query; anything unknown falls back to the default. */
export function filterFromSearch(search: URLSearchParams): AlertFilter {
  const status = search.get("status");
  const urgency = search.get("urgency");
  return {
    teamId: search.get("team") ?? "",
    serviceId: search.get("service") ?? "",
    status: isStatus(status) ? status : DEFAULT_FILTER.status,
    urgency: urgency === "high" || urgency === "low" ? urgency : "",
    held: search.get("held") === "true",
  };
}

/** filterToSearch writes the filter for the address bar, leaving defaults out so the plain list has a plain address. */
export function filterToSearch(f: AlertFilter): URLSearchParams {
  const out = new URLSearchParams();
  if (f.teamId) out.set("team", f.teamId);
  if (f.serviceId) out.set("service", f.serviceId);
  if (f.status !== DEFAULT_FILTER.status) out.set("status", f.status);
  if (f.urgency) out.set("urgency", f.urgency);
  if (f.held) out.set("held", "true");
  return out;
}

/**
 * alertQuery is what the list asks the API for: "all" sends no status (the
 * API then returns every status), held is sent only when asked for, and the
 * limit is clamped to what the API accepts.
 */
export function alertQuery(f: AlertFilter, limit: number = PAGE_SIZE): AlertFilterQuery {
  const q: AlertFilterQuery = { limit: Math.min(Math.max(1, Math.floor(limit)), MAX_LIMIT) };
  if (f.teamId) q.team_id = f.teamId;
  if (f.serviceId) q.service_id = f.serviceId;
  if (f.status !== "all") q.status = f.status;
  if (f.urgency) q.urgency = f.urgency;
  if (f.held) q.held = true;
  return q;
}

/** isFiltered tells whether anything but the default filter is applied (to word the empty list). */
export function isFiltered(f: AlertFilter): boolean {
  return filterToSearch(f).toString() !== "";
}

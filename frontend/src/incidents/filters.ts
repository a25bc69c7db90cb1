// The incident list's filters: status, severity, team, service, the days
// the incident started in and "review overdue", read from and written to
// the address bar, and the query they send to GET /api/v1/incidents.

import type { IncidentQuery, IncidentSeverity } from "../api/types";
import { INCIDENT_SEVERITIES } from "../api/types";

export type IncidentStatusFilter = "open" | "triggered" | "acknowledged" | "mitigated" | "resolved" | "all";

export const INCIDENT_STATUS_FILTERS: readonly { value: IncidentStatusFilter; label: string }[] = [
  { value: "open", label: "Open" },
  { value: "triggered", label: "Triggered" },
  { value: "acknowledged", label: "Acknowledged" },
  { value: "mitigated", label: "Mitigated" },
  { value: "resolved", label: "Resolved" },
  { value: "all", label: "All" },
];

export interface IncidentFilter {
  status: IncidentStatusFilter;
  severity: "" | IncidentSeverity;
  teamId: string;
  serviceId: string;
  /** from and to are days (YYYY-MM-DD, this browser's zone), both included: incidents started in them; "" for no bound. */
  from: string;
  to: string;
  /** overdue keeps only the SEV1 and SEV2 whose review reminder is due. */
  overdue: boolean;
}

export const DEFAULT_INCIDENT_FILTER: IncidentFilter = { status: "all", severity: "", teamId: "", serviceId: "", from: "", to: "", overdue: false };

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** dayOrEmpty keeps a real calendar day written YYYY-MM-DD. */
function dayOrEmpty(v: string | null): string {
  const m = v ? DAY.exec(v) : null;
  if (!m) return "";
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return d.getFullYear() === Number(m[1]) && d.getMonth() === Number(m[2]) - 1 && d.getDate() === Number(m[3]) ? v! : "";
}

/** midnight is the start of day (YYYY-MM-DD) plus days, in this browser's zone, as RFC 3339. */
function midnight(day: string, days = 0): string {
  const m = DAY.exec(day)!;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days).toISOString();
}

/** INCIDENT_LIMIT is how many incidents the list asks for. */
export const INCIDENT_LIMIT = 100;

/** incidentFilterFromSearch reads the filter from the address; anything unknown falls back to the default. */
export function incidentFilterFromSearch(search: URLSearchParams): IncidentFilter {
  const status = search.get("status");
  const severity = search.get("severity");
  return {
    status: INCIDENT_STATUS_FILTERS.some((s) => s.value === status) ? (status as IncidentStatusFilter) : DEFAULT_INCIDENT_FILTER.status,
    severity: INCIDENT_SEVERITIES.includes(severity as IncidentSeverity) ? (severity as IncidentSeverity) : "",
    teamId: search.get("team") ?? "",
    serviceId: search.get("service") ?? "",
    from: dayOrEmpty(search.get("from")),
    to: dayOrEmpty(search.get("to")),
    overdue: search.get("review") === "overdue",
  };
}

/** incidentFilterToSearch writes the filter for the address, leaving defaults out. */
export function incidentFilterToSearch(f: IncidentFilter): URLSearchParams {
  const out = new URLSearchParams();
  if (f.status !== DEFAULT_INCIDENT_FILTER.status) out.set("status", f.status);
  if (f.severity) out.set("severity", f.severity);
  if (f.teamId) out.set("team", f.teamId);
  if (f.serviceId) out.set("service", f.serviceId);
  if (f.from) out.set("from", f.from);
  if (f.to) out.set("to", f.to);
  if (f.overdue) out.set("review", "overdue");
  return out;
}

/** incidentQuery is what the list asks the API for; "all" sends no status. */
export function incidentQuery(f: IncidentFilter): IncidentQuery {
  const q: IncidentQuery = { limit: INCIDENT_LIMIT };
  if (f.status !== "all") q.status = f.status;
  if (f.severity) q.severity = f.severity;
  if (f.teamId) q.team = f.teamId;
  if (f.serviceId) q.service = f.serviceId;
  if (f.from) q.from = midnight(f.from);
  if (f.to) q.to = midnight(f.to, 1);
  if (f.overdue) q.review = "overdue";
  return q;
}

/** isIncidentFiltered tells whether anything but the default filter is applied. */
export function isIncidentFiltered(f: IncidentFilter): boolean {
  return incidentFilterToSearch(f).toString() !== "";
}

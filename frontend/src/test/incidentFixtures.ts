// Incidents, reviews and delivery figures for the incident pages' unit tests.

import type { Alert, Incident, IncidentDetail, Review, User } from "../api/types";

export const olga: User = { id: "1", email: "olga@example.com", name: "Olga Petrova", discipline: "ops", time_zone: "Europe/Berlin", is_admin: false };
export const dan: User = { id: "2", email: "dan@example.com", name: "Dan Miller", discipline: "dev", time_zone: "America/New_York", is_admin: false };

export function incident(id: string, over: Partial<Incident> = {}): Incident {
  return {
    id,
    title: `incident ${id}`,
    severity: "SEV2",
    status: "triggered",
    team_id: "1",
    team_name: "payments",
    commander: null,
    opened_by: null,
    responders: [],
    services: [{ id: "5", name: "checkout" }],
    alert_count: 1,
    started_at: "2027-01-13T09:00:00Z",
    detected_at: "2027-01-13T09:00:00Z",
    acknowledged_at: null,
    mitigated_at: null,
    resolved_at: null,
    review: { status: "none", due_at: null, overdue: false },
    created_at: "2027-01-13T09:00:00Z",
    updated_at: "2027-01-13T09:00:00Z",
    ...over,
  };
}

export function alert(id: string, over: Partial<Alert> = {}): Alert {
  return {
    id,
    service_id: "5",
    service_name: "checkout",
    team_id: "1",
    dedup_key: `k${id}`,
    status: "triggered",
    urgency: "high",
    severity: "critical",
    summary: `alert ${id}`,
    count: 1,
    created_at: "2027-01-13T08:59:00Z",
    ...over,
  };
}

export function detail(over: Partial<Incident> = {}): IncidentDetail {
  return {
    incident: incident("4", over),
    timeline: [
      { seq: 1, at: "2027-01-13T08:59:00Z", kind: "alert_triggered", description: "Alert alert 7 triggered on checkout", alert_id: "7" },
      { seq: 2, at: "2027-01-13T09:00:00Z", kind: "opened", description: "Opened SEV2 from alert 7 by Rota" },
      { seq: 3, at: "2027-01-13T09:00:01Z", kind: "paged", description: "Paged Olga Petrova by sms", user: { id: "1", name: "Olga Petrova" }, channel: "sms" },
    ],
    alerts: [alert("7")],
    changes: [
      {
        id: "30",
        service_id: "5",
        service_name: "checkout",
        summary: "deploy checkout v42",
        source: "ci",
        timestamp: "2027-01-13T08:30:00Z",
        lead_time_seconds: 5400,
        links: [{ href: "https://ci.example.com/42", text: "build 42" }],
        images: [],
      },
      { id: "29", service_id: "5", service_name: "checkout", summary: "deploy checkout v41", timestamp: "2027-01-12T20:00:00Z", links: [], images: [] },
    ],
  };
}

export function review(over: Partial<Review> = {}): Review {
  return {
    incident_id: "4",
    status: "draft",
    summary: "",
    impact: "",
    contributing_factors: [],
    went_well: [],
    was_hard: [],
    action_items: [],
    submitted_at: null,
    submitted_by: null,
    published_at: null,
    published_by: null,
    responder_load: [
      {
        user: { id: "1", name: "Olga Petrova" },
        pages: 3,
        shadow_pages: 0,
        interruptions: { total: 2, business: 1, off_hours: 1, sleep: 1 },
        first_paged_at: "2027-01-13T09:00:01Z",
        engaged_seconds: 5400,
      },
    ],
    ...over,
  };
}

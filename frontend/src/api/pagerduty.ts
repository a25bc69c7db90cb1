// The shapes of Settings → PagerDuty (GET/PUT/DELETE
// /api/v1/pagerduty/connection, GET /api/v1/pagerduty/sync, POST
// /api/v1/pagerduty/import), as the OpenAPI document describes them.

/** PagerDutyConnection never holds the token: only where it comes from and its last four characters. */
export interface PagerDutyConnection {
  connected: boolean;
  /** environment: ROTA_PAGERDUTY_TOKEN, which wins; settings: stored here. */
  source: "" | "environment" | "settings";
  token_last4: string;
  stored: boolean;
  connected_at: string | null;
  connected_by: string;
  api_url: string;
}

export interface PagerDutyConnectionResponse {
  connection: PagerDutyConnection;
}

/** PagerDutyProblem is something PagerDuty has that the import skipped or changed, and why. */
export interface PagerDutyProblem {
  kind: string;
  id: string;
  name: string;
  reason: string;
  text: string;
}

/** PagerDutyCheck compares one imported schedule's on-call with PagerDuty's final schedule. */
export interface PagerDutyCheck {
  pagerduty_id: string;
  team: string;
  name: string;
  from: string;
  to: string;
  faithful: boolean;
  differences: string[];
  total_differences: number;
}

export interface PagerDutyImport {
  id: string;
  dry_run: boolean;
  status: "ok" | "failed";
  error: string;
  error_lines: string[];
  actor_id?: string;
  started_at: string;
  finished_at: string;
  at?: string | null;
  fetched?: { users: number; teams: number; schedules: number; escalation_policies: number; services: number };
  /** plan is the plan's lines: "+ …" create, "~ …" update, "- …" delete. */
  plan: string[];
  summary: string;
  notes: string[];
  created: number;
  updated: number;
  deleted: number;
  skipped: PagerDutyProblem[];
  changed: PagerDutyProblem[];
  checks: PagerDutyCheck[];
  faithful: boolean;
}

export interface PagerDutyMirror {
  schedule: string;
  tier: string;
  pagerduty_schedule: string;
  status: "ok" | "failed";
  error: string;
  from: string;
  to: string;
  lines: string[];
  created: number;
  deleted: number;
  kept: number;
}

export interface PagerDutySync {
  connection: PagerDutyConnection;
  last_import: PagerDutyImport | null;
  last_applied_import: PagerDutyImport | null;
  last_mirror: PagerDutyMirror | null;
}

export interface PagerDutyImportInput {
  dry_run: boolean;
  weeks?: number;
  discipline?: "" | "dev" | "ops";
}

export interface PagerDutyImportResponse {
  import: PagerDutyImport;
}

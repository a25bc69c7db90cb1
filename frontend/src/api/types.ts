// Types of the JSON the Rota API speaks (/api/v1). They mirror the Go DTOs in
// api/; keep the field names in snake_case as they are on the wire.

export type Discipline = "dev" | "ops";

export interface User {
  id: string;
  email: string;
  name: string;
  discipline: Discipline;
  time_zone: string;
  is_admin: boolean;
  /** phone is left out when the caller may not see it (see has_phone). */
  phone?: string;
  /** has_phone says whether the user has a number, also when phone is not shown. */
  has_phone?: boolean;
  working_hours?: string;
  /** created_at is an RFC 3339 instant in UTC. */
  created_at?: string;
}

/** ErrorBody is the one error shape every /api/v1 endpoint answers with. */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    field?: string;
  };
}

export interface LoginRequest {
  email: string;
  password: string;
}

export interface UserResponse {
  user: User;
}

/** UsersResponse answers GET /api/v1/users. */
export interface UsersResponse {
  users: User[];
}

// Teams.

export interface Team {
  id: string;
  name: string;
  created_at?: string;
}

export type TeamRole = "admin" | "member";

export interface TeamMember {
  user: User;
  role: TeamRole;
}

export interface TeamResponse {
  team: Team;
}

// Permissions: what the signed-in user may do (GET /api/v1/me/permissions).

/** OrgAction is an organisation-wide action the server reports. */
export type OrgAction = "org.manage";

/** TeamAction is an action the server reports per team. */
export type TeamAction = "team.manage" | "override.create" | "swap.request" | "alert.act";

export interface TeamPermissions {
  team_id: string;
  /** role is the user's role in the team, "" when not a member. */
  role: TeamRole | "";
  may: TeamAction[];
}

export interface Permissions {
  org_admin: boolean;
  org: OrgAction[];
  /** teams has one entry per team of the organisation. */
  teams: TeamPermissions[];
}

export interface PermissionsResponse {
  permissions: Permissions;
}

export interface TeamsResponse {
  teams: Team[];
}

export interface TeamMembersResponse {
  members: TeamMember[];
}

// Schedules.

export type TierName = "primary" | "secondary" | "shadow";

/** TIERS lists the tiers in the order the app shows them. */
export const TIERS: readonly TierName[] = ["primary", "secondary", "shadow"];

export type Weekday = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";

/** WEEKDAYS lists the days in ISO order (Monday first), as the API spells them. */
export const WEEKDAYS: readonly Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/** Engineer is a team member as a schedule sees them. */
export interface Engineer {
  id: string;
  name: string;
  discipline: Discipline;
  time_zone?: string;
}

/** Window is a weekly coverage window; times are local to the schedule ("HH:MM"). */
export interface Window {
  days: Weekday[];
  from: string;
  to: string;
}

export interface Layer {
  id?: string;
  name: string;
  /** participants are user ids in rotation order. */
  participants: string[];
  /** start is a local date-time in the schedule's zone, "YYYY-MM-DDTHH:MM". */
  start: string;
  /** shift is a length such as "8h", "12h", "1d", "1w". */
  shift: string;
  /** coverage is empty for "always". */
  coverage: Window[];
}

export interface Tiers {
  primary?: Layer[];
  secondary?: Layer[];
  shadow?: Layer[];
}

export type Pairing = "" | "mixed";

/** ScheduleInput is the body of POST /teams/{id}/schedules and PUT /schedules/{id}. */
export interface ScheduleInput {
  name: string;
  time_zone: string;
  holidays?: string[];
  pairing?: Pairing;
  tiers: Tiers;
  /** version is required on update: the version that was edited. */
  version?: number;
}

export interface Schedule {
  id: string;
  team_id: string;
  name: string;
  time_zone: string;
  holidays: string[];
  pairing: string;
  version: number;
  tiers: Tiers;
  members: Engineer[];
  updated_at?: string;
}

export interface ScheduleResponse {
  schedule: Schedule;
}

export interface SchedulesResponse {
  schedules: Schedule[];
}

export type SourceKind = "layer" | "override";

/** Source says where a shift came from: a layer (by id and name) or an override. */
export interface Source {
  kind: SourceKind;
  id: string;
  name?: string;
}

export interface Shift {
  tier: TierName;
  user_id: string;
  user_name?: string;
  discipline: Discipline;
  start: string;
  end: string;
  source: Source;
}

export interface Gap {
  tier: string;
  start: string;
  end: string;
}

export interface PairingViolation {
  start?: string;
  end?: string;
  discipline?: string;
  primary_id?: string;
  secondary_id?: string;
}

export interface ShiftsResponse {
  schedule_id?: string;
  from?: string;
  to?: string;
  shifts?: Shift[];
  gaps?: Gap[];
  pairing_violations?: PairingViolation[];
}

// On call.

export interface TierOnCall {
  tier: TierName;
  user: Engineer;
  start: string;
  end: string;
  next_handoff?: string | null;
  source?: Source;
}

export interface ScheduleOnCall {
  id?: string;
  name?: string;
  time_zone?: string;
  oncall?: TierOnCall[];
  /** gaps lists the tiers with nobody on call at the instant asked. */
  gaps?: string[];
}

export interface TeamOnCall {
  team?: Team;
  schedules?: ScheduleOnCall[];
}

export interface OnCallResponse {
  at: string;
  teams: TeamOnCall[];
}

// Overrides and swaps.

export interface Override {
  id: string;
  schedule_id: string;
  tier: TierName;
  user_id: string;
  start: string;
  end: string;
  note?: string;
  created_by?: string;
  created_at?: string;
}

export interface OverrideInput {
  tier: TierName;
  /** user_id defaults to the caller. */
  user_id?: string;
  start: string;
  end: string;
  note?: string;
}

export interface OverrideResponse {
  override: Override;
}

export interface OverridesResponse {
  overrides: Override[];
}

export type SwapState = "requested" | "accepted" | "declined" | "cancelled";

export interface Swap {
  id: string;
  schedule_id: string;
  tier: TierName;
  requester_id: string;
  target_id: string;
  start: string;
  end: string;
  state: SwapState;
  message?: string;
  override_id?: string;
  created_at?: string;
  decided_at?: string | null;
}

export interface SwapInput {
  tier: TierName;
  target_id: string;
  start: string;
  end: string;
  message?: string;
}

export interface SwapResponse {
  swap: Swap;
}

export interface SwapsResponse {
  swaps: Swap[];
}

export interface SwapFilter {
  schedule_id?: string;
  state?: SwapState;
  mine?: boolean;
}

// Calendar feeds.

export interface CalendarFeed {
  active: boolean;
  created_at?: string | null;
  my_shifts_url?: string;
  /** schedule_url_template holds "{schedule_id}" to replace. */
  schedule_url_template?: string;
}

export interface CalendarFeedResponse {
  feed: CalendarFeed;
}

// Paging: alerts, pages, escalation policies, services, integrations,
// maintenance and routing rules (api/openapi.yaml, "Alerts, routing,
// escalation, paging").

export type AlertStatus = "triggered" | "acknowledged" | "resolved";
export type Urgency = "high" | "low";
export type Severity = "critical" | "error" | "warning" | "info";

/** SEVERITIES lists the severities from the loudest down. */
export const SEVERITIES: readonly Severity[] = ["critical", "error", "warning", "info"];

export interface Alert {
  id: string;
  service_id: string;
  service_name?: string;
  team_id: string;
  dedup_key: string;
  status: AlertStatus;
  urgency: Urgency;
  severity: string;
  summary: string;
  source?: string;
  details?: Record<string, unknown>;
  labels?: Record<string, string>;
  /** count is how many events were folded into the alert (1 when never deduplicated). */
  count: number;
  created_at: string;
  last_seen_at?: string;
  acked_at?: string | null;
  acked_by?: string;
  resolved_at?: string | null;
  resolved_by?: string;
  /** held is true while a low-urgency alert waits for business hours. */
  held?: boolean;
  held_until?: string | null;
  /** suppressed alerts arrived during maintenance: kept, never paged. */
  suppressed?: boolean;
  next_step_at?: string | null;
  step?: number;
  loop?: number;
}

/** AlertFilterQuery is the query of GET /api/v1/alerts as sent. */
export interface AlertFilterQuery {
  team_id?: string;
  service_id?: string;
  /** status is comma-separated: open, triggered, acknowledged, resolved. */
  status?: string;
  urgency?: Urgency;
  held?: boolean;
  /** before is an alert id to page backwards from. */
  before?: string;
  limit?: number;
}

export interface AlertsResponse {
  alerts: Alert[];
}

export interface TimelineEntry {
  id: string;
  at: string;
  kind: string;
  message: string;
  actor_id?: string;
  actor_name?: string;
}

export type PageStatus = "pending" | "sending" | "sent" | "failed" | "cancelled";

/** Page is one notification to one engineer for one alert over one channel. */
export interface Page {
  id: string;
  alert_id: string;
  user_id: string;
  channel: string;
  shadow: boolean;
  step?: number;
  loop?: number;
  urgency?: string;
  status: PageStatus;
  attempts?: number;
  next_attempt_at?: string;
  created_at?: string;
  sent_at?: string | null;
  error?: string;
  /** via says how the engineer was reached, e.g. "schedule payments-oncall primary". */
  via?: string;
}

/** AlertDetail answers GET /api/v1/alerts/{id}. */
export interface AlertDetail {
  alert: Alert;
  timeline: TimelineEntry[];
  pages: Page[];
}

/** AlertActionResult answers ack, resolve and escalate. */
export interface AlertActionResult {
  alert: Alert;
  /** shadow_ack is true when the caller was paged only as a shadow: escalation continues. */
  shadow_ack?: boolean;
}

export interface BulkAckResult {
  alert_id: string;
  status?: string;
  error?: string;
}

export interface BulkAckResponse {
  results: BulkAckResult[];
}

export interface PagesResponse {
  pages: Page[];
}

export type PagingSender = "log" | "webhook" | "twilio";

export interface PagingStatus {
  sender: PagingSender;
  /** sending is false when pages are only logged. */
  sending: boolean;
}

// Escalation policies.

export type TargetTier = "primary" | "secondary";

/** Target is a schedule's tier or one engineer. */
export interface Target {
  schedule_id?: string;
  tier?: TargetTier | string;
  user_id?: string;
}

export interface Step {
  /** after is the time since the pass started: "0m", "5m", "1h". */
  after: string;
  targets: Target[];
}

export interface PolicyInput {
  name: string;
  /** repeat is how many passes follow the first (0–9). */
  repeat?: number;
  repeat_after?: string;
  steps: Step[];
  /** version is required on update: the version that was edited. */
  version?: number;
}

export interface Policy {
  id: string;
  team_id: string;
  name: string;
  repeat: number;
  repeat_after: string;
  steps: Step[];
  version: number;
  updated_at?: string;
}

export interface PolicyResponse {
  policy: Policy;
}

export interface PoliciesResponse {
  policies: Policy[];
}

// Services.

export type UrgencyRule = "high" | "low" | "from-severity";

/** Hours are a service's business hours: weekly windows in a zone. */
export interface Hours {
  time_zone?: string;
  windows?: Window[];
}

export interface ServiceInput {
  name: string;
  description?: string;
  escalation_policy_id?: string;
  urgency?: UrgencyRule;
  business_hours?: Hours;
  hold_low_outside_hours?: boolean;
  version?: number;
}

export interface Service {
  id: string;
  team_id: string;
  name: string;
  description?: string;
  escalation_policy_id?: string;
  urgency: UrgencyRule;
  business_hours: Hours;
  hold_low_outside_hours: boolean;
  version: number;
  updated_at?: string;
}

export interface ServiceResponse {
  service: Service;
}

export interface ServicesResponse {
  services: Service[];
}

export interface Maintenance {
  id: string;
  service_id: string;
  start: string;
  end: string;
  reason?: string;
}

export interface MaintenanceInput {
  start: string;
  end: string;
  reason?: string;
}

/** ServiceDetail answers GET /api/v1/services/{id}: the service and its current and future maintenance. */
export interface ServiceDetail {
  service: Service;
  maintenance: Maintenance[];
}

export interface MaintenanceResponse {
  maintenance: Maintenance;
}

export type IntegrationType = "generic" | "alertmanager" | "pagerduty";

export interface Integration {
  id: string;
  service_id: string;
  name: string;
  type: IntegrationType;
  /** prefix is the start of the key, all that is kept in the clear. */
  prefix: string;
  created_at?: string;
  revoked_at?: string | null;
}

export interface IntegrationInput {
  name: string;
  type: IntegrationType;
}

/** CreatedIntegration answers POST …/integrations: the key and URL are shown once. */
export interface CreatedIntegration {
  integration: Integration;
  key: string;
  url: string;
}

export interface IntegrationsResponse {
  integrations: Integration[];
}

// Routing rules.

export type MatchField = "summary" | "source" | "severity" | "dedup_key";

/** MATCH_FIELDS are the alert fields a rule can match. */
export const MATCH_FIELDS: readonly MatchField[] = ["summary", "source", "severity", "dedup_key"];

/** RuleMatch names a label or a field, and equals or regex. */
export interface RuleMatch {
  label?: string;
  field?: MatchField | string;
  equals?: string;
  regex?: string;
}

export interface Rule {
  id?: string;
  name?: string;
  match: RuleMatch[];
  service_id: string;
}

export interface RulesResponse {
  rules: Rule[];
}

// Alert intake.

/** GenericEvent is the body of POST /api/v1/integrations/{key}/generic. */
export interface GenericEvent {
  summary?: string;
  dedup_key?: string;
  severity?: Severity;
  source?: string;
  status?: "firing" | "resolved";
  details?: Record<string, unknown>;
  labels?: Record<string, string>;
}

/** refused is an Alertmanager alert not stored because of a problem of its own (see error). */
export type IntakeOutcome = "created" | "deduplicated" | "acknowledged" | "resolved" | "dropped" | "refused";

export interface IntakeResult {
  alert_id?: string;
  dedup_key: string;
  outcome: IntakeOutcome;
  error?: { code: string; message: string; field?: string };
}

export interface IntakeResponse {
  status?: string;
  result: IntakeResult;
}

// Your own settings: profile, password, API tokens, contact methods and
// notification rules (api/openapi.yaml, /api/v1/me…).

/** UserPatch is the body of PATCH /api/v1/me: absent fields stay as they are. */
export interface UserPatch {
  name?: string;
  discipline?: Discipline;
  time_zone?: string;
  /** working_hours is "" (none) or like "mon-fri 09:00-17:00". */
  working_hours?: string;
}

/** ApiToken is one of your API tokens; its secret is shown only when it is created. */
export interface ApiToken {
  id: string;
  name: string;
  created_at?: string;
  last_used_at?: string | null;
  revoked_at?: string | null;
}

export interface TokensResponse {
  tokens: ApiToken[];
}

/** CreatedToken answers POST /api/v1/me/tokens: the secret is shown once. */
export interface CreatedToken {
  token: ApiToken;
  secret: string;
}

/** ContactMethodType: a phone number for SMS or calls, or a PagerDuty routing key pages are forwarded to. */
export type ContactMethodType = "sms" | "voice" | "pagerduty";

/** ContactMethod is a phone number you added; it is used only once verified by a code. */
export interface ContactMethod {
  id: string;
  type: ContactMethodType;
  /** address is the number in E.164 form. */
  address: string;
  verified: boolean;
  created_at?: string;
}

export interface ContactMethodInput {
  type: ContactMethodType;
  address: string;
}

export interface ContactMethodResponse {
  contact_method: ContactMethod;
}

export type RuleUrgency = "any" | "high" | "low";

/** NotificationRule says: this long after you are paged, use this method, for alerts of this urgency. */
export interface NotificationRule {
  contact_method_id: string;
  /** delay is whole minutes as the API writes them: "0m", "2m", "1h", "1h30m". */
  delay: string;
  urgency?: RuleUrgency;
}

export interface NotificationRulesResponse {
  rules: NotificationRule[];
}

/** ContactSettings answers GET /api/v1/me/contact-methods. */
export interface ContactSettings {
  contact_methods: ContactMethod[];
  rules: NotificationRule[];
  /** primary_phone is set by an admin (or rota apply) and counts as verified; "" when none. */
  primary_phone: string;
  /** default_rules is true when you have no rules of your own: SMS at once, a call after 2 minutes. */
  default_rules: boolean;
  /** sms_enabled is false when Twilio is not configured: numbers cannot be verified, pages are only recorded. */
  sms_enabled: boolean;
}

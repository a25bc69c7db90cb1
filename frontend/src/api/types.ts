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
  /** handoff_notices: told at the start of your primary and secondary shifts (on when absent). */
  handoff_notices?: boolean;
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

/** LoginResponse answers POST /api/v1/auth/login. */
export interface LoginResponse {
  user: User;
  /**
   * must_change_password says the password was a one-time one: until a new
   * one is set, every other call answers 403 password_change_required.
   */
  must_change_password?: boolean;
}

/** UserInput creates a user (POST /api/v1/users, organisation admins). */
export interface UserInput {
  email: string;
  name: string;
  discipline: Discipline;
  time_zone: string;
  phone?: string;
  is_admin?: boolean;
}

/** InviteInput invites someone new to a team (POST /api/v1/teams/{id}/invites). */
export interface InviteInput {
  email: string;
  name: string;
  discipline: Discipline;
  time_zone: string;
  /** phone is for organisation admins only; others leave it to the engineer to add and verify. */
  phone?: string;
  role: TeamRole;
}

/** OneTimePasswordResponse carries a user and their one-time password, shown once. */
export interface OneTimePasswordResponse {
  user: User;
  one_time_password: string;
  role?: TeamRole;
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
export type TeamAction = "team.manage" | "team.invite" | "override.create" | "swap.request" | "alert.act" | "incident.manage" | "load.manage";

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
  /**
   * whole_shift is the whole shift this stretch is part of: for a layer's
   * stretch, its layer turn from the engineer's first to last instant on
   * call in it (a weekly turn cut by business hours is one whole shift);
   * for an override, the stretch itself. A swap over it gives it all away.
   * The server always sends it; code that builds shifts itself (tests, the
   * timeline) may leave it out, and wholeShift then reads the stretch.
   */
  whole_shift?: TimeRange;
}

/** TimeRange is a half-open range of instants, [start, end). */
export interface TimeRange {
  start: string;
  end: string;
}

/** wholeShift is the whole shift a stretch is part of (the stretch itself when not told). */
export function wholeShift(shift: Pick<Shift, "start" | "end" | "whole_shift">): TimeRange {
  return shift.whole_shift ?? { start: shift.start, end: shift.end };
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

// Timeline.

/** LayerRow is one layer on its own: its turns with coverage and holidays, without overrides or other layers. */
export interface LayerRow {
  index: number;
  /** position is the layer's place in its tier: tiers.<tier>[position]. */
  position: number;
  tier: TierName;
  id: string;
  name: string;
  shifts: Shift[];
}

export interface TimelineOverride {
  id: string;
  tier: string;
  user_id: string;
  user_name: string;
  start: string;
  end: string;
}

export type WarningCode = "same_engineer_two_tiers" | "empty_tier_used" | "past_start_gap" | "gap";

/** ScheduleWarning is something allowed but probably not meant; field names the input as validation errors do. */
export interface ScheduleWarning {
  code: WarningCode;
  field: string;
  message: string;
  start?: string;
  end?: string;
}

/** Timeline is a schedule as its timeline view draws it, over [from, to). */
export interface Timeline {
  schedule_id?: string;
  time_zone: string;
  from: string;
  to: string;
  layers: LayerRow[];
  /** final is the final schedule of every tier, overrides applied. */
  final: Shift[];
  overrides: TimelineOverride[];
  gaps: Gap[];
  warnings: ScheduleWarning[];
}

export interface TimelineResponse {
  timeline: Timeline;
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
  /** swap_id is the accepted swap that created the override, if one did. */
  swap_id?: string;
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

/**
 * SwapKind says whose shift a swap is: give offers the requester's shift to
 * the target, take asks the target for theirs. The target answers either way.
 */
export type SwapKind = "give" | "take";

export interface Swap {
  id: string;
  schedule_id: string;
  tier: TierName;
  kind: SwapKind;
  requester_id: string;
  target_id: string;
  start: string;
  end: string;
  state: SwapState;
  message?: string;
  override_id?: string;
  /** override_ids are every override an accepted swap created, one per stretch it handed over. */
  override_ids?: string[];
  created_at?: string;
  decided_at?: string | null;
}

export interface SwapInput {
  tier: TierName;
  /** kind defaults to give. */
  kind?: SwapKind;
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
  /** paged is who was paged for the alert, in the order first paged. */
  paged?: PagedUser[];
}

/** PagedUser is someone paged for an alert; shadow when only as a shadow. */
export interface PagedUser {
  user_id: string;
  name: string;
  shadow: boolean;
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
  /** incidents is manual or auto; absent on an update keeps the setting. */
  incidents?: IncidentMode;
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
  /** incidents: auto opens an incident for a new high-urgency alert (absent from an older server: manual). */
  incidents?: IncidentMode;
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
  /** handoff_notices turns the notice at the start of your shifts on or off. */
  handoff_notices?: boolean;
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

// Page load (GET /api/v1/load and friends).

export type LoadFlagCode = "sleep_interruptions" | "incidents_per_shift" | "oncall_share" | "unfair_share" | "small_rotation";

export interface LoadFlag {
  code: LoadFlagCode;
  message: string;
  user_id?: string;
  email?: string;
  value?: number;
}

// Incidents, post-incident reviews, action items, change events and the
// delivery metrics (api/openapi.yaml, /api/v1/incidents…).

/** IncidentMode says whether a service opens incidents from its alerts by itself. */
export type IncidentMode = "manual" | "auto";

export type IncidentSeverity = "SEV1" | "SEV2" | "SEV3" | "SEV4";

/** INCIDENT_SEVERITIES lists the severities from the worst down. */
export const INCIDENT_SEVERITIES: readonly IncidentSeverity[] = ["SEV1", "SEV2", "SEV3", "SEV4"];

export type IncidentStatus = "triggered" | "acknowledged" | "mitigated" | "resolved";

/** INCIDENT_STATUSES lists the statuses in the only order an incident moves through them. */
export const INCIDENT_STATUSES: readonly IncidentStatus[] = ["triggered", "acknowledged", "mitigated", "resolved"];

export type ReviewStatus = "draft" | "in_review" | "published";

export interface PersonRef {
  id: string;
  name: string;
}

export interface ServiceRef {
  id: string;
  name: string;
}

/** IncidentReviewState is the review's step and its reminder, as the incident list shows it. */
export interface IncidentReviewState {
  status: ReviewStatus | "none";
  due_at?: string | null;
  /** overdue: a resolved SEV1 or SEV2 without a published review after 5 business days in the team's zone. */
  overdue: boolean;
}

export interface Incident {
  id: string;
  title: string;
  severity: IncidentSeverity;
  status: IncidentStatus;
  team_id: string;
  team_name?: string;
  commander?: PersonRef | null;
  opened_by?: PersonRef | null;
  responders: PersonRef[];
  services: ServiceRef[];
  alert_count: number;
  started_at: string;
  detected_at: string;
  acknowledged_at?: string | null;
  mitigated_at?: string | null;
  resolved_at?: string | null;
  review: IncidentReviewState;
  created_at?: string;
  updated_at?: string;
}

export type IncidentEntryKind =
  | "opened"
  | "alert_triggered"
  | "paged"
  | "acknowledged"
  | "escalated"
  | "held"
  | "released"
  | "alert_resolved"
  | "linked"
  | "status_changed"
  | "edited"
  | "change_deployed"
  | "note";

/** IncidentEntry is one line of an incident's timeline; description is the sentence the Markdown export writes. */
export interface IncidentEntry {
  /** seq is the order of appending, and what a correction names. */
  seq: number;
  at: string;
  kind: IncidentEntryKind | (string & {});
  description: string;
  actor?: PersonRef;
  user?: PersonRef;
  alert_id?: string;
  service_id?: string;
  service_name?: string;
  change_id?: string;
  channel?: string;
  shadow?: boolean;
  from?: string;
  to?: string;
  field?: string;
  text?: string;
  /** corrects is the seq of the entry this note corrects. */
  corrects?: number;
}

export interface ChangeLink {
  href: string;
  text?: string;
}

/** Change is a change event (a deploy) of a service. */
export interface Change {
  id: string;
  service_id: string;
  service_name?: string;
  summary: string;
  source?: string;
  timestamp: string;
  committed_at?: string | null;
  lead_time_seconds?: number | null;
  custom_details?: Record<string, unknown>;
  links: ChangeLink[];
  images: { src: string; href?: string; alt?: string }[];
  received_at?: string;
}

export interface ChangesResponse {
  changes: Change[];
}

/** IncidentDetail answers GET /api/v1/incidents/{id} and every change to an incident. */
export interface IncidentDetail {
  incident: Incident;
  /** timeline is in display order: by time, then by seq. */
  timeline: IncidentEntry[];
  /** alerts are the linked alerts, newest first. */
  alerts: Alert[];
  /** changes are the suspect changes: the services' deploys of the 24 hours before started_at, newest first. */
  changes: Change[];
}

export interface IncidentsResponse {
  incidents: Incident[];
}

/** IncidentQuery is the query of GET /api/v1/incidents as sent. */
export interface IncidentQuery {
  /** status is comma-separated: open, triggered, acknowledged, mitigated, resolved. */
  status?: string;
  /** severity is comma-separated: SEV1 … SEV4. */
  severity?: string;
  team?: string;
  service?: string;
  from?: string;
  to?: string;
  before?: string;
  review?: "overdue";
  limit?: number;
}

/** IncidentInput is the body of POST /api/v1/incidents. */
export interface IncidentInput {
  title: string;
  severity: IncidentSeverity;
  team_id?: string;
  commander_id?: string;
  service_ids?: string[];
  alert_ids?: string[];
  started_at?: string;
  detected_at?: string;
}

/** IncidentPatch is the body of PATCH /api/v1/incidents/{id}; absent fields stay as they are. */
export interface IncidentPatch {
  title?: string;
  severity?: IncidentSeverity;
  /** commander_id "" removes the commander. */
  commander_id?: string;
  started_at?: string;
}

export type ActionItemStatus = "open" | "in_progress" | "done" | "wont_do";

/** ACTION_ITEM_STATUSES lists the statuses in the order the app offers them. */
export const ACTION_ITEM_STATUSES: readonly ActionItemStatus[] = ["open", "in_progress", "done", "wont_do"];

export interface ActionItem {
  id: string;
  title: string;
  /** owner is an engineer's email. */
  owner: string;
  /** due is a date, YYYY-MM-DD. */
  due: string;
  status: ActionItemStatus;
  link?: string;
  overdue?: boolean;
  incident_id?: string;
  incident_title?: string;
}

export interface ActionItemInput {
  /** id is a stored item's; absent for a new one. */
  id?: string;
  title: string;
  owner: string;
  due: string;
  status?: ActionItemStatus;
  link?: string;
}

export interface ActionItemsResponse {
  action_items: ActionItem[];
}

export interface ActionItemQuery {
  /** status is comma-separated: pending (open or in progress), open, in_progress, done, wont_do. */
  status?: string;
  owner?: string;
  team?: string;
  limit?: number;
}

export interface Interruptions {
  total: number;
  business: number;
  off_hours: number;
  sleep: number;
}

export interface OnCallHours {
  primary: number;
  secondary: number;
  shadow: number;
}

export interface EngineerLoad {
  id: string;
  email: string;
  name: string;
  in_rotation?: boolean;
  pages: number;
  imported_pages?: number;
  /** pruned_pages are pages of alerts housekeeping pruned: counted from daily totals, not as interruptions. */
  pruned_pages?: number;
  interruptions: Interruptions;
  weighted?: number;
  share?: number;
  sleep_nights?: number;
  hours_on_call: OnCallHours;
  oncall_share?: number;
  shadow?: { pages: number; interruptions: number; acknowledged: number; completed: number };
  flags: LoadFlag[];
}

export interface LoadThresholds {
  sleep_interruptions: number;
  incidents_per_shift: number;
  oncall_share: number;
  unfair_share: number;
  min_rotation: number;
  shadow_shifts: number;
  business_hours_shifts: number;
}

export interface LoadThresholdsResponse {
  thresholds: LoadThresholds;
  effective: LoadThresholds;
}

export interface Learner {
  user_id: string;
  name?: string;
  schedule_id: string;
  schedule_name?: string;
  stage: "shadow" | "business_hours" | "full";
  next?: string;
  shadow_shifts?: number;
  business_hours_shifts?: number;
  shadow_pages?: number;
  shadow_acknowledged?: number;
  needed?: number;
  remaining?: number;
  ready: boolean;
  layers: { id: string; name: string }[];
  message: string;
}

export interface ProposedOverride {
  tier: TierName;
  user_id: string;
  start: string;
  end: string;
}

export interface LoadProposal {
  schedule_id: string;
  schedule_name: string;
  revision: number;
  digest: string;
  from: string;
  to: string;
  fairness_before: number;
  fairness_after: number;
  overrides: ProposedOverride[];
  swaps: { tier: string; from_user_id: string; to_user_id: string; start: string; end: string }[];
  orders: { layer_id: string; before: string[]; after: string[] }[];
  loads: { user_id: string; history: number; before: number; after: number; oncall_hours_before: number; oncall_hours_after: number }[];
}

/** Recovery suggests cover for an engineer's next business hours on call after a night with sleep-hour interruptions. */
export interface Recovery {
  user_id: string;
  night: string;
  message: string;
  schedule_id: string;
  tier: TierName;
  /** target_id is the first candidate to ask, "" when nobody can take it. */
  target_id: string;
  start: string;
  end: string;
  candidates: string[];
}

export interface TeamLoad {
  id: string;
  name: string;
  time_zone?: string;
  from?: string;
  to?: string;
  fairness: number;
  flags: LoadFlag[];
  rotation?: { size: number; sre_minimum: number; meets_sre_minimum: boolean };
  engineers: EngineerLoad[];
  /** heat_map[day][hour]: interruptions by hour of the week in the team's zone, day 0 Monday. */
  heat_map: number[][];
  weeks: { start: string; interruptions: Interruptions }[];
  thresholds: LoadThresholds;
  learners: Learner[];
  proposals: LoadProposal[];
  recoveries: Recovery[];
}

export interface LoadResponse {
  from: string;
  to: string;
  teams: TeamLoad[];
}

// The signed-in engineer's own on-call (GET /api/v1/me/oncall).

/** Stint is a stretch one engineer holds one tier of one schedule, back-to-back shifts joined. */
export interface Stint {
  schedule_id: string;
  schedule_name: string;
  team_id: string;
  team_name: string;
  tier: TierName;
  start: string;
  end: string;
  /** open_ended: no handoff in the next 60 days; end is only where the server stopped looking. */
  open_ended?: boolean;
}

export interface MyOnCall {
  at: string;
  current: Stint[];
  next: Stint | null;
}

// Who a policy would page now (GET /api/v1/escalation-policies/{id}/preview).

export interface PreviewTarget {
  user_id: string;
  name: string;
  shadow: boolean;
  via: string;
}

export interface PreviewStep {
  after: string;
  targets: PreviewTarget[];
  /** notes say what the step would miss, e.g. nobody on call for a tier. */
  notes: string[];
}

export interface PolicyPreview {
  at: string;
  policy_id: string;
  steps: PreviewStep[];
  services: { id: string; name: string }[];
}

/** ResponderLoad is Rota's part of a review, from the page records: not editable. */
export interface ResponderLoad {
  user: PersonRef;
  pages: number;
  shadow_pages: number;
  interruptions: Interruptions;
  first_paged_at?: string | null;
  engaged_seconds: number;
}

export interface Review {
  incident_id: string;
  status: ReviewStatus;
  summary: string;
  impact: string;
  contributing_factors: string[];
  went_well: string[];
  was_hard: string[];
  meeting_date?: string;
  action_items: ActionItem[];
  submitted_at?: string | null;
  submitted_by?: PersonRef | null;
  published_at?: string | null;
  published_by?: PersonRef | null;
  responder_load: ResponderLoad[];
}

/** ReviewInput is the body of PUT /api/v1/incidents/{id}/review: the whole content. */
export interface ReviewInput {
  summary: string;
  impact: string;
  contributing_factors: string[];
  went_well: string[];
  was_hard: string[];
  meeting_date?: string;
  action_items: ActionItemInput[];
}

export interface ReviewResponse {
  review: Review;
}

/** Figures are the delivery metrics of a service, a team, or a week. */
export interface Figures {
  deployments: number;
  deployments_per_week?: number;
  failed_deployments?: number;
  /** change_fail_rate is 0–1. */
  change_fail_rate: number;
  /** lead_time_seconds is the median commit → deploy over lead_time_samples (0 without samples). */
  lead_time_seconds: number;
  lead_time_samples?: number;
  incidents: number;
  incidents_by_severity?: Partial<Record<IncidentSeverity, number>>;
  mtta_seconds: number;
  acknowledged?: number;
  mttr_seconds: number;
  resolved?: number;
  open_action_items?: number;
  overdue_action_items?: number;
}

export interface ServiceFigures extends Figures {
  id: string;
  name: string;
  team_id: string;
}

export interface WeekFigures extends Figures {
  from: string;
  to: string;
}

/** DeliveryEngineerLoad is one engineer's pages in the delivery figures. */
export interface DeliveryEngineerLoad {
  user: PersonRef;
  pages: number;
  shadow_pages: number;
  interruptions: Interruptions;
}

export interface PageLoad {
  pages: number;
  shadow_pages: number;
  interruptions: Interruptions;
  engineers: DeliveryEngineerLoad[];
}

/** DeliveryMetrics answers GET /api/v1/metrics/delivery. */
export interface DeliveryMetrics {
  from: string;
  to: string;
  /** time_zone is the team's, in which weeks start on Monday. */
  time_zone: string;
  team_id?: string;
  service_id?: string;
  totals: Figures;
  services: ServiceFigures[];
  weeks: WeekFigures[];
  /** page_load is the team's page load, null without a team or service. */
  page_load: PageLoad | null;
}

export interface DeliveryQuery {
  team?: string;
  service?: string;
  /** from and to are RFC 3339 instants or YYYY-MM-DD dates (UTC). */
  from?: string;
  to?: string;
}

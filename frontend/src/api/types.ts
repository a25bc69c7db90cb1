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
  phone?: string;
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

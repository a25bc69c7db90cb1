// The one place the web app talks HTTP. Every call goes through ApiClient so
// that credentials, JSON handling and the error shape are treated alike, and
// so that tests can hand the app a fake fetch.

import type {
  ActionItem,
  ActionItemQuery,
  ActionItemsResponse,
  Alert,
  ApiToken,
  AlertActionResult,
  AlertDetail,
  AlertFilterQuery,
  AlertsResponse,
  BulkAckResponse,
  BulkAckResult,
  CalendarFeed,
  CalendarFeedResponse,
  Change,
  ChangesResponse,
  ContactMethod,
  ContactMethodInput,
  ContactMethodResponse,
  ContactSettings,
  CreatedToken,
  CreatedIntegration,
  DeliveryMetrics,
  DeliveryQuery,
  ErrorBody,
  GenericEvent,
  Incident,
  IncidentDetail,
  IncidentInput,
  IncidentPatch,
  IncidentQuery,
  IncidentsResponse,
  IntakeResponse,
  Integration,
  IntegrationInput,
  IntegrationsResponse,
  LoadProposal,
  LoadResponse,
  LoadThresholds,
  LoadThresholdsResponse,
  InviteInput,
  LoginRequest,
  LoginResponse,
  MyOnCall,
  OneTimePasswordResponse,
  PolicyPreview,
  UserInput,
  Maintenance,
  MaintenanceInput,
  MaintenanceResponse,
  NotificationRule,
  NotificationRulesResponse,
  OnCallResponse,
  Override,
  OverrideInput,
  OverrideResponse,
  OverridesResponse,
  Page,
  PagesResponse,
  PagingStatus,
  Permissions,
  PermissionsResponse,
  PoliciesResponse,
  Policy,
  PolicyInput,
  PolicyResponse,
  Review,
  ReviewInput,
  ReviewResponse,
  Rule,
  RulesResponse,
  Schedule,
  ScheduleInput,
  ScheduleResponse,
  SchedulesResponse,
  Service,
  ServiceDetail,
  ServiceInput,
  ServiceResponse,
  ServicesResponse,
  ShiftsResponse,
  Timeline,
  TimelineResponse,
  Swap,
  SwapFilter,
  SwapInput,
  SwapResponse,
  SwapsResponse,
  Team,
  TeamMember,
  TeamMembersResponse,
  TeamResponse,
  TeamRole,
  TeamsResponse,
  TokensResponse,
  User,
  UserPatch,
  UserResponse,
  UsersResponse,
} from "./types";
import type {
  PagerDutyConnection,
  PagerDutyConnectionResponse,
  PagerDutyImport,
  PagerDutyImportInput,
  PagerDutyImportResponse,
  PagerDutySync,
} from "./pagerduty";

/** ErrorCode lists the codes the server uses, plus the client's own. */
export type ErrorCode =
  | "invalid"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
  | "conflict"
  | "too_large"
  | "unsupported_media_type"
  | "rate_limited"
  | "unavailable"
  | "internal"
  // Client-side codes: the request never got an answer, or the answer was not
  // the JSON we expected.
  | "network"
  | "bad_response"
  | (string & {});

/**
 * ApiError is what every failed call throws: the HTTP status (0 when the
 * server could not be reached), the server's code and user-safe message, and
 * the name of the offending input field when the server gave one, and the
 * server's X-Request-ID to quote when reporting a problem.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly field: string | undefined;
  requestId: string | undefined;

  constructor(status: number, code: ErrorCode, message: string, field?: string) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.field = field;
  }

  /** isUnauthenticated tells whether the session is missing or expired. */
  get isUnauthenticated(): boolean {
    return this.status === 401;
  }
}

/** isApiError narrows an unknown thrown value. */
export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}

/** FetchLike is the part of window.fetch the client uses. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  /** body is sent as JSON. */
  body?: unknown;
  /** query is appended as URL parameters; null and undefined are left out. */
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
}

export interface ApiClientOptions {
  /** baseUrl is prefixed to every path; empty means the page's own origin. */
  baseUrl?: string;
  fetch?: FetchLike;
}

/** Default codes by status, for answers that carry no error body. */
const codeForStatus: Record<number, ErrorCode> = {
  400: "invalid",
  401: "unauthenticated",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  409: "conflict",
  413: "too_large",
  415: "unsupported_media_type",
  422: "invalid",
  429: "rate_limited",
  503: "unavailable",
};

function defaultCode(status: number): ErrorCode {
  return codeForStatus[status] ?? (status >= 500 ? "internal" : "http_" + status);
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== "object" || value === null) return false;
  const inner = (value as { error?: unknown }).error;
  return (
    typeof inner === "object" &&
    inner !== null &&
    typeof (inner as { code?: unknown }).code === "string" &&
    typeof (inner as { message?: unknown }).message === "string"
  );
}

function isJson(res: Response): boolean {
  const type = res.headers.get("Content-Type") ?? "";
  return /^application\/([\w.+-]+\+)?json\b/i.test(type);
}

/**
 * errorFromResponse turns a non-2xx answer into an ApiError, reading the
 * `{"error":{code,message,field}}` body when there is one and falling back to
 * the status alone (a proxy's HTML page, an empty body) when there is not.
 */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  const err = await parseError(res);
  err.requestId = res.headers.get("X-Request-ID") ?? undefined;
  return err;
}

async function parseError(res: Response): Promise<ApiError> {
  let text = "";
  try {
    text = await res.text();
  } catch {
    // The body could not be read; the status still says enough.
  }
  if (text !== "") {
    try {
      const parsed: unknown = JSON.parse(text);
      if (isErrorBody(parsed)) {
        const { code, message, field } = parsed.error;
        return new ApiError(res.status, code, message, field || undefined);
      }
    } catch {
      // Not JSON: fall through to the generic error.
    }
  }
  const reason = res.statusText ? `${res.status} ${res.statusText}` : String(res.status);
  return new ApiError(res.status, defaultCode(res.status), `The server answered ${reason}.`);
}

function isAbort(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { name?: unknown }).name === "AbortError";
}

type Listener = () => void;

/**
 * ApiClient sends JSON to the Rota API and parses JSON back. Requests carry
 * the session cookie (same-origin only); a 401 on any call other than login
 * is reported to the unauthenticated listeners so the app can show sign-in.
 */
export class ApiClient {
  private readonly baseUrl: string;
  private readonly fetchFn: FetchLike;
  private readonly unauthenticatedListeners = new Set<Listener>();
  private readonly passwordChangeListeners = new Set<Listener>();

  constructor(options: ApiClientOptions = {}) {
    this.baseUrl = (options.baseUrl ?? "").replace(/\/+$/, "");
    // Bind so that the browser's fetch is not called with the client as `this`.
    this.fetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** onUnauthenticated registers a listener and returns its removal. */
  onUnauthenticated(listener: Listener): () => void {
    this.unauthenticatedListeners.add(listener);
    return () => {
      this.unauthenticatedListeners.delete(listener);
    };
  }

  /**
   * onPasswordChangeRequired registers a listener for answers saying the
   * session was opened with a one-time password that must be replaced
   * first, and returns its removal.
   */
  onPasswordChangeRequired(listener: Listener): () => void {
    this.passwordChangeListeners.add(listener);
    return () => {
      this.passwordChangeListeners.delete(listener);
    };
  }

  /** url builds the full URL of an API path with its query parameters. */
  url(path: string, query?: Record<string, QueryValue>): string {
    let url = this.baseUrl + path;
    if (query) {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(query)) {
        if (value !== null && value !== undefined) params.append(key, String(value));
      }
      const qs = params.toString();
      if (qs !== "") url += (url.includes("?") ? "&" : "?") + qs;
    }
    return url;
  }

  /**
   * request sends one call and returns the parsed JSON body, or undefined for
   * an empty answer such as 204. It throws ApiError for anything else.
   */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: "application/json" };
    const init: RequestInit = { method, headers, credentials: "same-origin" };
    if (options.body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(options.body);
    }
    if (options.signal) init.signal = options.signal;

    let res: Response;
    try {
      res = await this.fetchFn(this.url(path, options.query), init);
    } catch (err) {
      if (isAbort(err)) throw err;
      throw new ApiError(0, "network", "Could not reach the Rota server. Check your connection and try again.");
    }

    if (!res.ok) {
      const err = await errorFromResponse(res);
      if (err.isUnauthenticated && !path.startsWith("/api/v1/auth/")) {
        for (const listener of [...this.unauthenticatedListeners]) listener();
      }
      if (err.code === "password_change_required") {
        for (const listener of [...this.passwordChangeListeners]) listener();
      }
      throw err;
    }

    if (res.status === 204) return undefined as T;
    const text = await res.text();
    if (text === "") return undefined as T;
    if (!isJson(res)) {
      throw new ApiError(res.status, "bad_response", "The server sent an answer the app cannot read.");
    }
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError(res.status, "bad_response", "The server sent an answer the app cannot read.");
    }
  }

  get<T>(path: string, options?: Omit<RequestOptions, "body">): Promise<T> {
    return this.request<T>("GET", path, options);
  }

  post<T>(path: string, body?: unknown, options?: Omit<RequestOptions, "body">): Promise<T> {
    return this.request<T>("POST", path, { ...options, body });
  }

  put<T>(path: string, body?: unknown, options?: Omit<RequestOptions, "body">): Promise<T> {
    return this.request<T>("PUT", path, { ...options, body });
  }

  patch<T>(path: string, body?: unknown, options?: Omit<RequestOptions, "body">): Promise<T> {
    return this.request<T>("PATCH", path, { ...options, body });
  }

  delete<T = void>(path: string, options?: Omit<RequestOptions, "body">): Promise<T> {
    return this.request<T>("DELETE", path, options);
  }

  // Auth.

  /**
   * login starts a session (the server sets an HttpOnly cookie).
   * mustChangePassword says the password was a one-time one, which serves
   * only to choose a new one.
   */
  async login(credentials: LoginRequest): Promise<{ user: User; mustChangePassword: boolean }> {
    const res = await this.post<LoginResponse>("/api/v1/auth/login", credentials);
    return { user: expectUser(res), mustChangePassword: res?.must_change_password === true };
  }

  /** logout ends the session. */
  async logout(): Promise<void> {
    await this.post<void>("/api/v1/auth/logout");
  }

  /** me returns the signed-in user; it throws an ApiError with status 401 when there is none. */
  async me(signal?: AbortSignal): Promise<User> {
    const res = await this.get<UserResponse>("/api/v1/me", signal ? { signal } : undefined);
    return expectUser(res);
  }

  /**
   * permissions says what the signed-in user may do, organisation-wide and
   * per team; the app shows or hides controls by it instead of guessing.
   */
  async permissions(signal?: AbortSignal): Promise<Permissions> {
    const res = await this.get<Partial<PermissionsResponse> | undefined>("/api/v1/me/permissions", { signal });
    const p = res?.permissions;
    if (!p) throw new ApiError(200, "bad_response", "The server sent an answer the app cannot read.");
    return { org_admin: p.org_admin ?? false, org: p.org ?? [], teams: (p.teams ?? []).map((t) => ({ ...t, may: t.may ?? [] })) };
  }

  /** updateMe changes the signed-in user's own profile; a 400 names the field. */
  async updateMe(patch: UserPatch): Promise<User> {
    return expectUser(await this.patch<UserResponse>("/api/v1/me", patch));
  }

  /** changePassword sets a new password (at least 10 characters) after the
   * current one; the caller's other sessions end and their API tokens are revoked. */
  async changePassword(currentPassword: string, password: string): Promise<void> {
    await this.put<void>("/api/v1/me/password", { current_password: currentPassword, password });
  }

  /** tokens lists the caller's API tokens, never their secrets. */
  async tokens(signal?: AbortSignal): Promise<ApiToken[]> {
    const res = await this.get<TokensResponse>("/api/v1/me/tokens", { signal });
    return res?.tokens ?? [];
  }

  /** createToken makes an API token; the answer holds its secret, shown once. */
  async createToken(name: string): Promise<CreatedToken> {
    return this.post<CreatedToken>("/api/v1/me/tokens", { name });
  }

  /** revokeToken revokes one of the caller's API tokens. */
  async revokeToken(tokenId: string): Promise<void> {
    await this.delete(`/api/v1/me/tokens/${seg(tokenId)}`);
  }

  // Contact methods and notification rules.

  /** contactSettings returns the caller's contact methods, notification rules, primary phone and whether SMS works. */
  async contactSettings(signal?: AbortSignal): Promise<ContactSettings> {
    const res = await this.get<Partial<ContactSettings> | undefined>("/api/v1/me/contact-methods", { signal });
    return {
      contact_methods: res?.contact_methods ?? [],
      rules: res?.rules ?? [],
      primary_phone: res?.primary_phone ?? "",
      default_rules: res?.default_rules ?? true,
      sms_enabled: res?.sms_enabled ?? false,
    };
  }

  /**
   * addContactMethod adds an unverified number and has a code sent to it (by
   * SMS, or read out in a call for voice); 409 when Twilio is not configured.
   */
  async addContactMethod(input: ContactMethodInput): Promise<ContactMethod> {
    return (await this.post<ContactMethodResponse>("/api/v1/me/contact-methods", input)).contact_method;
  }

  /** verifyContactMethod checks the code sent to a number; a wrong or expired code is an error on field code. */
  async verifyContactMethod(contactId: string, code: string): Promise<ContactMethod> {
    return (await this.post<ContactMethodResponse>(`/api/v1/me/contact-methods/${seg(contactId)}/verify`, { code })).contact_method;
  }

  /** resendContactCode sends a new code; 429 within a minute of the last one. */
  async resendContactCode(contactId: string): Promise<void> {
    await this.post<void>(`/api/v1/me/contact-methods/${seg(contactId)}/resend`);
  }

  /** deleteContactMethod removes a number and the rules using it. */
  async deleteContactMethod(contactId: string): Promise<void> {
    await this.delete(`/api/v1/me/contact-methods/${seg(contactId)}`);
  }

  /** setNotificationRules replaces the caller's rules; an empty list means the default. */
  async setNotificationRules(rules: NotificationRule[]): Promise<NotificationRule[]> {
    const res = await this.put<NotificationRulesResponse>("/api/v1/me/notification-rules", { rules });
    return res?.rules ?? [];
  }

  // Users.

  /** users lists every user of the organisation. */
  async users(signal?: AbortSignal): Promise<User[]> {
    const res = await this.get<UsersResponse>("/api/v1/users", { signal });
    return res?.users ?? [];
  }

  /** createUser creates a user (organisation admins); the answer holds their one-time password, shown once. */
  async createUser(input: UserInput): Promise<OneTimePasswordResponse> {
    return this.post<OneTimePasswordResponse>("/api/v1/users", input);
  }

  /** resetPassword gives a user a new one-time password (organisation admins), ending their sessions. */
  async resetPassword(userId: string): Promise<OneTimePasswordResponse> {
    return this.post<OneTimePasswordResponse>(`/api/v1/users/${seg(userId)}/reset-password`);
  }

  // Teams.

  /** teams lists every team. */
  async teams(signal?: AbortSignal): Promise<Team[]> {
    const res = await this.get<TeamsResponse>("/api/v1/teams", { signal });
    return res?.teams ?? [];
  }

  /** team returns one team. */
  async team(teamId: string, signal?: AbortSignal): Promise<Team> {
    const res = await this.get<TeamResponse>(`/api/v1/teams/${seg(teamId)}`, { signal });
    return res.team;
  }

  /** createTeam makes a team (organisation admins only). */
  async createTeam(name: string): Promise<Team> {
    const res = await this.post<TeamResponse>("/api/v1/teams", { name });
    return res.team;
  }

  /** teamMembers lists a team's members with their roles. */
  async teamMembers(teamId: string, signal?: AbortSignal): Promise<TeamMember[]> {
    const res = await this.get<TeamMembersResponse>(`/api/v1/teams/${seg(teamId)}/members`, { signal });
    return res?.members ?? [];
  }

  /** setTeamMember adds a member or changes their role (team admins). */
  async setTeamMember(teamId: string, userId: string, role: TeamRole): Promise<void> {
    await this.put<void>(`/api/v1/teams/${seg(teamId)}/members/${seg(userId)}`, { role });
  }

  /** inviteMember creates someone new as a member of the team (team admins); the answer holds their one-time password, shown once. */
  async inviteMember(teamId: string, input: InviteInput): Promise<OneTimePasswordResponse> {
    return this.post<OneTimePasswordResponse>(`/api/v1/teams/${seg(teamId)}/invites`, input);
  }

  /** removeTeamMember takes someone out of a team (team admins). */
  async removeTeamMember(teamId: string, userId: string): Promise<void> {
    await this.delete(`/api/v1/teams/${seg(teamId)}/members/${seg(userId)}`);
  }

  // On call.

  /** onCall says who is on call now (or at `at`) per team, schedule and tier. */
  async onCall(options: { at?: Date; signal?: AbortSignal } = {}): Promise<OnCallResponse> {
    return this.get<OnCallResponse>("/api/v1/oncall", {
      query: { at: options.at ? iso(options.at) : undefined },
      signal: options.signal,
    });
  }

  /** myOnCall says which tiers the signed-in engineer holds now and until when, and their next stint. */
  async myOnCall(signal?: AbortSignal): Promise<MyOnCall> {
    const res = await this.get<Partial<MyOnCall> | undefined>("/api/v1/me/oncall", { signal });
    return { at: res?.at ?? "", current: res?.current ?? [], next: res?.next ?? null };
  }

  // Schedules.

  /** schedules lists every schedule, or one team's. */
  async schedules(options: { teamId?: string; signal?: AbortSignal } = {}): Promise<Schedule[]> {
    const res = await this.get<SchedulesResponse>("/api/v1/schedules", {
      query: { team_id: options.teamId },
      signal: options.signal,
    });
    return res?.schedules ?? [];
  }

  /** schedule returns one schedule with its tiers, layers and the team's members. */
  async schedule(scheduleId: string, signal?: AbortSignal): Promise<Schedule> {
    const res = await this.get<ScheduleResponse>(`/api/v1/schedules/${seg(scheduleId)}`, { signal });
    return res.schedule;
  }

  /** createSchedule adds a schedule to a team (team admins). */
  async createSchedule(teamId: string, input: ScheduleInput): Promise<Schedule> {
    const res = await this.post<ScheduleResponse>(`/api/v1/teams/${seg(teamId)}/schedules`, input);
    return res.schedule;
  }

  /**
   * updateSchedule replaces a schedule's definition; input.version must be
   * the version edited, else the server answers 409.
   */
  async updateSchedule(scheduleId: string, input: ScheduleInput): Promise<Schedule> {
    const res = await this.put<ScheduleResponse>(`/api/v1/schedules/${seg(scheduleId)}`, input);
    return res.schedule;
  }

  /** shifts resolves a schedule's shifts in [from, to), with gaps and pairing violations. */
  async shifts(scheduleId: string, from: Date | string, to: Date | string, signal?: AbortSignal): Promise<ShiftsResponse> {
    return this.get<ShiftsResponse>(`/api/v1/schedules/${seg(scheduleId)}/shifts`, {
      query: { from: iso(from), to: iso(to) },
      signal,
    });
  }

  /** timeline draws a schedule for the timeline view over [from, from + days) (the server's defaults: now, 14 days). */
  async timeline(scheduleId: string, options: { from?: Date | string; days?: number; signal?: AbortSignal } = {}): Promise<Timeline> {
    const res = await this.get<TimelineResponse>(`/api/v1/schedules/${seg(scheduleId)}/timeline`, {
      query: { from: options.from ? iso(options.from) : undefined, days: options.days },
      signal: options.signal,
    });
    return res.timeline;
  }

  /**
   * previewSchedule draws a definition being edited without saving it: an
   * edit of scheduleId (with its overrides) or, without one, a new schedule
   * of teamId. A definition that would not save fails the same way.
   */
  async previewSchedule(
    target: { scheduleId?: string | undefined; teamId: string },
    input: ScheduleInput,
    options: { from?: Date | string; days?: number; signal?: AbortSignal } = {},
  ): Promise<Timeline> {
    const path = target.scheduleId
      ? `/api/v1/schedules/${seg(target.scheduleId)}/preview`
      : `/api/v1/teams/${seg(target.teamId)}/schedules/preview`;
    const res = await this.post<TimelineResponse>(path, input, {
      query: { from: options.from ? iso(options.from) : undefined, days: options.days },
      signal: options.signal,
    });
    return res.timeline;
  }

  // Overrides.

  /** overrides lists a schedule's overrides overlapping [from, to) (both optional). */
  async overrides(
    scheduleId: string,
    options: { from?: Date | string; to?: Date | string; signal?: AbortSignal } = {},
  ): Promise<Override[]> {
    const res = await this.get<OverridesResponse>(`/api/v1/schedules/${seg(scheduleId)}/overrides`, {
      query: { from: options.from ? iso(options.from) : undefined, to: options.to ? iso(options.to) : undefined },
      signal: options.signal,
    });
    return res?.overrides ?? [];
  }

  /** createOverride puts someone on a tier for a time range. */
  async createOverride(scheduleId: string, input: OverrideInput): Promise<Override> {
    const res = await this.post<OverrideResponse>(`/api/v1/schedules/${seg(scheduleId)}/overrides`, input);
    return res.override;
  }

  /** deleteOverride removes an override. */
  async deleteOverride(scheduleId: string, overrideId: string): Promise<void> {
    await this.delete(`/api/v1/schedules/${seg(scheduleId)}/overrides/${seg(overrideId)}`);
  }

  // Swaps.

  /** requestSwap asks another member to take (part of) the caller's shift. */
  async requestSwap(scheduleId: string, input: SwapInput): Promise<Swap> {
    const res = await this.post<SwapResponse>(`/api/v1/schedules/${seg(scheduleId)}/swaps`, input);
    return res.swap;
  }

  /** swaps lists swap requests, newest first. */
  async swaps(filter: SwapFilter = {}, signal?: AbortSignal): Promise<Swap[]> {
    const res = await this.get<SwapsResponse>("/api/v1/swaps", {
      query: { schedule_id: filter.schedule_id, state: filter.state, mine: filter.mine },
      signal,
    });
    return res?.swaps ?? [];
  }

  /** acceptSwap accepts a swap asked of the caller; the server creates the override. */
  async acceptSwap(swapId: string): Promise<Swap> {
    return (await this.post<SwapResponse>(`/api/v1/swaps/${seg(swapId)}/accept`)).swap;
  }

  /** declineSwap declines a swap asked of the caller. */
  async declineSwap(swapId: string): Promise<Swap> {
    return (await this.post<SwapResponse>(`/api/v1/swaps/${seg(swapId)}/decline`)).swap;
  }

  /** cancelSwap withdraws a swap the caller asked for. */
  async cancelSwap(swapId: string): Promise<Swap> {
    return (await this.post<SwapResponse>(`/api/v1/swaps/${seg(swapId)}/cancel`)).swap;
  }

  // Calendar feeds.

  /** calendarFeed returns the caller's iCalendar subscription links, if any. */
  async calendarFeed(signal?: AbortSignal): Promise<CalendarFeed> {
    const res = await this.get<CalendarFeedResponse>("/api/v1/me/calendar-feed", { signal });
    return res?.feed ?? { active: false };
  }

  /** resetCalendarFeed makes new subscription links, revoking the old ones. */
  async resetCalendarFeed(): Promise<CalendarFeed> {
    return (await this.post<CalendarFeedResponse>("/api/v1/me/calendar-feed")).feed;
  }

  /** revokeCalendarFeed turns the subscription links off. */
  async revokeCalendarFeed(): Promise<void> {
    await this.delete("/api/v1/me/calendar-feed");
  }

  // Alerts and pages.

  /** alerts lists alerts, newest first, filtered as the query says. */
  async alerts(query: AlertFilterQuery = {}, signal?: AbortSignal): Promise<Alert[]> {
    const res = await this.get<AlertsResponse>("/api/v1/alerts", {
      query: {
        team_id: query.team_id,
        service_id: query.service_id,
        status: query.status,
        urgency: query.urgency,
        held: query.held ? true : undefined,
        before: query.before,
        limit: query.limit,
      },
      signal,
    });
    return res?.alerts ?? [];
  }

  /** alert returns one alert with its timeline and pages. */
  async alert(alertId: string, signal?: AbortSignal): Promise<AlertDetail> {
    const res = await this.get<AlertDetail>(`/api/v1/alerts/${seg(alertId)}`, { signal });
    return { alert: res.alert, timeline: res.timeline ?? [], pages: res.pages ?? [] };
  }

  /** ackAlert acknowledges an alert; shadow_ack says escalation goes on (the caller was only a shadow). */
  async ackAlert(alertId: string): Promise<AlertActionResult> {
    return this.post<AlertActionResult>(`/api/v1/alerts/${seg(alertId)}/ack`);
  }

  /** resolveAlert resolves an alert. */
  async resolveAlert(alertId: string): Promise<AlertActionResult> {
    return this.post<AlertActionResult>(`/api/v1/alerts/${seg(alertId)}/resolve`);
  }

  /** escalateAlert fires the alert's next escalation step now. */
  async escalateAlert(alertId: string): Promise<AlertActionResult> {
    return this.post<AlertActionResult>(`/api/v1/alerts/${seg(alertId)}/escalate`);
  }

  /** addAlertNote writes a note on the alert's timeline. */
  async addAlertNote(alertId: string, text: string): Promise<Alert> {
    return (await this.post<{ alert: Alert }>(`/api/v1/alerts/${seg(alertId)}/notes`, { text })).alert;
  }

  /** ackAlerts acknowledges several alerts and reports each one's result. */
  async ackAlerts(alertIds: readonly string[]): Promise<BulkAckResult[]> {
    const res = await this.post<BulkAckResponse>("/api/v1/alerts/ack", { alert_ids: [...alertIds] });
    return res?.results ?? [];
  }

  /** pages lists pages, newest first, for one engineer or one alert. */
  async pages(filter: { userId?: string; alertId?: string } = {}, signal?: AbortSignal): Promise<Page[]> {
    const res = await this.get<PagesResponse>("/api/v1/pages", {
      query: { user_id: filter.userId, alert_id: filter.alertId },
      signal,
    });
    return res?.pages ?? [];
  }

  /** pagingStatus says how pages leave Rota, and whether they are sent at all. */
  async pagingStatus(signal?: AbortSignal): Promise<PagingStatus> {
    return this.get<PagingStatus>("/api/v1/paging/status", { signal });
  }

  /**
   * sendGenericAlert posts an event to the generic intake with an
   * integration key, as a monitor would; a 2xx means the alert is committed.
   */
  async sendGenericAlert(key: string, event: GenericEvent): Promise<IntakeResponse> {
    return this.post<IntakeResponse>(`/api/v1/integrations/${seg(key)}/generic`, event);
  }

  // Escalation policies.

  /** policies lists escalation policies, or one team's. */
  async policies(options: { teamId?: string; signal?: AbortSignal } = {}): Promise<Policy[]> {
    const res = await this.get<PoliciesResponse>("/api/v1/escalation-policies", {
      query: { team_id: options.teamId },
      signal: options.signal,
    });
    return res?.policies ?? [];
  }

  /** policy returns one escalation policy. */
  async policy(policyId: string, signal?: AbortSignal): Promise<Policy> {
    return (await this.get<PolicyResponse>(`/api/v1/escalation-policies/${seg(policyId)}`, { signal })).policy;
  }

  /** policyPreview says who each step of a policy would page now, and which services use it. */
  async policyPreview(policyId: string, signal?: AbortSignal): Promise<PolicyPreview> {
    const res = await this.get<PolicyPreview>(`/api/v1/escalation-policies/${seg(policyId)}/preview`, { signal });
    return { ...res, steps: (res.steps ?? []).map((s) => ({ ...s, targets: s.targets ?? [], notes: s.notes ?? [] })), services: res.services ?? [] };
  }

  /** createPolicy adds an escalation policy to a team (team admins). */
  async createPolicy(teamId: string, input: PolicyInput): Promise<Policy> {
    return (await this.post<PolicyResponse>(`/api/v1/teams/${seg(teamId)}/escalation-policies`, input)).policy;
  }

  /** updatePolicy replaces a policy; input.version must be the version edited, else 409. */
  async updatePolicy(policyId: string, input: PolicyInput): Promise<Policy> {
    return (await this.put<PolicyResponse>(`/api/v1/escalation-policies/${seg(policyId)}`, input)).policy;
  }

  /** deletePolicy removes a policy (team admins). */
  async deletePolicy(policyId: string): Promise<void> {
    await this.delete(`/api/v1/escalation-policies/${seg(policyId)}`);
  }

  // Services.

  /** services lists services, or one team's. */
  async services(options: { teamId?: string; signal?: AbortSignal } = {}): Promise<Service[]> {
    const res = await this.get<ServicesResponse>("/api/v1/services", {
      query: { team_id: options.teamId },
      signal: options.signal,
    });
    return res?.services ?? [];
  }

  /** service returns one service with its current and future maintenance windows. */
  async service(serviceId: string, signal?: AbortSignal): Promise<ServiceDetail> {
    const res = await this.get<ServiceDetail>(`/api/v1/services/${seg(serviceId)}`, { signal });
    return { service: res.service, maintenance: res.maintenance ?? [] };
  }

  /** createService adds a service to a team (team admins). */
  async createService(teamId: string, input: ServiceInput): Promise<Service> {
    return (await this.post<ServiceResponse>(`/api/v1/teams/${seg(teamId)}/services`, input)).service;
  }

  /** updateService replaces a service's settings; input.version must be the version edited, else 409. */
  async updateService(serviceId: string, input: ServiceInput): Promise<Service> {
    return (await this.put<ServiceResponse>(`/api/v1/services/${seg(serviceId)}`, input)).service;
  }

  /** deleteService removes a service with its alerts (team admins). */
  async deleteService(serviceId: string): Promise<void> {
    await this.delete(`/api/v1/services/${seg(serviceId)}`);
  }

  /** integrations lists a service's integration keys (only their prefixes). */
  async integrations(serviceId: string, signal?: AbortSignal): Promise<Integration[]> {
    const res = await this.get<IntegrationsResponse>(`/api/v1/services/${seg(serviceId)}/integrations`, { signal });
    return res?.integrations ?? [];
  }

  /** createIntegration makes an integration key; the answer holds the key and intake URL, shown once. */
  async createIntegration(serviceId: string, input: IntegrationInput): Promise<CreatedIntegration> {
    return this.post<CreatedIntegration>(`/api/v1/services/${seg(serviceId)}/integrations`, input);
  }

  /** revokeIntegration revokes an integration key; monitors using it are refused from then on. */
  async revokeIntegration(serviceId: string, integrationId: string): Promise<void> {
    await this.delete(`/api/v1/services/${seg(serviceId)}/integrations/${seg(integrationId)}`);
  }

  /** addMaintenance adds a maintenance window: alerts are kept, nobody is paged. */
  async addMaintenance(serviceId: string, input: MaintenanceInput): Promise<Maintenance> {
    return (await this.post<MaintenanceResponse>(`/api/v1/services/${seg(serviceId)}/maintenance`, input)).maintenance;
  }

  /** deleteMaintenance removes a maintenance window. */
  async deleteMaintenance(serviceId: string, maintenanceId: string): Promise<void> {
    await this.delete(`/api/v1/services/${seg(serviceId)}/maintenance/${seg(maintenanceId)}`);
  }

  // Routing rules.

  /** routingRules lists the routing rules in order (first match wins). */
  async routingRules(signal?: AbortSignal): Promise<Rule[]> {
    const res = await this.get<RulesResponse>("/api/v1/routing-rules", { signal });
    return res?.rules ?? [];
  }

  /** setRoutingRules replaces every routing rule (organisation admins). */
  async setRoutingRules(rules: Rule[]): Promise<Rule[]> {
    const res = await this.put<RulesResponse>("/api/v1/routing-rules", { rules });
    return res?.rules ?? [];
  }

  // Page load.

  /** load returns the page load of one team (or every team) over [from, to); the default is the 28 days to now. */
  async load(options: { teamId?: string; from?: string; to?: string; signal?: AbortSignal } = {}): Promise<LoadResponse> {
    return this.get<LoadResponse>("/api/v1/load", {
      query: { team: options.teamId, from: options.from, to: options.to },
      signal: options.signal,
    });
  }

  /** loadThresholds returns a team's load thresholds as set (0: default) and in effect. */
  async loadThresholds(teamId: string, signal?: AbortSignal): Promise<LoadThresholdsResponse> {
    return this.get<LoadThresholdsResponse>(`/api/v1/teams/${seg(teamId)}/load-thresholds`, { signal });
  }

  /** setLoadThresholds sets a team's load thresholds (team admins); 0 takes the default. */
  async setLoadThresholds(teamId: string, thresholds: LoadThresholds): Promise<LoadThresholdsResponse> {
    return this.put<LoadThresholdsResponse>(`/api/v1/teams/${seg(teamId)}/load-thresholds`, thresholds);
  }

  /** acceptProposal turns a load proposal into overrides of its schedule (team admins); 409 once the schedule changed. */
  async acceptProposal(p: LoadProposal): Promise<Override[]> {
    const res = await this.post<OverridesResponse>(`/api/v1/schedules/${seg(p.schedule_id)}/load-proposals/accept`, {
      revision: p.revision,
      digest: p.digest,
      from: p.from,
      to: p.to,
      overrides: p.overrides,
    });
    return res?.overrides ?? [];
  }

  /** promoteLearner adds a learner to a layer of one of the team's schedules (team admins). */
  async promoteLearner(teamId: string, userId: string, scheduleId: string, layerId: string): Promise<Schedule> {
    return (
      await this.post<ScheduleResponse>(`/api/v1/teams/${seg(teamId)}/learners/${seg(userId)}/promote`, {
        schedule_id: scheduleId,
        layer_id: layerId,
      })
    ).schedule;
  }
  // Incidents and reviews.

  /** incidents lists incidents, newest first, filtered as the query says. */
  async incidents(query: IncidentQuery = {}, signal?: AbortSignal): Promise<Incident[]> {
    const res = await this.get<IncidentsResponse>("/api/v1/incidents", {
      query: {
        status: query.status,
        severity: query.severity,
        team: query.team,
        service: query.service,
        from: query.from,
        to: query.to,
        before: query.before,
        review: query.review,
        limit: query.limit,
      },
      signal,
    });
    return res?.incidents ?? [];
  }

  /** incident returns one incident with its timeline, linked alerts and suspect changes. */
  async incident(incidentId: string, signal?: AbortSignal): Promise<IncidentDetail> {
    return incidentDetail(await this.get<IncidentDetail>(`/api/v1/incidents/${seg(incidentId)}`, { signal }));
  }

  /** createIncident opens an incident by hand; alert_ids bring their services along. */
  async createIncident(input: IncidentInput): Promise<IncidentDetail> {
    return incidentDetail(await this.post<IncidentDetail>("/api/v1/incidents", input));
  }

  /** updateIncident edits the title, severity, commander or start; each change goes on the timeline. */
  async updateIncident(incidentId: string, patch: IncidentPatch): Promise<IncidentDetail> {
    return incidentDetail(await this.patch<IncidentDetail>(`/api/v1/incidents/${seg(incidentId)}`, patch));
  }

  /** linkIncident links services and alerts to an incident. */
  async linkIncident(incidentId: string, links: { service_ids?: string[]; alert_ids?: string[] }): Promise<IncidentDetail> {
    return incidentDetail(await this.post<IncidentDetail>(`/api/v1/incidents/${seg(incidentId)}/links`, links));
  }

  /** addIncidentNote appends a note; corrects names the seq of an earlier entry it corrects. */
  async addIncidentNote(incidentId: string, text: string, corrects?: number): Promise<IncidentDetail> {
    const body = corrects ? { text, corrects } : { text };
    return incidentDetail(await this.post<IncidentDetail>(`/api/v1/incidents/${seg(incidentId)}/notes`, body));
  }

  /** moveIncident moves an incident forward (skipping is allowed, going back is a 409). */
  async moveIncident(incidentId: string, to: "acknowledge" | "mitigate" | "resolve"): Promise<IncidentDetail> {
    return incidentDetail(await this.post<IncidentDetail>(`/api/v1/incidents/${seg(incidentId)}/${to}`));
  }

  /** review returns an incident's review (an empty draft when none is written) with Rota's responder load. */
  async review(incidentId: string, signal?: AbortSignal): Promise<Review> {
    return reviewOf(await this.get<ReviewResponse>(`/api/v1/incidents/${seg(incidentId)}/review`, { signal }));
  }

  /** saveReview replaces the review's content; a published review takes only action-item status changes. */
  async saveReview(incidentId: string, input: ReviewInput): Promise<Review> {
    return reviewOf(await this.put<ReviewResponse>(`/api/v1/incidents/${seg(incidentId)}/review`, input));
  }

  /** submitReview moves a draft to in review. */
  async submitReview(incidentId: string): Promise<Review> {
    return reviewOf(await this.post<ReviewResponse>(`/api/v1/incidents/${seg(incidentId)}/review/submit`));
  }

  /** publishReview publishes a review in review; it is read-only from then on but for action-item status. */
  async publishReview(incidentId: string): Promise<Review> {
    return reviewOf(await this.post<ReviewResponse>(`/api/v1/incidents/${seg(incidentId)}/review/publish`));
  }

  /** reviewMarkdownUrl is where the review's Markdown export is downloaded (with the session cookie). */
  reviewMarkdownUrl(incidentId: string): string {
    return this.url(`/api/v1/incidents/${seg(incidentId)}/review.md`);
  }

  /** actionItems lists action items across incidents, soonest due first. */
  async actionItems(query: ActionItemQuery = {}, signal?: AbortSignal): Promise<ActionItem[]> {
    const res = await this.get<ActionItemsResponse>("/api/v1/action-items", {
      query: { status: query.status, owner: query.owner, team: query.team, limit: query.limit },
      signal,
    });
    return res?.action_items ?? [];
  }

  /** serviceChanges lists a service's change events (deploys), newest first. */
  async serviceChanges(serviceId: string, options: { from?: string; to?: string; limit?: number; signal?: AbortSignal } = {}): Promise<Change[]> {
    const res = await this.get<ChangesResponse>(`/api/v1/services/${seg(serviceId)}/changes`, {
      query: { from: options.from, to: options.to, limit: options.limit },
      signal: options.signal,
    });
    return res?.changes ?? [];
  }

  /** deliveryMetrics returns the delivery figures per service of a team (or one service, or all) over a period. */
  async deliveryMetrics(query: DeliveryQuery = {}, signal?: AbortSignal): Promise<DeliveryMetrics> {
    const res = await this.get<DeliveryMetrics>("/api/v1/metrics/delivery", {
      query: { team: query.team, service: query.service, from: query.from, to: query.to },
      signal,
    });
    return { ...res, services: res.services ?? [], weeks: res.weeks ?? [], page_load: res.page_load ?? null };
  }

  // PagerDuty (organisation admins).

  /** pagerDutySync is the PagerDuty connection and the last sync runs. */
  async pagerDutySync(signal?: AbortSignal): Promise<PagerDutySync> {
    return this.get<PagerDutySync>("/api/v1/pagerduty/sync", { signal });
  }

  /** connectPagerDuty checks a REST API token with PagerDuty and stores it; the token is never sent back. */
  async connectPagerDuty(token: string): Promise<PagerDutyConnection> {
    return (await this.put<PagerDutyConnectionResponse>("/api/v1/pagerduty/connection", { token })).connection;
  }

  /** disconnectPagerDuty forgets the stored token. */
  async disconnectPagerDuty(): Promise<void> {
    await this.delete("/api/v1/pagerduty/connection");
  }

  /** importPagerDuty runs an import (with dry_run, only its plan). */
  async importPagerDuty(input: PagerDutyImportInput): Promise<PagerDutyImport> {
    return (await this.post<PagerDutyImportResponse>("/api/v1/pagerduty/import", input)).import;
  }
}

/** incidentDetail fills in the lists an answer may leave out. */
function incidentDetail(res: IncidentDetail): IncidentDetail {
  return { incident: res.incident, timeline: res.timeline ?? [], alerts: res.alerts ?? [], changes: res.changes ?? [] };
}

/** reviewOf unwraps a review answer, filling in the lists it may leave out. */
function reviewOf(res: ReviewResponse): Review {
  const r = res.review;
  return {
    ...r,
    contributing_factors: r.contributing_factors ?? [],
    went_well: r.went_well ?? [],
    was_hard: r.was_hard ?? [],
    action_items: r.action_items ?? [],
    responder_load: r.responder_load ?? [],
  };
}

/** seg escapes one path segment (an id from the server or the address bar). */
function seg(value: string): string {
  return encodeURIComponent(value);
}

/** iso turns a Date into the RFC 3339 instant the API reads. */
function iso(value: Date | string): string {
  return typeof value === "string" ? value : value.toISOString();
}

function expectUser(res: UserResponse | undefined): User {
  if (!res || typeof res !== "object" || typeof res.user !== "object" || res.user === null) {
    throw new ApiError(200, "bad_response", "The server sent an answer the app cannot read.");
  }
  return res.user;
}

/** api is the client the app uses in the browser. */
export const api = new ApiClient();

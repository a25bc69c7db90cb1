// Populating a fresh server through its public API, so that the browser
// tests do not depend on the demo's data: sign in as the admin the harness
// created, take a bearer token, then create users, a team and schedules.

import { harnessAddress, replaceOneTimePassword, type RotaServer } from "./harness";

/** ApiSession calls the Rota API with a bearer token, as automation would. */
export class ApiSession {
  constructor(
    readonly url: string,
    private readonly token: string,
  ) {}

  /** signIn logs in with a password and trades the session for an API token. */
  static async signIn(url: string, email: string, password: string): Promise<ApiSession> {
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Forwarded-For": harnessAddress() },
      body: JSON.stringify({ email, password }),
    });
    if (login.status !== 200) throw new Error(`login as ${email}: ${login.status} ${await login.text()}`);
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const res = await fetch(`${url}/api/v1/me/tokens`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Cookie: cookie },
      body: JSON.stringify({ name: "e2e seed" }),
    });
    if (res.status !== 201) throw new Error(`token for ${email}: ${res.status} ${await res.text()}`);
    const { secret } = (await res.json()) as { secret: string };
    return new ApiSession(url, secret);
  }

  /** call sends one request and returns the parsed body; it throws on anything but 2xx. */
  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const init: RequestInit = { method, headers: { Authorization: `Bearer ${this.token}`, Accept: "application/json" } };
    if (body !== undefined) {
      (init.headers as Record<string, string>)["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const res = await fetch(this.url + path, init);
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

export interface SeedUser {
  id: string;
  email: string;
  name: string;
  /** password is the user's own, set in place of their one-time password. */
  password: string;
}

interface UserSpec {
  key: "olga" | "dan" | "dina" | "nia";
  email: string;
  name: string;
  discipline: "dev" | "ops";
  time_zone: string;
  role: "admin" | "member";
}

const PEOPLE: UserSpec[] = [
  { key: "olga", email: "olga@example.com", name: "Olga Petrova", discipline: "ops", time_zone: "Europe/Berlin", role: "admin" },
  { key: "dan", email: "dan@example.com", name: "Dan Miller", discipline: "dev", time_zone: "America/New_York", role: "member" },
  { key: "dina", email: "dina@example.com", name: "Dina Weber", discipline: "dev", time_zone: "Europe/Berlin", role: "member" },
  { key: "nia", email: "nia@example.com", name: "Nia Okafor", discipline: "dev", time_zone: "Europe/Berlin", role: "member" },
];

export interface Seed {
  admin: ApiSession;
  users: Record<UserSpec["key"], SeedUser>;
  teamId: string;
  /** scheduleId is payments-oncall: ops 24×7 under dev business hours, a dev secondary with mixed pairing, a shadow. */
  scheduleId: string;
  /** gapScheduleId is covered one whole day a week only, never today, so it has a gap now. */
  gapScheduleId: string;
}

const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;

/**
 * seedPayments creates the team "payments" with four engineers and two
 * schedules. Layer starts are in January 2026, so every week after that
 * has shifts.
 */
export async function seedPayments(rota: RotaServer): Promise<Seed> {
  const admin = await ApiSession.signIn(rota.url, rota.email, rota.password);
  const users = {} as Record<UserSpec["key"], SeedUser>;
  for (const p of PEOPLE) {
    const res = await admin.call<{ user: { id: string }; one_time_password: string }>("POST", "/api/v1/users", {
      email: p.email,
      name: p.name,
      discipline: p.discipline,
      time_zone: p.time_zone,
    });
    // As at their first sign-in, each replaces the one-time password.
    const password = await replaceOneTimePassword(rota.url, p.email, res.one_time_password);
    users[p.key] = { id: res.user.id, email: p.email, name: p.name, password };
  }
  const { team } = await admin.call<{ team: { id: string } }>("POST", "/api/v1/teams", { name: "payments" });
  for (const p of PEOPLE) {
    await admin.call("PUT", `/api/v1/teams/${team.id}/members/${users[p.key].id}`, { role: p.role });
  }
  const start = "2026-01-05T09:00";
  const { schedule } = await admin.call<{ schedule: { id: string } }>("POST", `/api/v1/teams/${team.id}/schedules`, {
    name: "payments-oncall",
    time_zone: "Europe/Berlin",
    holidays: ["2026-12-25"],
    pairing: "mixed",
    tiers: {
      primary: [
        { name: "ops-24x7", participants: [users.olga.id], start, shift: "1w", coverage: [] },
        {
          name: "dev-business-hours",
          participants: [users.dan.id, users.dina.id],
          start,
          shift: "1d",
          coverage: [{ days: ["mon", "tue", "wed", "thu", "fri"], from: "09:00", to: "17:00" }],
        },
      ],
      secondary: [{ name: "dev-secondary", participants: [users.dina.id], start, shift: "1w", coverage: [] }],
      shadow: [{ name: "learners", participants: [users.nia.id], start, shift: "1w", coverage: [] }],
    },
  });
  // A day three days from the server's today (UTC) is never today, whatever the hour.
  const day = WEEKDAYS[(rota.clock.now().getUTCDay() + 3) % 7]!;
  const gap = await admin.call<{ schedule: { id: string } }>("POST", `/api/v1/teams/${team.id}/schedules`, {
    name: "weekly-drill",
    time_zone: "UTC",
    tiers: {
      primary: [
        { name: "drill-day", participants: [users.olga.id], start, shift: "1w", coverage: [{ days: [day], from: "00:00", to: "24:00" }] },
      ],
    },
  });
  return { admin, users, teamId: team.id, scheduleId: schedule.id, gapScheduleId: gap.schedule.id };
}

export interface PagingSeed {
  /** policyId is payments-default: primary at once, secondary after 5m, Olga after 15m, one repeat. */
  policyId: string;
  /** serviceId is checkout, owned by payments, paging through payments-default. */
  serviceId: string;
  /** key is a generic integration key of checkout; url is its intake URL. */
  key: string;
  url: string;
}

/**
 * seedPaging gives the payments team an escalation policy, the service
 * checkout using it, and a generic integration key for checkout, all
 * through the API.
 */
export async function seedPaging(seed: Seed): Promise<PagingSeed> {
  const { admin, teamId, scheduleId, users } = seed;
  const { policy } = await admin.call<{ policy: { id: string } }>("POST", `/api/v1/teams/${teamId}/escalation-policies`, {
    name: "payments-default",
    repeat: 1,
    repeat_after: "30m",
    steps: [
      { after: "0m", targets: [{ schedule_id: scheduleId, tier: "primary" }] },
      { after: "5m", targets: [{ schedule_id: scheduleId, tier: "secondary" }] },
      { after: "15m", targets: [{ user_id: users.olga.id }] },
    ],
  });
  const { service } = await admin.call<{ service: { id: string } }>("POST", `/api/v1/teams/${teamId}/services`, {
    name: "checkout",
    description: "Checkout API",
    escalation_policy_id: policy.id,
    urgency: "from-severity",
    business_hours: { time_zone: "Europe/Berlin", windows: [{ days: ["mon", "tue", "wed", "thu", "fri"], from: "09:00", to: "17:00" }] },
  });
  const created = await admin.call<{ key: string; url: string }>("POST", `/api/v1/services/${service.id}/integrations`, { name: "e2e", type: "generic" });
  return { policyId: policy.id, serviceId: service.id, key: created.key, url: created.url };
}

export interface GenericAlert {
  summary?: string;
  dedup_key?: string;
  severity?: "critical" | "error" | "warning" | "info";
  source?: string;
  status?: "firing" | "resolved";
  details?: Record<string, unknown>;
  labels?: Record<string, string>;
}

/** fireAlert posts to a generic intake URL as a monitor would, and returns the intake's result. */
export async function fireAlert(intakeUrl: string, alert: GenericAlert): Promise<{ alert_id?: string; dedup_key: string; outcome: string }> {
  const res = await fetch(intakeUrl, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(alert) });
  const text = await res.text();
  if (res.status !== 202) throw new Error(`intake ${intakeUrl}: ${res.status} ${text}`);
  return (JSON.parse(text) as { result: { alert_id?: string; dedup_key: string; outcome: string } }).result;
}

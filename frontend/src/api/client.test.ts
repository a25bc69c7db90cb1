import { describe, expect, it, vi } from "vitest";
import { alice, apiError, json } from "../test/fakeRota";
import { ApiClient, ApiError, errorFromResponse, type FetchLike } from "./client";

/** answering returns a fake fetch that records its calls and gives one answer. */
function answering(make: () => Response | Promise<Response>) {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, init });
    return make();
  };
  return { fetch, calls };
}

async function caught(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    return err as ApiError;
  }
  throw new Error("expected the call to fail");
}

describe("ApiClient requests", () => {
  it("sends JSON with the session cookie and parses JSON back", async () => {
    const { fetch, calls } = answering(() => json(200, { user: alice }));
    const client = new ApiClient({ fetch });

    const { user, mustChangePassword } = await client.login({ email: alice.email, password: "pw" });

    expect(user).toEqual(alice);
    expect(mustChangePassword).toBe(false);
    expect(calls).toHaveLength(1);
    const { url, init } = calls[0]!;
    expect(url).toBe("/api/v1/auth/login");
    expect(init?.method).toBe("POST");
    expect(init?.credentials).toBe("same-origin");
    expect(init?.headers).toMatchObject({ "Content-Type": "application/json", Accept: "application/json" });
    expect(JSON.parse(init?.body as string)).toEqual({ email: alice.email, password: "pw" });
  });

  it("sends no body or Content-Type on a GET", async () => {
    const { fetch, calls } = answering(() => json(200, { user: alice }));
    await new ApiClient({ fetch }).me();
    const init = calls[0]!.init!;
    expect(init.method).toBe("GET");
    expect(init.body).toBeUndefined();
    expect(init.headers).not.toHaveProperty("Content-Type");
  });

  it("builds query strings, leaving out null and undefined", async () => {
    const { fetch, calls } = answering(() => json(200, []));
    const client = new ApiClient({ fetch, baseUrl: "http://rota.test/" });
    await client.get("/api/v1/shifts", { query: { from: "2026-01-01T00:00:00Z", team: undefined, limit: 5, mine: null } });
    expect(calls[0]!.url).toBe("http://rota.test/api/v1/shifts?from=2026-01-01T00%3A00%3A00Z&limit=5");
  });

  it("returns undefined for 204 No Content", async () => {
    const { fetch } = answering(() => new Response(null, { status: 204 }));
    await expect(new ApiClient({ fetch }).logout()).resolves.toBeUndefined();
  });

  it("rejects a 2xx answer that is not JSON", async () => {
    const { fetch } = answering(() => new Response("<html>hi</html>", { status: 200, headers: { "Content-Type": "text/html" } }));
    const err = await caught(new ApiClient({ fetch }).get("/api/v1/teams"));
    expect(err.code).toBe("bad_response");
  });

  it("rejects malformed JSON", async () => {
    const { fetch } = answering(() => new Response("{not json", { status: 200, headers: { "Content-Type": "application/json" } }));
    const err = await caught(new ApiClient({ fetch }).get("/api/v1/teams"));
    expect(err.code).toBe("bad_response");
  });

  it("rejects a login answer without a user", async () => {
    const { fetch } = answering(() => json(200, { ok: true }));
    const err = await caught(new ApiClient({ fetch }).login({ email: "a@b.c", password: "x" }));
    expect(err.code).toBe("bad_response");
  });
});

describe("ApiClient errors", () => {
  const cases: {
    name: string;
    response: () => Response;
    want: { status: number; code: string; message: string | RegExp; field: string | undefined };
  }[] = [
    {
      name: "error body with a field",
      response: () => apiError(400, "invalid", "Email is not an address.", "email"),
      want: { status: 400, code: "invalid", message: "Email is not an address.", field: "email" },
    },
    {
      name: "error body without a field",
      response: () => apiError(401, "unauthenticated", "Invalid email or password."),
      want: { status: 401, code: "unauthenticated", message: "Invalid email or password.", field: undefined },
    },
    {
      name: "error body with an empty field",
      response: () => json(409, { error: { code: "conflict", message: "Taken.", field: "" } }),
      want: { status: 409, code: "conflict", message: "Taken.", field: undefined },
    },
    {
      name: "error body sent as text/plain is still read",
      response: () => new Response(JSON.stringify({ error: { code: "forbidden", message: "Admins only." } }), { status: 403 }),
      want: { status: 403, code: "forbidden", message: "Admins only.", field: undefined },
    },
    {
      name: "HTML from a proxy",
      response: () => new Response("<h1>Bad Gateway</h1>", { status: 502, statusText: "Bad Gateway", headers: { "Content-Type": "text/html" } }),
      want: { status: 502, code: "internal", message: /502 Bad Gateway/, field: undefined },
    },
    {
      name: "empty 404",
      response: () => new Response(null, { status: 404 }),
      want: { status: 404, code: "not_found", message: /404/, field: undefined },
    },
    {
      name: "JSON that is not the error shape",
      response: () => json(429, { message: "slow down" }),
      want: { status: 429, code: "rate_limited", message: /429/, field: undefined },
    },
    {
      name: "415 naming the header",
      response: () => json(415, { error: { code: "unsupported_media_type", message: "Send JSON.", field: "Content-Type" } }),
      want: { status: 415, code: "unsupported_media_type", message: "Send JSON.", field: "Content-Type" },
    },
    {
      name: "empty 415",
      response: () => new Response(null, { status: 415 }),
      want: { status: 415, code: "unsupported_media_type", message: /415/, field: undefined },
    },
    {
      name: "empty 503",
      response: () => new Response("", { status: 503 }),
      want: { status: 503, code: "unavailable", message: /503/, field: undefined },
    },
    {
      name: "unknown 4xx status",
      response: () => new Response("", { status: 418 }),
      want: { status: 418, code: "http_418", message: /418/, field: undefined },
    },
  ];

  for (const tc of cases) {
    it(`parses ${tc.name}`, async () => {
      const { fetch } = answering(tc.response);
      const err = await caught(new ApiClient({ fetch }).get("/api/v1/thing"));
      expect(err.status).toBe(tc.want.status);
      expect(err.code).toBe(tc.want.code);
      expect(err.field).toBe(tc.want.field);
      if (typeof tc.want.message === "string") expect(err.message).toBe(tc.want.message);
      else expect(err.message).toMatch(tc.want.message);
      // errorFromResponse is the same parser, usable on its own.
      const direct = await errorFromResponse(tc.response());
      expect([direct.status, direct.code, direct.field]).toEqual([tc.want.status, tc.want.code, tc.want.field]);
    });
  }

  it("keeps the server's request id", async () => {
    const res = apiError(500, "internal", "internal error; the server log has details");
    res.headers.set("X-Request-ID", "abc123");
    const err = await errorFromResponse(res);
    expect(err.code).toBe("internal");
    expect(err.requestId).toBe("abc123");
  });

  it("turns a failed fetch into a network error with status 0", async () => {
    const fetch: FetchLike = async () => {
      throw new TypeError("Failed to fetch");
    };
    const err = await caught(new ApiClient({ fetch }).me());
    expect(err.status).toBe(0);
    expect(err.code).toBe("network");
  });

  it("lets an abort through unchanged", async () => {
    const controller = new AbortController();
    const fetch: FetchLike = async (_url, init) => {
      expect(init?.signal).toBe(controller.signal);
      throw new DOMException("The operation was aborted.", "AbortError");
    };
    controller.abort();
    await expect(new ApiClient({ fetch }).me(controller.signal)).rejects.toMatchObject({ name: "AbortError" });
  });
});

describe("ApiClient unauthenticated listeners", () => {
  it("are told when a call finds no session", async () => {
    const { fetch } = answering(() => apiError(401, "unauthenticated", "Not signed in."));
    const client = new ApiClient({ fetch });
    const listener = vi.fn();
    client.onUnauthenticated(listener);

    await caught(client.get("/api/v1/teams"));
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it("are not told about a failed login, or after removal", async () => {
    const { fetch } = answering(() => apiError(401, "unauthenticated", "Invalid email or password."));
    const client = new ApiClient({ fetch });
    const listener = vi.fn();
    const remove = client.onUnauthenticated(listener);

    await caught(client.login({ email: "a@b.c", password: "wrong" }));
    expect(listener).not.toHaveBeenCalled();

    remove();
    await caught(client.get("/api/v1/teams"));
    expect(listener).not.toHaveBeenCalled();
  });

  it("are not told about other errors", async () => {
    const { fetch } = answering(() => apiError(403, "forbidden", "Admins only."));
    const client = new ApiClient({ fetch });
    const listener = vi.fn();
    client.onUnauthenticated(listener);
    await caught(client.get("/api/v1/teams"));
    expect(listener).not.toHaveBeenCalled();
  });
});

describe("ApiClient scheduling methods", () => {
  /** recording answers every call with one body and keeps method, URL and body. */
  function recording(body: unknown, status = 200) {
    const calls: { method: string; url: string; body: unknown }[] = [];
    const fetch: FetchLike = async (url, init) => {
      calls.push({ method: init?.method ?? "GET", url, body: typeof init?.body === "string" ? JSON.parse(init.body) : undefined });
      return status === 204 ? new Response(null, { status }) : json(status, body);
    };
    return { client: new ApiClient({ fetch }), calls };
  }

  it("asks for shifts over a range as RFC 3339 instants", async () => {
    const { client, calls } = recording({ shifts: [] });
    await client.shifts("5", new Date("2026-11-30T23:00:00Z"), "2026-12-07T23:00:00Z");
    expect(calls[0]).toMatchObject({
      method: "GET",
      url: "/api/v1/schedules/5/shifts?from=2026-11-30T23%3A00%3A00.000Z&to=2026-12-07T23%3A00%3A00Z",
    });
  });

  it("filters swaps and leaves unset filters out", async () => {
    const { client, calls } = recording({ swaps: [] });
    expect(await client.swaps({ mine: true, state: "requested" })).toEqual([]);
    await client.swaps({ schedule_id: "5" });
    expect(calls.map((c) => c.url)).toEqual(["/api/v1/swaps?state=requested&mine=true", "/api/v1/swaps?schedule_id=5"]);
  });

  it("escapes ids in paths", async () => {
    const { client, calls } = recording({ swap: { id: "a/b" } });
    await client.acceptSwap("a/b");
    await client.declineSwap("7");
    await client.cancelSwap("8");
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      "POST /api/v1/swaps/a%2Fb/accept",
      "POST /api/v1/swaps/7/decline",
      "POST /api/v1/swaps/8/cancel",
    ]);
  });

  it("sends schedule, override, swap and member bodies as given", async () => {
    const { client, calls } = recording({ schedule: { id: "5" }, override: { id: "1" }, swap: { id: "2" } });
    const input = { name: "x", time_zone: "UTC", tiers: {}, version: 3 };
    await client.updateSchedule("5", input);
    await client.createSchedule("1", { name: "y", time_zone: "UTC", tiers: {} });
    await client.createOverride("5", { tier: "primary", user_id: "2", start: "2026-01-01T00:00:00Z", end: "2026-01-02T00:00:00Z" });
    await client.requestSwap("5", { tier: "shadow", target_id: "3", start: "2026-01-01T00:00:00Z", end: "2026-01-02T00:00:00Z" });
    await client.setTeamMember("1", "4", "admin");
    expect(calls.map((c) => [c.method, c.url, c.body])).toEqual([
      ["PUT", "/api/v1/schedules/5", input],
      ["POST", "/api/v1/teams/1/schedules", { name: "y", time_zone: "UTC", tiers: {} }],
      ["POST", "/api/v1/schedules/5/overrides", { tier: "primary", user_id: "2", start: "2026-01-01T00:00:00Z", end: "2026-01-02T00:00:00Z" }],
      ["POST", "/api/v1/schedules/5/swaps", { tier: "shadow", target_id: "3", start: "2026-01-01T00:00:00Z", end: "2026-01-02T00:00:00Z" }],
      ["PUT", "/api/v1/teams/1/members/4", { role: "admin" }],
    ]);
  });

  it("reads an inactive calendar feed and deletes with no body", async () => {
    const inactive = recording({ feed: { active: false, created_at: null } });
    expect(await inactive.client.calendarFeed()).toEqual({ active: false, created_at: null });
    const gone = recording(undefined, 204);
    await gone.client.revokeCalendarFeed();
    await gone.client.deleteOverride("5", "9");
    await gone.client.removeTeamMember("1", "4");
    expect(gone.calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      "DELETE /api/v1/me/calendar-feed",
      "DELETE /api/v1/schedules/5/overrides/9",
      "DELETE /api/v1/teams/1/members/4",
    ]);
  });

  it("keeps the field a 400 names on a schedule save", async () => {
    const { fetch } = answering(() => apiError(400, "invalid", '"0h" is not a shift length', "tiers.primary[1].shift"));
    const err = await caught(new ApiClient({ fetch }).updateSchedule("5", { name: "x", time_zone: "UTC", tiers: {}, version: 1 }));
    expect(err.status).toBe(400);
    expect(err.field).toBe("tiers.primary[1].shift");
  });
});

describe("ApiClient paging methods", () => {
  function recording(body: unknown, status = 200) {
    const calls: { method: string; url: string; body: unknown }[] = [];
    const fetch: FetchLike = async (url, init) => {
      calls.push({ method: init?.method ?? "GET", url, body: typeof init?.body === "string" ? JSON.parse(init.body) : undefined });
      return status === 204 ? new Response(null, { status }) : json(status, body);
    };
    return { client: new ApiClient({ fetch }), calls };
  }

  it("lists alerts with only the filters given, and reads an alert with its timeline and pages", async () => {
    const { client, calls } = recording({ alerts: [] });
    expect(await client.alerts({ status: "open", held: false, limit: 50 })).toEqual([]);
    await client.alerts({ team_id: "1", service_id: "2", status: "triggered,acknowledged", urgency: "high", held: true, before: "90", limit: 10 });
    expect(calls.map((c) => c.url)).toEqual([
      "/api/v1/alerts?status=open&limit=50",
      "/api/v1/alerts?team_id=1&service_id=2&status=triggered%2Cacknowledged&urgency=high&held=true&before=90&limit=10",
    ]);

    const detail = recording({ alert: { id: "7" } });
    expect(await detail.client.alert("7")).toEqual({ alert: { id: "7" }, timeline: [], pages: [] });
  });

  it("acts on alerts with empty POSTs and acknowledges several with their ids", async () => {
    const { client, calls } = recording({ alert: { id: "7", status: "acknowledged" }, shadow_ack: true, results: [{ alert_id: "7", status: "acknowledged" }] });
    expect((await client.ackAlert("7")).shadow_ack).toBe(true);
    await client.resolveAlert("7");
    await client.escalateAlert("7");
    expect(await client.ackAlerts(["7", "8"])).toEqual([{ alert_id: "7", status: "acknowledged" }]);
    expect(calls.map((c) => [c.method, c.url, c.body])).toEqual([
      ["POST", "/api/v1/alerts/7/ack", undefined],
      ["POST", "/api/v1/alerts/7/resolve", undefined],
      ["POST", "/api/v1/alerts/7/escalate", undefined],
      ["POST", "/api/v1/alerts/ack", { alert_ids: ["7", "8"] }],
    ]);
  });

  it("reads pages and the paging status", async () => {
    const { client, calls } = recording({ pages: [], sender: "log", sending: false });
    await client.pages({ alertId: "7" });
    expect(await client.pagingStatus()).toMatchObject({ sender: "log", sending: false });
    expect(calls.map((c) => c.url)).toEqual(["/api/v1/pages?alert_id=7", "/api/v1/paging/status"]);
  });

  it("posts a generic event to the intake with the key escaped", async () => {
    const { client, calls } = recording({ status: "accepted", result: { alert_id: "9", dedup_key: "k", outcome: "created" } });
    const res = await client.sendGenericAlert("key/with?odd", { summary: "disk full", severity: "critical" });
    expect(res.result.outcome).toBe("created");
    expect(calls[0]).toEqual({ method: "POST", url: "/api/v1/integrations/key%2Fwith%3Fodd/generic", body: { summary: "disk full", severity: "critical" } });
  });

  it("creates, reads, updates and deletes policies and services under the right paths", async () => {
    const { client, calls } = recording({ policy: { id: "3" }, service: { id: "4" }, policies: [], services: [] });
    const policy = { name: "p", repeat: 1, repeat_after: "30m", steps: [{ after: "0m", targets: [{ user_id: "2" }] }], version: 2 };
    await client.policies({ teamId: "1" });
    await client.createPolicy("1", policy);
    await client.updatePolicy("3", policy);
    await client.services();
    await client.createService("1", { name: "s" });
    await client.updateService("4", { name: "s", version: 5 });
    expect(calls.map((c) => [c.method, c.url, c.body])).toEqual([
      ["GET", "/api/v1/escalation-policies?team_id=1", undefined],
      ["POST", "/api/v1/teams/1/escalation-policies", policy],
      ["PUT", "/api/v1/escalation-policies/3", policy],
      ["GET", "/api/v1/services", undefined],
      ["POST", "/api/v1/teams/1/services", { name: "s" }],
      ["PUT", "/api/v1/services/4", { name: "s", version: 5 }],
    ]);
    const gone = recording(undefined, 204);
    await gone.client.deletePolicy("3");
    await gone.client.deleteService("4");
    await gone.client.revokeIntegration("4", "8");
    await gone.client.deleteMaintenance("4", "9");
    expect(gone.calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      "DELETE /api/v1/escalation-policies/3",
      "DELETE /api/v1/services/4",
      "DELETE /api/v1/services/4/integrations/8",
      "DELETE /api/v1/services/4/maintenance/9",
    ]);
  });

  it("reads a service with its maintenance, and creates keys and windows", async () => {
    const { client, calls } = recording({ service: { id: "4" }, integration: { id: "8" }, key: "k", url: "http://x", maintenance: { id: "9" } });
    expect((await client.service("4")).service.id).toBe("4");
    expect(await client.createIntegration("4", { name: "prom", type: "alertmanager" })).toMatchObject({ key: "k", url: "http://x" });
    expect((await client.addMaintenance("4", { start: "2026-01-01T00:00:00Z", end: "2026-01-01T02:00:00Z" })).id).toBe("9");
    expect(calls.map((c) => [c.method, c.url, c.body])).toEqual([
      ["GET", "/api/v1/services/4", undefined],
      ["POST", "/api/v1/services/4/integrations", { name: "prom", type: "alertmanager" }],
      ["POST", "/api/v1/services/4/maintenance", { start: "2026-01-01T00:00:00Z", end: "2026-01-01T02:00:00Z" }],
    ]);
  });

  it("replaces routing rules with one PUT of the whole list", async () => {
    const rules = [{ name: "r", match: [{ label: "team", equals: "payments" }], service_id: "1" }];
    const { client, calls } = recording({ rules });
    expect(await client.routingRules()).toEqual(rules);
    expect(await client.setRoutingRules(rules)).toEqual(rules);
    expect(calls.map((c) => [c.method, c.url, c.body])).toEqual([
      ["GET", "/api/v1/routing-rules", undefined],
      ["PUT", "/api/v1/routing-rules", { rules }],
    ]);
  });
});

describe("ApiClient settings methods", () => {
  function recording(make: (url: string) => Response) {
    const calls: { method: string; url: string; body: unknown }[] = [];
    const fetch: FetchLike = async (url, init) => {
      calls.push({ method: init?.method ?? "GET", url, body: typeof init?.body === "string" ? JSON.parse(init.body) : undefined });
      return make(url);
    };
    return { client: new ApiClient({ fetch }), calls };
  }

  it("patches the profile, changes the password and manages tokens", async () => {
    const { client, calls } = recording((url) =>
      url === "/api/v1/me/password" || url.startsWith("/api/v1/me/tokens/")
        ? new Response(null, { status: 204 })
        : json(200, { user: alice, tokens: [{ id: "3", name: "ci" }], token: { id: "4", name: "cli" }, secret: "rota_s3cret" }),
    );
    expect(await client.updateMe({ name: "Alice", working_hours: "mon-fri 09:00-17:00" })).toEqual(alice);
    await client.changePassword("the old one", "a long password");
    expect(await client.tokens()).toEqual([{ id: "3", name: "ci" }]);
    expect((await client.createToken("cli")).secret).toBe("rota_s3cret");
    await client.revokeToken("4/5");
    expect(calls.map((c) => [c.method, c.url, c.body])).toEqual([
      ["PATCH", "/api/v1/me", { name: "Alice", working_hours: "mon-fri 09:00-17:00" }],
      ["PUT", "/api/v1/me/password", { current_password: "the old one", password: "a long password" }],
      ["GET", "/api/v1/me/tokens", undefined],
      ["POST", "/api/v1/me/tokens", { name: "cli" }],
      ["DELETE", "/api/v1/me/tokens/4%2F5", undefined],
    ]);
  });

  it("reads the signed-in user's permissions, and rejects an answer without them", async () => {
    const permissions = {
      org_admin: false,
      org: [],
      teams: [
        { team_id: "1", role: "admin", may: ["team.manage", "override.create", "swap.request", "alert.act"] },
        { team_id: "2", role: "", may: null },
      ],
    };
    const { client, calls } = recording(() => json(200, { permissions }));
    const signal = new AbortController().signal;
    expect(await client.permissions(signal)).toEqual({ ...permissions, teams: [permissions.teams[0], { team_id: "2", role: "", may: [] }] });
    expect(calls).toEqual([{ method: "GET", url: "/api/v1/me/permissions", body: undefined }]);

    const empty = recording(() => json(200, {}));
    expect((await caught(empty.client.permissions())).code).toBe("bad_response");
  });

  it("reads contact settings, filling in what an older server leaves out", async () => {
    const { client } = recording(() => json(200, { contact_methods: null, primary_phone: "+15550000001" }));
    expect(await client.contactSettings()).toEqual({ contact_methods: [], rules: [], primary_phone: "+15550000001", default_rules: true, sms_enabled: false });
  });

  it("adds, verifies, re-sends and deletes numbers, and replaces the rules", async () => {
    const method = { id: "7", type: "sms", address: "+15551230002", verified: false };
    const rules = [{ contact_method_id: "7", delay: "0m", urgency: "any" }];
    const { client, calls } = recording((url) =>
      url.endsWith("/resend") || /contact-methods\/7$/.test(url) ? new Response(null, { status: 204 }) : json(url.endsWith("contact-methods") ? 201 : 200, { contact_method: method, rules }),
    );
    expect(await client.addContactMethod({ type: "sms", address: "+15551230002" })).toEqual(method);
    expect(await client.verifyContactMethod("7", "123456")).toEqual(method);
    await client.resendContactCode("7");
    await client.deleteContactMethod("7");
    expect(await client.setNotificationRules([{ contact_method_id: "7", delay: "0m", urgency: "any" }])).toEqual(rules);
    expect(calls.map((c) => [c.method, c.url, c.body])).toEqual([
      ["POST", "/api/v1/me/contact-methods", { type: "sms", address: "+15551230002" }],
      ["POST", "/api/v1/me/contact-methods/7/verify", { code: "123456" }],
      ["POST", "/api/v1/me/contact-methods/7/resend", undefined],
      ["DELETE", "/api/v1/me/contact-methods/7", undefined],
      ["PUT", "/api/v1/me/notification-rules", { rules }],
    ]);
  });

  it("reports a wrong code and a too-early resend with their status and field", async () => {
    const wrong = recording(() => apiError(400, "invalid", "that is not the code we sent", "code"));
    const err = await caught(wrong.client.verifyContactMethod("7", "000000"));
    expect([err.status, err.code, err.field, err.message]).toEqual([400, "invalid", "code", "that is not the code we sent"]);
    const early = recording(() => apiError(429, "rate_limited", "a code was sent less than a minute ago; wait before asking for another"));
    const tooSoon = await caught(early.client.resendContactCode("7"));
    expect([tooSoon.status, tooSoon.code]).toEqual([429, "rate_limited"]);
  });
});

describe("ApiClient incident methods", () => {
  function recording(answer: unknown | (() => Response)) {
    const calls: { method: string; url: string; body: unknown }[] = [];
    const fetch: FetchLike = async (url, init) => {
      calls.push({ method: init?.method ?? "GET", url, body: typeof init?.body === "string" ? JSON.parse(init.body) : undefined });
      return typeof answer === "function" ? (answer as () => Response)() : json(200, answer);
    };
    return { client: new ApiClient({ fetch }), calls };
  }

  it("lists incidents with only the filters given, and fills in what an answer leaves out", async () => {
    const { client, calls } = recording({ incidents: [], incident: { id: "4" } });
    expect(await client.incidents()).toEqual([]);
    await client.incidents({ status: "open", severity: "SEV1,SEV2", team: "1", service: "2", review: "overdue", limit: 100 });
    expect(await client.incident("4")).toEqual({ incident: { id: "4" }, timeline: [], alerts: [], changes: [] });
    expect(calls.map((c) => c.url)).toEqual([
      "/api/v1/incidents",
      "/api/v1/incidents?status=open&severity=SEV1%2CSEV2&team=1&service=2&review=overdue&limit=100",
      "/api/v1/incidents/4",
    ]);
  });

  it("opens, edits, links, notes and moves incidents under the right paths", async () => {
    const { client, calls } = recording({ incident: { id: "4" }, timeline: [], alerts: [], changes: [] });
    await client.createIncident({ title: "checkout down", severity: "SEV2", alert_ids: ["7"], detected_at: "2027-01-13T09:00:00Z" });
    await client.updateIncident("4", { commander_id: "" });
    await client.linkIncident("4", { alert_ids: ["8"] });
    await client.addIncidentNote("4", "rolled back");
    await client.addIncidentNote("4", "it was 09:05, not 09:00", 3);
    await client.moveIncident("4", "mitigate");
    expect(calls.map((c) => [c.method, c.url, c.body])).toEqual([
      ["POST", "/api/v1/incidents", { title: "checkout down", severity: "SEV2", alert_ids: ["7"], detected_at: "2027-01-13T09:00:00Z" }],
      ["PATCH", "/api/v1/incidents/4", { commander_id: "" }],
      ["POST", "/api/v1/incidents/4/links", { alert_ids: ["8"] }],
      ["POST", "/api/v1/incidents/4/notes", { text: "rolled back" }],
      ["POST", "/api/v1/incidents/4/notes", { text: "it was 09:05, not 09:00", corrects: 3 }],
      ["POST", "/api/v1/incidents/4/mitigate", undefined],
    ]);
  });

  it("reads, saves, submits and publishes a review, and links its Markdown", async () => {
    const { client, calls } = recording({ review: { incident_id: "4", status: "draft", summary: "", impact: "" } });
    const review = await client.review("4");
    expect(review.action_items).toEqual([]);
    expect(review.responder_load).toEqual([]);
    const input = { summary: "s", impact: "i", contributing_factors: ["c"], went_well: [], was_hard: [], action_items: [{ title: "t", owner: "a@example.com", due: "2027-01-20" }] };
    await client.saveReview("4", input);
    await client.submitReview("4");
    await client.publishReview("4");
    expect(calls.map((c) => [c.method, c.url, c.body])).toEqual([
      ["GET", "/api/v1/incidents/4/review", undefined],
      ["PUT", "/api/v1/incidents/4/review", input],
      ["POST", "/api/v1/incidents/4/review/submit", undefined],
      ["POST", "/api/v1/incidents/4/review/publish", undefined],
    ]);
    expect(new ApiClient({ baseUrl: "http://rota.test" }).reviewMarkdownUrl("4 ")).toBe("http://rota.test/api/v1/incidents/4%20/review.md");
  });

  it("keeps the field a 409 on a published review names", async () => {
    const { client } = recording(() => apiError(409, "conflict", "the review is published: only action-item status may change", "summary"));
    const err = await caught(client.saveReview("4", { summary: "x", impact: "", contributing_factors: [], went_well: [], was_hard: [], action_items: [] }));
    expect([err.status, err.code, err.field]).toEqual([409, "conflict", "summary"]);
  });

  it("lists action items and a service's changes, and reads the delivery metrics", async () => {
    const { client, calls } = recording({ action_items: [], changes: [], from: "f", to: "t", time_zone: "UTC", totals: { deployments: 0 } });
    expect(await client.actionItems({ status: "pending", team: "1" })).toEqual([]);
    expect(await client.serviceChanges("2", { limit: 20 })).toEqual([]);
    const m = await client.deliveryMetrics({ team: "1", from: "2026-12-16", to: "2027-01-13" });
    expect([m.services, m.weeks, m.page_load]).toEqual([[], [], null]);
    expect(calls.map((c) => c.url)).toEqual([
      "/api/v1/action-items?status=pending&team=1",
      "/api/v1/services/2/changes?limit=20",
      "/api/v1/metrics/delivery?team=1&from=2026-12-16&to=2027-01-13",
    ]);
  });
});

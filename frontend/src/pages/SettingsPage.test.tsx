import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";
import { ApiClient } from "../api/client";
import type { ApiToken, ContactMethod, NotificationRule, User } from "../api/types";
import { App } from "../App";
import { fakeApi, type FakeApi } from "../test/fakeApi";
import { apiError, json, type RecordedRequest } from "../test/fakeRota";
import { permissionsFor } from "../test/permissions";

const dan: User = { id: "2", email: "dan@example.com", name: "Dan Miller", discipline: "dev", time_zone: "America/New_York", is_admin: false, working_hours: "mon-fri 09:00-17:00" };

/** Server is a fake of the settings endpoints that keeps state, so the page's reloads see its changes. */
interface Server {
  methods: ContactMethod[];
  rules: NotificationRule[];
  primaryPhone: string;
  smsEnabled: boolean;
  code: string;
  tokens: ApiToken[];
}

function mount(over: Partial<Server> = {}, routes: Record<string, unknown> = {}) {
  const s: Server = { methods: [], rules: [], primaryPhone: "", smsEnabled: true, code: "424242", tokens: [], ...over };
  let nextId = 10;
  let me = { ...dan };
  const method = (url: string) => s.methods.find((m) => url.includes(`/contact-methods/${m.id}`));
  const api = fakeApi({
    "GET /api/v1/me": () => ({ user: me }),
    "GET /api/v1/me/permissions": permissionsFor({ teams: { "1": "member" } }),
    "PATCH /api/v1/me": (req: RecordedRequest) => {
      me = { ...me, ...(req.body as Partial<User>) };
      return { user: me };
    },
    "GET /api/v1/me/contact-methods": () => ({
      contact_methods: s.methods,
      rules: s.rules,
      primary_phone: s.primaryPhone,
      default_rules: s.rules.length === 0,
      sms_enabled: s.smsEnabled,
    }),
    "POST /api/v1/me/contact-methods": (req: RecordedRequest) => {
      const body = req.body as { type: "sms" | "voice"; address: string };
      if (!/^\+[1-9]\d{6,14}$/.test(body.address)) return apiError(400, "invalid", "write the number with its country code, like +15551234567", "address");
      const m: ContactMethod = { id: String(nextId++), type: body.type, address: body.address, verified: false, created_at: "2026-03-02T10:00:00Z" };
      s.methods = [...s.methods, m];
      return json(201, { contact_method: m });
    },
    "GET /api/v1/me/tokens": () => ({ tokens: s.tokens }),
    "POST /api/v1/me/tokens": (req: RecordedRequest) => {
      const name = (req.body as { name: string }).name;
      if (!name) return apiError(400, "invalid", "name is required (at most 100 characters)", "name");
      const token: ApiToken = { id: String(nextId++), name, created_at: "2026-03-02T10:00:00Z", last_used_at: null, revoked_at: null };
      s.tokens = [...s.tokens, token];
      return json(201, { token, secret: "rota_0123456789abcdef" });
    },
    "PUT /api/v1/me/notification-rules": (req: RecordedRequest) => {
      const rules = (req.body as { rules: NotificationRule[] }).rules;
      const bad = rules.findIndex((r) => !s.methods.some((m) => m.id === r.contact_method_id && m.verified));
      if (bad >= 0) return apiError(400, "invalid", "verify the number before using it", `rules[${bad}].contact_method_id`);
      s.rules = [...rules].sort((a, b) => parseInt(a.delay) - parseInt(b.delay));
      return { rules: s.rules };
    },
    ...(routes as Record<string, object>),
  });
  // Routes under a number's id (verify, resend, delete) are answered here; the rest by the table.
  const table = api.fetch;
  const fetch: typeof api.fetch = async (url, init) => {
    const m = method(url);
    const verb = init?.method ?? "GET";
    if (m && verb === "POST" && url.endsWith("/verify")) {
      api.requests.push({ method: verb, url, init, body: JSON.parse(init!.body as string) });
      const code = (JSON.parse(init!.body as string) as { code: string }).code;
      if (code !== s.code) return apiError(400, "invalid", "that is not the code we sent", "code");
      m.verified = true;
      return json(200, { contact_method: m });
    }
    if (m && verb === "POST" && url.endsWith("/resend")) {
      api.requests.push({ method: verb, url, init, body: undefined });
      return apiError(429, "rate_limited", "a code was sent less than a minute ago; wait before asking for another");
    }
    if (m && verb === "DELETE") {
      api.requests.push({ method: verb, url, init, body: undefined });
      s.methods = s.methods.filter((x) => x !== m);
      s.rules = s.rules.filter((r) => r.contact_method_id !== m.id);
      return new Response(null, { status: 204 });
    }
    return table(url, init);
  };
  render(
    <MemoryRouter initialEntries={["/settings"]}>
      <App client={new ApiClient({ fetch })} />
    </MemoryRouter>,
  );
  return { api, s, user: userEvent.setup() };
}

function last(api: FakeApi, route: string): RecordedRequest | undefined {
  return api.requests.filter((r) => `${r.method} ${r.url}` === route).at(-1);
}

const region = (name: string) => screen.findByRole("region", { name });

describe("SettingsPage: profile", () => {
  it("saves name, discipline, zone and working hours, showing the server's error at the field", async () => {
    const { api, user } = mount({}, {
      "PATCH /api/v1/me": (req: RecordedRequest) => {
        const body = req.body as { working_hours: string; name: string };
        if (body.working_hours !== "" && !/^[a-z]{3}-[a-z]{3} \d\d:\d\d-\d\d:\d\d$/.test(body.working_hours)) {
          return apiError(400, "invalid", 'working hours must look like "mon-fri 09:00-17:00"', "working_hours");
        }
        return { user: { ...dan, ...body } };
      },
    });
    const profile = await region("Profile");
    const name = within(profile).getByLabelText("Name");
    expect((name as HTMLInputElement).value).toBe("Dan Miller");
    // The pickers show the saved hours.
    expect((within(profile).getByLabelText("First day") as HTMLSelectElement).value).toBe("mon");
    expect((within(profile).getByLabelText("Until") as HTMLInputElement).value).toBe("17:00");

    await user.clear(name);
    await user.type(name, "Dan M.");
    await user.selectOptions(within(profile).getByLabelText("Discipline"), "ops");
    await user.selectOptions(within(profile).getByLabelText("Time zone"), "Europe/Berlin");
    await user.click(within(profile).getByLabelText("Written out"));
    const text = within(profile).getByLabelText("Working hours as text");
    expect((text as HTMLInputElement).value).toBe("mon-fri 09:00-17:00");
    await user.clear(text);
    await user.type(text, "weekdays 9 to 5");
    await user.click(within(profile).getByRole("button", { name: "Save profile" }));
    await waitFor(() => expect(text.getAttribute("aria-invalid")).toBe("true"));
    expect(document.activeElement).toBe(text);
    expect(within(profile).getByText('working hours must look like "mon-fri 09:00-17:00"')).toBeTruthy();

    await user.clear(text);
    await user.type(text, "Tue-Sat 10:00-18:00");
    await user.click(within(profile).getByRole("button", { name: "Save profile" }));
    await within(profile).findByText("Profile saved.");
    expect(last(api, "PATCH /api/v1/me")?.body).toEqual({ name: "Dan M.", discipline: "ops", time_zone: "Europe/Berlin", working_hours: "tue-sat 10:00-18:00", handoff_notices: true });
    // The header follows the new name.
    expect(screen.getByTestId("signed-in-user").textContent).toContain("Dan M.");
    // After saving, the pickers show what was saved.
    expect((within(profile).getByLabelText("First day") as HTMLSelectElement).value).toBe("tue");
  });

  it("clears working hours with Not set", async () => {
    const { api, user } = mount();
    const profile = await region("Profile");
    await user.click(within(profile).getByLabelText("Not set"));
    await user.click(within(profile).getByRole("button", { name: "Save profile" }));
    await within(profile).findByText("Profile saved.");
    expect((last(api, "PATCH /api/v1/me")?.body as { working_hours: string }).working_hours).toBe("");
  });
});

describe("SettingsPage: contact methods", () => {
  it("adds a number, refuses a wrong code at the field, shows the 429 of a too-early resend, then verifies", async () => {
    const { api, user } = mount({ primaryPhone: "+15550000001" });
    const panel = await region("Contact methods");
    expect(within(panel).getByTestId("primary-phone").textContent).toContain("+15550000001");
    expect(within(panel).getByTestId("primary-phone").textContent).toContain("Set by an admin; counts as verified");

    const form = within(panel).getByRole("form", { name: "Add a number" });
    await user.type(within(form).getByLabelText("Phone number"), "5551230002");
    await user.click(within(form).getByRole("button", { name: "Add number" }));
    const address = within(form).getByLabelText("Phone number");
    await waitFor(() => expect(address.getAttribute("aria-invalid")).toBe("true"));
    expect(document.activeElement).toBe(address);
    within(form).getByText("write the number with its country code, like +15551234567");

    await user.clear(address);
    await user.type(address, "+15551230002");
    await user.click(within(form).getByRole("button", { name: "Add number" }));
    const verify = await within(panel).findByRole("form", { name: "Verify +15551230002" });
    within(verify).getByText(/Enter the code we sent to \+15551230002/);
    expect(last(api, "POST /api/v1/me/contact-methods")?.body).toEqual({ type: "sms", address: "+15551230002" });
    const row = within(panel).getAllByTestId("contact-method")[0]!;
    expect(within(row).getByTestId("contact-state").textContent).toBe("Unverified");

    const code = within(verify).getByLabelText("Code");
    await waitFor(() => expect(document.activeElement).toBe(code));
    await user.type(code, "111111");
    await user.click(within(verify).getByRole("button", { name: "Verify" }));
    await waitFor(() => expect(code.getAttribute("aria-invalid")).toBe("true"));
    within(verify).getByText("that is not the code we sent");

    await user.click(within(verify).getByRole("button", { name: "Send a new code" }));
    expect((await within(verify).findByTestId("resend-result")).textContent).toBe("a code was sent less than a minute ago; wait before asking for another");

    await user.clear(code);
    await user.type(code, "424242");
    await user.click(within(verify).getByRole("button", { name: "Verify" }));
    await within(panel).findByText("+15551230002 is verified. You can use it in your notification rules.");
    await waitFor(() => expect(within(within(panel).getAllByTestId("contact-method")[0]!).getByTestId("contact-state").textContent).toBe("Verified"));
    expect(within(panel).queryByRole("form", { name: "Verify +15551230002" })).toBeNull();
    expect(last(api, "POST /api/v1/me/contact-methods/10/verify")?.body).toEqual({ code: "424242" });

    // The rules editor can now use it.
    const rules = await region("Notification rules");
    await user.click(within(rules).getByRole("button", { name: "Add rule" }));
    expect(within(rules).getAllByRole("option", { name: "SMS +15551230002" })).toHaveLength(1);
  });

  it("reopens the code form for an unverified number and deletes a number after asking", async () => {
    const { api, user } = mount({
      methods: [
        { id: "3", type: "voice", address: "+15551230003", verified: false },
        { id: "4", type: "sms", address: "+15551230004", verified: true },
      ],
      rules: [{ contact_method_id: "4", delay: "0m", urgency: "any" }],
    });
    const panel = await region("Contact methods");
    await user.click(within(panel).getByRole("button", { name: "Enter the code for +15551230003" }));
    const verify = await within(panel).findByRole("form", { name: "Verify +15551230003" });
    within(verify).getByText(/read out in a call to \+15551230003/);
    // Later closes it and gives the focus back to the button that opened it.
    await user.click(within(verify).getByRole("button", { name: "Later" }));
    expect(within(panel).queryByRole("form", { name: "Verify +15551230003" })).toBeNull();
    expect(document.activeElement).toBe(within(panel).getByRole("button", { name: "Enter the code for +15551230003" }));

    await user.click(within(panel).getByRole("button", { name: "Delete SMS +15551230004" }));
    const dialog = await screen.findByRole("dialog", { name: "Delete +15551230004?" });
    within(dialog).getByText(/notification rules using it are removed too/);
    await user.click(within(dialog).getByRole("button", { name: "Delete" }));
    await within(panel).findByText("Deleted +15551230004.");
    expect(last(api, "DELETE /api/v1/me/contact-methods/4")).toBeTruthy();
    // Its rule went with it: the editor shows the default again.
    const rules = await region("Notification rules");
    await within(rules).findByTestId("default-rules");
    expect(within(rules).queryAllByTestId("notification-rule")).toHaveLength(0);
  });

  it("explains that without Twilio numbers cannot be verified, and offers no way to add one", async () => {
    mount({ smsEnabled: false });
    const panel = await region("Contact methods");
    const notice = within(panel).getByTestId("sms-disabled");
    expect(notice.textContent).toContain("Twilio is not configured");
    expect(notice.textContent).toContain("numbers cannot be verified");
    expect(within(notice).getByRole("link", { name: "Alerts" }).getAttribute("href")).toBe("/alerts");
    expect(within(panel).queryByRole("form", { name: "Add a number" })).toBeNull();
  });

  it("shows a 409 without a field (Twilio gone since the page loaded) at the form", async () => {
    const { user } = mount({}, { "POST /api/v1/me/contact-methods": () => apiError(409, "conflict", "Twilio is not configured, so numbers cannot be verified") });
    const form = await screen.findByRole("form", { name: "Add a number" });
    await user.type(within(form).getByLabelText("Phone number"), "+15551230002");
    await user.click(within(form).getByRole("button", { name: "Add number" }));
    expect((await within(form).findByRole("alert")).textContent).toBe("Twilio is not configured, so numbers cannot be verified");
  });
});

describe("SettingsPage: notification rules", () => {
  const methods: ContactMethod[] = [
    { id: "1", type: "sms", address: "+15551230001", verified: true },
    { id: "2", type: "voice", address: "+15551230002", verified: true },
    { id: "3", type: "sms", address: "+15551230003", verified: false },
  ];

  it("shows the default, adds rules from verified numbers only, saves the list and resets to the default", async () => {
    const { api, user } = mount({ methods, primaryPhone: "+15550000001" });
    const panel = await region("Notification rules");
    expect(within(panel).getByTestId("default-rules").textContent).toContain("Default: SMS at once, a call after 2 minutes");
    expect(within(panel).queryByRole("button", { name: "Reset to default" })).toBeNull();

    await user.click(within(panel).getByRole("button", { name: "Add rule" }));
    await user.click(within(panel).getByRole("button", { name: "Add rule" }));
    const [first, second] = within(panel).getAllByTestId("notification-rule");
    const numbers = within(first!).getByLabelText("Number");
    expect(within(numbers).getAllByRole("option").map((o) => o.textContent)).toEqual(["SMS +15551230001", "Voice call +15551230002"]);
    expect((within(second!).getByLabelText("Number") as HTMLSelectElement).value).toBe("2");
    expect((within(second!).getByLabelText("Minutes after the page") as HTMLInputElement).value).toBe("2");
    within(first!).getByText("at once");

    const delay = within(second!).getByLabelText("Minutes after the page");
    await user.clear(delay);
    await user.type(delay, "5");
    await user.selectOptions(within(second!).getByLabelText("For alerts of"), "high");
    within(panel).getByText("Unsaved changes");
    await user.click(within(panel).getByRole("button", { name: "Save rules" }));
    await within(panel).findByText("Saved 2 rules.");
    expect(last(api, "PUT /api/v1/me/notification-rules")?.body).toEqual({
      rules: [
        { contact_method_id: "1", delay: "0m", urgency: "any" },
        { contact_method_id: "2", delay: "5m", urgency: "high" },
      ],
    });
    await waitFor(() => expect(within(panel).queryByTestId("default-rules")).toBeNull());

    await user.click(within(panel).getByRole("button", { name: "Remove rule 1" }));
    expect(within(panel).getAllByTestId("notification-rule")).toHaveLength(1);
    await user.click(within(panel).getByRole("button", { name: "Reset to default" }));
    await within(panel).findByText("Saved: no rules of your own, so the default applies.");
    expect(last(api, "PUT /api/v1/me/notification-rules")?.body).toEqual({ rules: [] });
    await within(panel).findByTestId("default-rules");
    expect(within(panel).queryAllByTestId("notification-rule")).toHaveLength(0);
  });

  it("marks the number the server refuses, and a bad delay, at their controls", async () => {
    const mine = methods.map((m) => ({ ...m }));
    const { api, user } = mount({ methods: mine, rules: [{ contact_method_id: "1", delay: "0m", urgency: "any" }, { contact_method_id: "2", delay: "1h30m", urgency: "low" }] });
    const panel = await region("Notification rules");
    const row = (i: number) => within(panel).getAllByTestId("notification-rule")[i]!;
    expect((within(row(1)).getByLabelText("Minutes after the page") as HTMLInputElement).value).toBe("90");
    within(row(1)).getByText("after 1 h 30 min");

    // The number was unverified behind the page's back: the server names rules[1].contact_method_id.
    mine[1]!.verified = false;
    await user.click(within(panel).getByRole("button", { name: "Save rules" }));
    await waitFor(() => expect(within(row(1)).getByLabelText("Number").getAttribute("aria-invalid")).toBe("true"));
    expect(document.activeElement).toBe(within(row(1)).getByLabelText("Number"));
    within(row(1)).getByText("verify the number before using it");

    // A delay that is not whole minutes goes as typed; the server names rules[0].delay.
    mine[1]!.verified = true;
    api.on("PUT /api/v1/me/notification-rules", (req: RecordedRequest) => {
      const bad = (req.body as { rules: NotificationRule[] }).rules.findIndex((r) => !/^\d+m$/.test(r.delay));
      return apiError(400, "invalid", `rules[${bad}].delay must be whole minutes like 0m, 5m or 1h`, `rules[${bad}].delay`);
    });
    const delay = within(row(0)).getByLabelText("Minutes after the page");
    await user.clear(delay);
    await user.type(delay, "1.5");
    await user.click(within(panel).getByRole("button", { name: "Save rules" }));
    await waitFor(() => expect(within(row(0)).getByLabelText("Minutes after the page").getAttribute("aria-invalid")).toBe("true"));
    expect(within(row(1)).getByLabelText("Number").getAttribute("aria-invalid")).toBeNull();
    within(row(0)).getByText("rules[0].delay must be whole minutes like 0m, 5m or 1h");
    expect((last(api, "PUT /api/v1/me/notification-rules")?.body as { rules: NotificationRule[] }).rules[0]!.delay).toBe("1.5");
  });

  it("says nobody can reach you when there is no verified number, and offers no rule", async () => {
    mount({ methods: [methods[2]!] });
    const panel = await region("Notification rules");
    expect(within(panel).getByTestId("default-rules").textContent).toContain("Rota cannot reach you by phone");
    expect((within(panel).getByRole("button", { name: "Add rule" }) as HTMLButtonElement).disabled).toBe(true);
  });
});

describe("SettingsPage: loading", () => {
  it("shows a failed load with Try again, and the panels once it works", async () => {
    let calls = 0;
    const { user } = mount({}, {
      "GET /api/v1/me/contact-methods": () => {
        calls += 1;
        return calls === 1 ? apiError(503, "unavailable", "The database is not answering.") : { contact_methods: [], rules: [], primary_phone: "", default_rules: true, sms_enabled: true };
      },
    });
    const notice = await screen.findByText("The database is not answering.");
    expect(screen.queryByRole("region", { name: "Contact methods" })).toBeNull();
    await user.click(within(notice.parentElement!).getByRole("button", { name: "Try again" }));
    await region("Contact methods");
    await region("Notification rules");
  });
});

describe("SettingsPage: password and tokens", () => {
  it("checks the repeat, shows the server's refusal at the field, then changes the password", async () => {
    const { api, user } = mount({}, {
      "PUT /api/v1/me/password": (req: RecordedRequest) =>
        (req.body as { password: string }).password.length < 10 ? apiError(400, "invalid", "password must be at least 10 characters", "password") : undefined,
    });
    const panel = await region("Password");
    // Before anyone changes it, the panel says what a change ends.
    within(panel).getByText("Changing your password signs you out elsewhere and revokes your API tokens.");
    await user.type(within(panel).getByLabelText("Current password"), "the old one");
    const pw = within(panel).getByLabelText("New password");
    const again = within(panel).getByLabelText("New password again");
    await user.type(pw, "short");
    await user.type(again, "shorter");
    await user.click(within(panel).getByRole("button", { name: "Change password" }));
    await waitFor(() => expect(again.getAttribute("aria-invalid")).toBe("true"));
    expect(api.requests.some((r) => r.url === "/api/v1/me/password")).toBe(false);

    await user.clear(again);
    await user.type(again, "short");
    await user.click(within(panel).getByRole("button", { name: "Change password" }));
    await waitFor(() => expect(pw.getAttribute("aria-invalid")).toBe("true"));
    within(panel).getByText("password must be at least 10 characters");
    expect(document.activeElement).toBe(pw);

    await user.clear(pw);
    await user.clear(again);
    await user.type(pw, "a much longer one");
    await user.type(again, "a much longer one");
    await user.click(within(panel).getByRole("button", { name: "Change password" }));
    await within(panel).findByText("Password changed. Your other sessions have been signed out and your API tokens revoked.");
    expect(last(api, "PUT /api/v1/me/password")?.body).toEqual({ current_password: "the old one", password: "a much longer one" });
    expect((pw as HTMLInputElement).value).toBe("");
  });

  it("creates a token, shows its secret once with a copy button, lists and revokes it", async () => {
    const { api, user } = mount({ tokens: [{ id: "1", name: "laptop", created_at: "2026-01-05T09:00:00Z", last_used_at: "2026-03-01T08:00:00Z", revoked_at: null }] });
    const panel = await region("API tokens");
    const table = await within(panel).findByTestId("tokens-table");
    expect(within(table).getAllByTestId("token-row")).toHaveLength(1);

    await user.click(within(panel).getByRole("button", { name: "Create token" }));
    await waitFor(() => expect(within(panel).getByLabelText("Token name").getAttribute("aria-invalid")).toBe("true"));

    await user.type(within(panel).getByLabelText("Token name"), "deploy");
    await user.click(within(panel).getByRole("button", { name: "Create token" }));
    const dialog = await screen.findByRole("dialog", { name: "API token deploy" });
    expect((within(dialog).getByLabelText("Secret") as HTMLInputElement).value).toBe("rota_0123456789abcdef");
    within(dialog).getByText(/it will not be shown again/);
    within(dialog).getByRole("button", { name: "Copy Secret" });
    await user.click(within(dialog).getByRole("button", { name: "I have copied it" }));
    expect(screen.queryByRole("dialog")).toBeNull();
    await waitFor(() => expect(within(panel).getAllByTestId("token-row")).toHaveLength(2));
    within(panel).getByText("never");
    expect(panel.textContent).not.toContain("rota_0123456789abcdef");

    api.on("DELETE /api/v1/me/tokens/1", () => undefined);
    await user.click(within(panel).getByRole("button", { name: "Revoke laptop" }));
    const confirm = await screen.findByRole("dialog", { name: "Revoke laptop?" });
    await user.click(within(confirm).getByRole("button", { name: "Revoke" }));
    await waitFor(() => expect(last(api, "DELETE /api/v1/me/tokens/1")).toBeTruthy());
  });
});

describe("SettingsPage: forwarding to PagerDuty", () => {
  it("adds a routing key, usable at once, even without SMS", async () => {
    const key = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
    const { s, user } = mount({ smsEnabled: false }, {
      "POST /api/v1/me/contact-methods": (req: RecordedRequest) => {
        const body = req.body as { type: string; address: string };
        if (body.type !== "pagerduty" || body.address.length !== 32) return apiError(400, "invalid", "a PagerDuty routing key is 32 letters and digits", "address");
        const m: ContactMethod = { id: "50", type: "pagerduty", address: body.address, verified: true, created_at: "2026-03-02T10:00:00Z" };
        s.methods = [...s.methods, m];
        return json(201, { contact_method: m });
      },
    });
    const panel = await region("Contact methods");
    const form = within(panel).getByRole("form", { name: "Forward to PagerDuty" });
    const field = within(form).getByLabelText("PagerDuty routing key");
    await user.type(field, "short");
    await user.click(within(form).getByRole("button", { name: "Add key" }));
    await waitFor(() => expect(field.getAttribute("aria-invalid")).toBe("true"));
    await user.clear(field);
    await user.type(field, key);
    await user.click(within(form).getByRole("button", { name: "Add key" }));
    await within(panel).findByText("Pages to you are forwarded to PagerDuty (key ending 8f90).");
    const item = await within(panel).findByTestId("contact-method");
    expect(item.textContent).toContain("PagerDuty");
    expect(within(item).getByTestId("contact-state").textContent).toBe("Verified");
  });
});

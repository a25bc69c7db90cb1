import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";
import { ApiClient } from "../api/client";
import type { User } from "../api/types";
import { App } from "../App";
import { fakeApi, type Handler } from "../test/fakeApi";
import { apiError, json } from "../test/fakeRota";
import { permissionsFor } from "../test/permissions";

const admin: User = { id: "1", email: "admin@example.com", name: "Ada Admin", discipline: "ops", time_zone: "UTC", is_admin: true };
const dan: User = { id: "2", email: "dan@example.com", name: "Dan Miller", discipline: "dev", time_zone: "America/New_York", is_admin: false, has_phone: true };

function mount(path: string, routes: Record<string, Handler>) {
  const api = fakeApi({
    "GET /api/v1/me/oncall": { at: "2026-11-23T09:00:00Z", current: [], next: null },
    "GET /api/v1/oncall": { at: "2026-11-23T09:00:00Z", teams: [] },
    "GET /api/v1/alerts": { alerts: [] },
    "GET /api/v1/swaps": { swaps: [] },
    "GET /api/v1/schedules": { schedules: [] },
    ...routes,
  });
  render(
    <MemoryRouter initialEntries={[path]}>
      <App client={new ApiClient({ fetch: api.fetch })} />
    </MemoryRouter>,
  );
  return { api, user: userEvent.setup() };
}

describe("UsersPage", () => {
  it("lets an org admin invite a user and shows the one-time password once", async () => {
    const { api, user } = mount("/users", {
      "GET /api/v1/me": { user: admin },
      "GET /api/v1/me/permissions": permissionsFor({ orgAdmin: true }),
      "GET /api/v1/users": { users: [admin, dan] },
      "POST /api/v1/users": (req) => {
        const b = req.body as { email: string };
        if (b.email === "taken@example.com") return apiError(409, "conflict", "a user with email taken@example.com already exists", "email");
        return json(201, { user: { ...dan, id: "3", name: "Omar Haddad", email: b.email }, one_time_password: "otp-0123456789abcdef" });
      },
    });
    const form = await screen.findByRole("form", { name: "Invite a user" });
    expect(screen.getAllByTestId("user-row")).toHaveLength(2);
    expect(within(screen.getAllByTestId("user-row")[1]!).getByText("hidden")).toBeDefined();

    await user.type(within(form).getByLabelText("Name"), "Omar Haddad");
    await user.type(within(form).getByLabelText("Email"), "taken@example.com");
    await user.click(within(form).getByRole("button", { name: "Invite" }));
    const email = within(form).getByLabelText("Email");
    await waitFor(() => expect(email.getAttribute("aria-invalid")).toBe("true"));

    await user.clear(email);
    await user.type(email, "omar@example.com");
    await user.selectOptions(within(form).getByLabelText("Discipline"), "ops");
    await user.clear(within(form).getByLabelText("Time zone"));
    await user.type(within(form).getByLabelText("Time zone"), "Europe/Berlin");
    await user.type(within(form).getByLabelText("Phone (optional)"), "+15550000003");
    await user.click(within(form).getByRole("button", { name: "Invite" }));
    const notice = await screen.findByTestId("one-time-password");
    expect(within(notice).getByRole<HTMLInputElement>("textbox", { name: "One-time password for omar@example.com" }).value).toBe("otp-0123456789abcdef");
    expect(api.requests.filter((r) => r.method === "POST").at(-1)?.body).toEqual({
      name: "Omar Haddad",
      email: "omar@example.com",
      discipline: "ops",
      time_zone: "Europe/Berlin",
      is_admin: false,
      phone: "+15550000003",
    });
    await user.click(within(notice).getByRole("button", { name: "Done" }));
    expect(screen.queryByTestId("one-time-password")).toBeNull();
  });

  it("says a reset ends the user's sessions and API tokens", async () => {
    const { api, user } = mount("/users", {
      "GET /api/v1/me": { user: admin },
      "GET /api/v1/me/permissions": permissionsFor({ orgAdmin: true }),
      "GET /api/v1/users": { users: [admin, dan] },
      "POST /api/v1/users/2/reset-password": { user: dan, one_time_password: "otp-fedcba9876543210" },
    });
    await user.click(await screen.findByRole("button", { name: "Reset the password of Dan Miller" }));
    const notice = await screen.findByTestId("one-time-password");
    expect(notice.textContent).toContain("signed out everywhere and their API tokens are revoked");
    expect(api.requests.some((r) => r.method === "POST" && r.url === "/api/v1/users/2/reset-password")).toBe(true);
  });

  it("shows a member the list without the invitation or resets", async () => {
    mount("/users", {
      "GET /api/v1/me": { user: dan },
      "GET /api/v1/me/permissions": permissionsFor({ teams: { "1": "member" } }),
      "GET /api/v1/users": { users: [admin, dan] },
    });
    await waitFor(() => expect(screen.getAllByTestId("user-row")).toHaveLength(2));
    expect(screen.queryByRole("form", { name: "Invite a user" })).toBeNull();
    expect(screen.queryByRole("button", { name: /Reset the password/ })).toBeNull();
  });
});

describe("ChoosePasswordPage", () => {
  it("follows sign-in with a one-time password, reusing it, and then goes to Now", async () => {
    let changed = false;
    const { api, user } = mount("/sign-in", {
      "GET /api/v1/me": () => (changed ? json(200, { user: dan }) : apiError(401, "unauthenticated", "sign in first")),
      "POST /api/v1/auth/login": { user: dan, must_change_password: true },
      "PUT /api/v1/me/password": () => {
        changed = true;
        return new Response(null, { status: 204 });
      },
      "GET /api/v1/me/permissions": permissionsFor({ teams: { "1": "member" } }),
    });
    await user.type(await screen.findByLabelText("Email"), dan.email);
    await user.type(screen.getByLabelText("Password"), "one-time-pw-123");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    const form = await screen.findByRole("form", { name: "Choose your password" });
    expect(within(form).queryByLabelText("One-time password")).toBeNull();
    await user.type(within(form).getByLabelText("New password"), "dan's own password");
    await user.type(within(form).getByLabelText("New password again"), "dan's own passwrod");
    await user.click(within(form).getByRole("button", { name: "Save password and continue" }));
    expect(await within(form).findByText("The two passwords are not the same.")).toBeDefined();
    await user.clear(within(form).getByLabelText("New password again"));
    await user.type(within(form).getByLabelText("New password again"), "dan's own password");
    await user.click(within(form).getByRole("button", { name: "Save password and continue" }));
    await screen.findByRole("heading", { level: 1, name: "Now" });
    expect(api.requests.find((r) => r.method === "PUT")?.body).toEqual({ current_password: "one-time-pw-123", password: "dan's own password" });
  });

  it("asks for the one-time password after a reload, and any refused call leads back to it", async () => {
    mount("/alerts", {
      "GET /api/v1/me": apiError(403, "password_change_required", "choose a new password first", "password"),
    });
    const form = await screen.findByRole("form", { name: "Choose your password" });
    expect(within(form).getByLabelText("One-time password")).toBeDefined();
  });
});

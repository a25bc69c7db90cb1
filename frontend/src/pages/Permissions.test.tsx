// The pages show or hide what changes things by what GET /api/v1/me/permissions
// answers, not by the user's is_admin flag or their team roles: these tests
// give users answers that disagree with both.

import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";
import { ApiClient } from "../api/client";
import type { PermissionsResponse, Service, TeamMember, User } from "../api/types";
import { App } from "../App";
import { fakeApi, type Handler } from "../test/fakeApi";
import { apiError, json } from "../test/fakeRota";
import { permissionsFor } from "../test/permissions";

// Ada is an organisation admin by her flag, Olga a team admin by her role, Dan a plain member.
const ada: User = { id: "1", email: "ada@example.com", name: "Ada Admin", discipline: "ops", time_zone: "UTC", is_admin: true };
const olga: User = { id: "2", email: "olga@example.com", name: "Olga Petrova", discipline: "ops", time_zone: "UTC", is_admin: false };
const dan: User = { id: "3", email: "dan@example.com", name: "Dan Miller", discipline: "dev", time_zone: "UTC", is_admin: false };
const members: TeamMember[] = [
  { user: olga, role: "admin" },
  { user: dan, role: "member" },
];
const hours = { time_zone: "UTC", windows: [] };
const service: Service = { id: "4", team_id: "1", name: "checkout", urgency: "high", business_hours: hours, hold_low_outside_hours: false, version: 1 };

/** nothing is an answer that allows nothing anywhere. */
const nothing: PermissionsResponse = { permissions: { org_admin: false, org: [], teams: [{ team_id: "1", role: "", may: [] }] } };

function mount(me: User, path: string, permissions: Handler, routes: Record<string, Handler> = {}) {
  const api = fakeApi({
    "GET /api/v1/me": { user: me },
    "GET /api/v1/me/permissions": permissions,
    "GET /api/v1/teams": { teams: [{ id: "1", name: "payments" }] },
    "GET /api/v1/teams/1": { team: { id: "1", name: "payments" } },
    "GET /api/v1/teams/1/members": { members },
    "GET /api/v1/schedules": { schedules: [] },
    "GET /api/v1/users": { users: [ada, olga, dan] },
    "GET /api/v1/services/4": { service, maintenance: [] },
    "GET /api/v1/services/4/integrations": { integrations: [] },
    "GET /api/v1/escalation-policies": { policies: [] },
    ...routes,
  });
  render(
    <MemoryRouter initialEntries={[path]}>
      <App client={new ApiClient({ fetch: api.fetch })} />
    </MemoryRouter>,
  );
  return { api, user: userEvent.setup() };
}

const asked = (api: ReturnType<typeof fakeApi>, route: string) => api.requests.filter((r) => `${r.method} ${r.url.split("?")[0]}` === route).length;

describe("pages follow the permissions the server gives", () => {
  it("offers team creation by org.manage, not by the is_admin flag", async () => {
    mount(ada, "/teams", nothing);
    await screen.findByRole("link", { name: "payments" });
    expect(screen.queryByRole("form", { name: "Create team" })).toBeNull();
  });

  it("asks again after creating a team, so its admin controls show on the new team's page", async () => {
    let calls = 0;
    const { api, user } = mount(olga, "/teams", () => {
      calls += 1;
      // The new team (7) is only in the answers given after it was created.
      return permissionsFor({ orgAdmin: true, teams: calls === 1 ? { "1": "" } : { "1": "", "7": "" } });
    }, {
      "POST /api/v1/teams": json(201, { team: { id: "7", name: "edge" } }),
      "GET /api/v1/teams/7": { team: { id: "7", name: "edge" } },
      "GET /api/v1/teams/7/members": { members: [] },
    });
    await user.type(await screen.findByLabelText("New team name"), "edge");
    await user.click(screen.getByRole("button", { name: "Create team" }));
    expect(await screen.findByRole("heading", { name: "Team edge" })).toBeDefined();
    expect(await screen.findByRole("form", { name: "Add member" })).toBeDefined();
    expect(screen.getByRole("link", { name: "New schedule" })).toBeDefined();
    expect(asked(api, "GET /api/v1/me/permissions")).toBe(2);
  });

  it("shows a team's admin controls to whoever has team.manage, whatever their role", async () => {
    // Dan is a plain member by the members list, but the server says he may manage the team.
    mount(dan, "/teams/1", permissionsFor({ teams: { "1": "admin" } }));
    expect(await screen.findByLabelText("Role of Olga Petrova")).toBeDefined();
    expect(screen.getByRole("form", { name: "Add member" })).toBeDefined();
  });

  it("hides a team's admin controls from a team admin the server does not let manage it", async () => {
    mount(olga, "/teams/1", nothing);
    await screen.findByText("dan@example.com");
    expect(screen.queryByLabelText("Role of Olga Petrova")).toBeNull();
    expect(screen.queryByRole("form", { name: "Add member" })).toBeNull();
    expect(screen.queryByRole("link", { name: "New schedule" })).toBeNull();
  });

  it("asks again after a role change, so an admin who steps down loses the controls", async () => {
    let role: "admin" | "member" = "admin";
    const { api, user } = mount(olga, "/teams/1", () => permissionsFor({ teams: { "1": role } }), {
      "GET /api/v1/teams/1/members": () => ({ members: [{ user: olga, role }, { user: dan, role: "member" }] }),
      "PUT /api/v1/teams/1/members/2": () => {
        role = "member";
        return undefined;
      },
    });
    await user.selectOptions(await screen.findByLabelText("Role of Olga Petrova"), "member");
    await waitFor(() => expect(screen.queryByLabelText("Role of Olga Petrova")).toBeNull());
    expect(screen.queryByRole("form", { name: "Add member" })).toBeNull();
    expect(asked(api, "GET /api/v1/me/permissions")).toBe(2);
  });

  it("lets only team.manage edit and delete a service, without loading the team's members for it", async () => {
    const admin = mount(dan, "/services/4", permissionsFor({ teams: { "1": "admin" } }));
    expect(await screen.findByRole("button", { name: "Delete service checkout" })).toBeDefined();
    expect(screen.queryByText(/you are seeing it read-only/)).toBeNull();
    expect(asked(admin.api, "GET /api/v1/teams/1/members")).toBe(0);
  });

  it("shows a service read-only to an organisation admin by flag whom the server does not let manage the team", async () => {
    mount(ada, "/services/4", nothing);
    expect(await screen.findByText(/you are seeing it read-only/)).toBeDefined();
    expect(screen.queryByRole("button", { name: "Delete service checkout" })).toBeNull();
  });

  it("says when the permissions could not be loaded, stays read-only, and recovers on retry", async () => {
    let calls = 0;
    const { user } = mount(olga, "/teams/1", () => {
      calls += 1;
      return calls === 1 ? apiError(503, "unavailable", "The database is not answering.") : permissionsFor({ teams: { "1": "admin" } });
    });
    const notice = await screen.findByTestId("permissions-error");
    expect(notice.textContent).toMatch(/The database is not answering/);
    await screen.findByText("dan@example.com");
    expect(screen.queryByLabelText("Role of Olga Petrova")).toBeNull();
    await user.click(within(notice).getByRole("button", { name: "Try again" }));
    expect(await screen.findByLabelText("Role of Olga Petrova")).toBeDefined();
    expect(screen.queryByTestId("permissions-error")).toBeNull();
  });
});

import { cleanup, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";
import { ApiClient } from "../../api/client";
import type { PermissionsResponse, Schedule, TeamMember, User } from "../../api/types";
import { App } from "../../App";
import { fakeApi } from "../../test/fakeApi";
import { apiError, json } from "../../test/fakeRota";
import { permissionsFor } from "../../test/permissions";

const olga: User = { id: "1", email: "olga@example.com", name: "Olga Petrova", discipline: "ops", time_zone: "Europe/Berlin", is_admin: false };
const dan: User = { id: "2", email: "dan@example.com", name: "Dan Miller", discipline: "dev", time_zone: "America/New_York", is_admin: false };
const dina: User = { id: "3", email: "dina@example.com", name: "Dina Weber", discipline: "dev", time_zone: "Europe/Berlin", is_admin: false };

const members: TeamMember[] = [
  { user: olga, role: "admin" },
  { user: dan, role: "member" },
  { user: dina, role: "member" },
];

const schedule: Schedule = {
  id: "5",
  team_id: "1",
  name: "payments-oncall",
  time_zone: "Europe/Berlin",
  holidays: [],
  pairing: "",
  version: 2,
  tiers: {
    primary: [
      { id: "10", name: "ops-24x7", participants: ["1"], start: "2026-01-05T09:00", shift: "1w", coverage: [] },
      { id: "11", name: "dev-day", participants: ["2", "3"], start: "2026-01-05T09:00", shift: "1d", coverage: [] },
    ],
    secondary: [],
    shadow: [],
  },
  members: [],
};

/** roleOf is what the server would say the user's role in team 1 is. */
const roleOf = (u: User) => members.find((m) => m.user.id === u.id)?.role ?? "";

function mount(me: User, permissions: PermissionsResponse = permissionsFor({ orgAdmin: me.is_admin, teams: { "1": roleOf(me) } })) {
  const api = fakeApi({
    "GET /api/v1/me": { user: me },
    "GET /api/v1/me/permissions": permissions,
    "GET /api/v1/teams/1/members": { members },
    "GET /api/v1/schedules/5": { schedule },
  });
  render(
    <MemoryRouter initialEntries={["/teams/1/schedules/5"]}>
      <App client={new ApiClient({ fetch: api.fetch })} />
    </MemoryRouter>,
  );
  return { api, user: userEvent.setup() };
}

describe("ScheduleEditor", () => {
  it("shows the server's field error at the control its path names, and only there", async () => {
    const { api, user } = mount(olga);
    api.on("PUT /api/v1/schedules/5", () =>
      apiError(400, "invalid", '"0h" is not a shift length (want e.g. 8h, 12h, 1d, 1w, 2w or 90m)', "tiers.primary[1].shift"),
    );
    const layer = await screen.findByRole("region", { name: "primary layer 2: dev-day" });
    await user.selectOptions(within(layer).getByLabelText("Shift length"), "custom");
    const custom = within(layer).getByLabelText("Custom shift length");
    await user.clear(custom);
    await user.type(custom, "0h");
    await user.click(screen.getByRole("button", { name: "Save schedule" }));

    await waitFor(() => expect(custom.getAttribute("aria-invalid")).toBe("true"));
    const message = document.getElementById(custom.getAttribute("aria-describedby") ?? "");
    expect(message?.textContent).toMatch(/"0h" is not a shift length/);
    expect(layer.contains(message)).toBe(true);
    expect(document.activeElement).toBe(custom);
    expect(document.querySelectorAll('[aria-invalid="true"]')).toHaveLength(1);

    const sent = api.requests.find((r) => r.method === "PUT")?.body as { version: number; tiers: { primary: { shift: string }[] } };
    expect(sent.version).toBe(2);
    expect(sent.tiers.primary.map((l) => l.shift)).toEqual(["1w", "0h"]);
  });

  it("maps a participant's error to the layer's participant picker", async () => {
    const { api, user } = mount(olga);
    api.on("PUT /api/v1/schedules/5", () => apiError(400, "invalid", '"9" is not a member of the team', "tiers.primary[0].participants[0]"));
    await screen.findByRole("region", { name: "primary layer 1: ops-24x7" });
    await user.click(screen.getByRole("button", { name: "Save schedule" }));
    const layer = screen.getByRole("region", { name: "primary layer 1: ops-24x7" });
    const picker = within(layer).getByLabelText("Add participant", { selector: "select" });
    await waitFor(() => expect(picker.getAttribute("aria-invalid")).toBe("true"));
    expect(within(layer).getByText('"9" is not a member of the team')).toBeDefined();
  });

  it("shows an error with no matching control at the top of the form", async () => {
    const { api, user } = mount(olga);
    api.on("PUT /api/v1/schedules/5", () => apiError(400, "invalid", "version is required", "version"));
    await screen.findByRole("button", { name: "Save schedule" });
    await user.click(screen.getByRole("button", { name: "Save schedule" }));
    expect((await screen.findByRole("alert")).textContent).toBe("version is required");
    expect(document.querySelectorAll('[aria-invalid="true"]')).toHaveLength(0);
  });

  it("offers a reload on a version conflict and then saves the reloaded version", async () => {
    const { api, user } = mount(olga);
    api.on("PUT /api/v1/schedules/5", () => apiError(409, "conflict", "the schedule changed"));
    const name = await screen.findByLabelText("Name");
    await user.clear(name);
    await user.type(name, "renamed");
    await user.click(screen.getByRole("button", { name: "Save schedule" }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toMatch(/Someone else changed this schedule/);

    api.on("GET /api/v1/schedules/5", () => ({ schedule: { ...schedule, name: "theirs", version: 3 } }));
    await user.click(within(alert).getByRole("button", { name: "Reload" }));
    await waitFor(() => expect((screen.getByLabelText("Name") as HTMLInputElement).value).toBe("theirs"));
    expect(screen.queryByRole("alert")).toBeNull();

    api.on("PUT /api/v1/schedules/5", (req) => json(200, { schedule: { ...schedule, ...(req.body as object), version: 4 } }));
    await user.click(screen.getByRole("button", { name: "Save schedule" }));
    expect(await screen.findByText("Saved. This is version 4.")).toBeDefined();
    const last = api.requests.filter((r) => r.method === "PUT").at(-1)?.body as { version: number; name: string };
    expect(last).toMatchObject({ version: 3, name: "theirs" });
  });

  it("is read-only for a plain team member", async () => {
    mount(dan);
    expect(await screen.findByText(/you are seeing it read-only/)).toBeDefined();
    expect(screen.queryByRole("button", { name: "Save schedule" })).toBeNull();
    // A disabled fieldset disables every control inside it.
    expect(screen.getByLabelText("Name").matches(":disabled")).toBe(true);
    expect(screen.queryByRole("button", { name: /Move .* up/ })).toBeNull();
  });

  it("follows the permissions the server gives, not the members list or the is_admin flag", async () => {
    // Dan is a plain member, but the server says he may manage the team: he edits.
    mount(dan, { permissions: { org_admin: false, org: [], teams: [{ team_id: "1", role: "member", may: ["team.manage"] }] } });
    expect(await screen.findByRole("button", { name: "Save schedule" })).toBeDefined();
    expect(screen.queryByText(/you are seeing it read-only/)).toBeNull();
    cleanup();

    // Olga is the team's admin and an organisation admin by her flag, but the server says no: she reads.
    mount({ ...olga, is_admin: true }, { permissions: { org_admin: true, org: ["org.manage"], teams: [{ team_id: "1", role: "admin", may: [] }] } });
    expect(await screen.findByText(/you are seeing it read-only/)).toBeDefined();
    expect(screen.queryByRole("button", { name: "Save schedule" })).toBeNull();
  });
});

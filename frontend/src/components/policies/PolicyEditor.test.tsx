import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";
import { ApiClient } from "../../api/client";
import type { Policy, Schedule, TeamMember, User } from "../../api/types";
import { App } from "../../App";
import { fakeApi } from "../../test/fakeApi";
import { apiError, json } from "../../test/fakeRota";
import { permissionsFor } from "../../test/permissions";

const olga: User = { id: "1", email: "olga@example.com", name: "Olga Petrova", discipline: "ops", time_zone: "Europe/Berlin", is_admin: false };
const dan: User = { id: "2", email: "dan@example.com", name: "Dan Miller", discipline: "dev", time_zone: "America/New_York", is_admin: false };
const members: TeamMember[] = [
  { user: olga, role: "admin" },
  { user: dan, role: "member" },
];
const schedule: Schedule = { id: "5", team_id: "1", name: "payments-oncall", time_zone: "Europe/Berlin", holidays: [], pairing: "", version: 1, tiers: {}, members: [] };
const other: Schedule = { ...schedule, id: "6", team_id: "2", name: "edge-oncall" };

const policy: Policy = {
  id: "3",
  team_id: "1",
  name: "payments-default",
  repeat: 1,
  repeat_after: "30m",
  version: 2,
  steps: [
    { after: "0m", targets: [{ schedule_id: "5", tier: "primary" }] },
    { after: "5m", targets: [{ user_id: "1" }] },
  ],
};

function mount(me: User, path = "/policies/3") {
  const api = fakeApi({
    "GET /api/v1/me": { user: me },
    "GET /api/v1/me/permissions": permissionsFor({ orgAdmin: me.is_admin, teams: { "1": members.find((m) => m.user.id === me.id)?.role ?? "", "2": "" } }),
    "GET /api/v1/escalation-policies/3": { policy },
    "GET /api/v1/escalation-policies/3/preview": {
      at: "2026-11-23T09:00:00Z",
      policy_id: "3",
      steps: [{ after: "0m", targets: [{ user_id: "2", name: "Dan Miller", shadow: false, via: "schedule payments-oncall primary" }], notes: [] }],
      services: [{ id: "9", name: "checkout" }],
    },
    "GET /api/v1/teams": { teams: [{ id: "1", name: "payments" }, { id: "2", name: "platform" }] },
    "GET /api/v1/teams/1/members": { members },
    "GET /api/v1/schedules": { schedules: [other, schedule] },
    "GET /api/v1/users": { users: [olga, dan] },
  });
  render(
    <MemoryRouter initialEntries={[path]}>
      <App client={new ApiClient({ fetch: api.fetch })} />
    </MemoryRouter>,
  );
  return { api, user: userEvent.setup() };
}

describe("PolicyEditor", () => {
  it("shows the server's error at the step's wait, focused, and only there", async () => {
    const { api, user } = mount(olga);
    api.on("PUT /api/v1/escalation-policies/3", () => apiError(400, "invalid", 'steps[1].after must be whole minutes like 0m, 5m or 1h, not "soon"', "steps[1].after"));
    const step = await screen.findByRole("region", { name: "Step 2" });
    const after = within(step).getByLabelText("Fires after (since the pass started)");
    await user.clear(after);
    await user.type(after, "soon");
    await user.click(screen.getByRole("button", { name: "Save policy" }));

    await waitFor(() => expect(after.getAttribute("aria-invalid")).toBe("true"));
    expect(document.getElementById(after.getAttribute("aria-describedby") ?? "")?.textContent).toMatch(/not "soon"/);
    expect(document.activeElement).toBe(after);
    expect(document.querySelectorAll('[aria-invalid="true"]')).toHaveLength(1);
    const sent = api.requests.find((r) => r.method === "PUT")?.body as { version: number; steps: { after: string }[] };
    expect(sent.version).toBe(2);
    expect(sent.steps.map((s) => s.after)).toEqual(["0m", "soon"]);
  });

  it("lands a missing schedule (named .schedule by the store) on the schedule picker", async () => {
    const { api, user } = mount(olga);
    api.on("PUT /api/v1/escalation-policies/3", () => apiError(400, "invalid", "no schedule with id 5", "steps[0].targets[0].schedule"));
    await screen.findByRole("region", { name: "Step 1" });
    await user.click(screen.getByRole("button", { name: "Save policy" }));
    const picker = screen.getByLabelText("Schedule of target 1 of step 1");
    await waitFor(() => expect(picker.getAttribute("aria-invalid")).toBe("true"));
  });

  it("offers the team's own schedules first, adds an engineer, and saves the whole policy", async () => {
    const { api, user } = mount(olga);
    api.on("PUT /api/v1/escalation-policies/3", (req) => json(200, { policy: { ...policy, ...(req.body as object), version: 3 } }));
    const step = await screen.findByRole("region", { name: "Step 2" });
    const groups = within(screen.getByLabelText("Schedule of target 1 of step 1")).getAllByRole("group");
    expect(groups.map((g) => g.getAttribute("label"))).toEqual(["payments (this team)", "platform"]);

    await user.click(within(step).getByRole("button", { name: "Add engineer" }));
    await user.selectOptions(within(step).getByLabelText("Engineer of target 2 of step 2"), "Dan Miller (dev)");
    await user.click(within(step).getByRole("button", { name: "Move target 2 of step 2 up" }));
    await user.click(screen.getByRole("button", { name: "Add step" }));
    await user.click(screen.getByRole("button", { name: "Save policy" }));
    await screen.findByText("Saved. This is version 3.");
    expect(api.requests.find((r) => r.method === "PUT")?.body).toEqual({
      name: "payments-default",
      repeat: 1,
      repeat_after: "30m",
      version: 2,
      steps: [
        { after: "0m", targets: [{ schedule_id: "5", tier: "primary" }] },
        { after: "5m", targets: [{ user_id: "2" }, { user_id: "1" }] },
        { after: "10m", targets: [{ schedule_id: "5", tier: "primary" }] },
      ],
    });
  });

  it("offers a reload on a version conflict and loads the other version", async () => {
    const { api, user } = mount(olga);
    api.on("PUT /api/v1/escalation-policies/3", () => apiError(409, "conflict", "the policy was changed by someone else; reload and try again", "version"));
    const name = await screen.findByLabelText("Name");
    await user.clear(name);
    await user.type(name, "mine");
    await user.click(screen.getByRole("button", { name: "Save policy" }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toMatch(/Someone else changed this policy/);
    api.on("GET /api/v1/escalation-policies/3", { policy: { ...policy, name: "theirs", version: 3 } });
    await user.click(within(alert).getByRole("button", { name: "Reload" }));
    await waitFor(() => expect(screen.getByLabelText<HTMLInputElement>("Name").value).toBe("theirs"));
  });

  it("shows a duplicate name (a 409 on name) at the name, not as a conflict", async () => {
    const { api, user } = mount(olga);
    api.on("PUT /api/v1/escalation-policies/3", () => apiError(409, "conflict", "the team already has a policy named x", "name"));
    await screen.findByRole("region", { name: "Step 1" });
    await user.click(screen.getByRole("button", { name: "Save policy" }));
    await waitFor(() => expect(screen.getByLabelText("Name").getAttribute("aria-invalid")).toBe("true"));
    expect(screen.queryByRole("button", { name: "Reload" })).toBeNull();
  });

  it("is read-only for a plain member", async () => {
    mount(dan);
    await screen.findByText(/you are seeing it read-only/);
    expect(screen.queryByRole("button", { name: "Save policy" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Add step" })).toBeNull();
    // Inside a disabled fieldset: jsdom does not reflect that in .disabled.
    expect(screen.getByLabelText("Name").matches(":disabled")).toBe(true);
  });
});

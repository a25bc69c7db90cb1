import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { describe, expect, it, vi } from "vitest";
import type { ChartConfiguration } from "chart.js";
import { ApiClient } from "../api/client";
import type { LoadResponse, TeamLoad, User } from "../api/types";
import { App } from "../App";
import { fakeApi } from "../test/fakeApi";
import { apiError } from "../test/fakeRota";
import { permissionsFor } from "../test/permissions";

// jsdom has no canvas: record what the page asks Chart.js to draw instead.
const charts = vi.hoisted(() => [] as { id: string | null; config: ChartConfiguration }[]);
vi.mock("../lib/chart", () => ({
  createChart: (canvas: HTMLCanvasElement, config: ChartConfiguration) => {
    charts.push({ id: canvas.getAttribute("data-testid"), config });
    return { destroy: () => undefined };
  },
}));

const olga: User = { id: "1", email: "olga@example.com", name: "Olga Petrova", discipline: "ops", time_zone: "Europe/Berlin", is_admin: false };

const heat = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
heat[1]![2] = 3; // Tuesday 02:00
heat[2]![10] = 1;

const thresholds = { sleep_interruptions: 2, incidents_per_shift: 2, oncall_share: 25, unfair_share: 2, min_rotation: 6, shadow_shifts: 4, business_hours_shifts: 4 };

const team: TeamLoad = {
  id: "1",
  name: "payments",
  time_zone: "Europe/Berlin",
  fairness: 0.31,
  rotation: { size: 3, sre_minimum: 8, meets_sre_minimum: false },
  flags: [
    { code: "small_rotation", message: "payments: rotation of 3 engineers (minimum 6)" },
    { code: "sleep_interruptions", message: "Dan: 3 sleep-hour interruptions between 2 and 8 March (limit 2)", user_id: "2" },
  ],
  engineers: [
    { id: "1", email: "olga@example.com", name: "Olga Petrova", pages: 4, interruptions: { total: 2, business: 2, off_hours: 0, sleep: 0 }, hours_on_call: { primary: 168, secondary: 0, shadow: 0 }, flags: [] },
    {
      id: "2",
      email: "dan@example.com",
      name: "Dan Miller",
      pages: 9,
      interruptions: { total: 5, business: 1, off_hours: 1, sleep: 3 },
      hours_on_call: { primary: 40, secondary: 168, shadow: 0 },
      flags: [{ code: "sleep_interruptions", message: "Dan: 3 sleep-hour interruptions between 2 and 8 March (limit 2)" }],
    },
    { id: "3", email: "dina@example.com", name: "Dina Weber", pages: 5, pruned_pages: 5, interruptions: { total: 0, business: 0, off_hours: 0, sleep: 0 }, hours_on_call: { primary: 0, secondary: 0, shadow: 0 }, flags: [] },
    { id: "4", email: "nia@example.com", name: "Nia Okafor", pages: 0, interruptions: { total: 0, business: 0, off_hours: 0, sleep: 0 }, hours_on_call: { primary: 0, secondary: 0, shadow: 168 }, flags: [] },
  ],
  heat_map: heat,
  weeks: [
    { start: "2026-03-01T23:00:00Z", interruptions: { total: 4, business: 1, off_hours: 0, sleep: 3 } },
    { start: "2026-03-08T23:00:00Z", interruptions: { total: 3, business: 2, off_hours: 1, sleep: 0 } },
  ],
  thresholds,
  learners: [
    { user_id: "4", schedule_id: "5", schedule_name: "payments-oncall", stage: "shadow", shadow_shifts: 4, needed: 4, ready: true, layers: [{ id: "12", name: "dev-business-hours" }], message: "Nia Okafor: 4 of 4 shadow shifts done; ready for business hours." },
  ],
  proposals: [
    {
      schedule_id: "5",
      schedule_name: "payments-oncall",
      revision: 7,
      digest: "abc123",
      from: "2026-03-15T23:00:00Z",
      to: "2026-04-12T22:00:00Z",
      fairness_before: 0.31,
      fairness_after: 0.12,
      overrides: [{ tier: "secondary", user_id: "1", start: "2026-03-16T23:00:00Z", end: "2026-03-17T23:00:00Z" }],
      swaps: [{ tier: "secondary", from_user_id: "2", to_user_id: "1", start: "2026-03-16T23:00:00Z", end: "2026-03-17T23:00:00Z" }],
      orders: [],
      loads: [
        { user_id: "1", history: 2, before: 10, after: 14, oncall_hours_before: 168, oncall_hours_after: 192 },
        { user_id: "2", history: 12, before: 30, after: 24, oncall_hours_before: 208, oncall_hours_after: 184 },
      ],
    },
  ],
  recoveries: [
    {
      user_id: "1",
      night: "2026-03-09",
      message: "Olga Petrova was woken 2 times the night of 9 March; Dina Weber could take her business hours on Tuesday.",
      schedule_id: "5",
      tier: "primary",
      target_id: "3",
      start: "2026-03-10T08:00:00Z",
      end: "2026-03-10T16:00:00Z",
      candidates: ["3"],
    },
  ],
};

function mount(role: "admin" | "member") {
  const response: LoadResponse = { from: "2026-02-15T00:00:00Z", to: "2026-03-15T00:00:00Z", teams: [team] };
  const api = fakeApi({
    "GET /api/v1/me": { user: olga },
    "GET /api/v1/me/permissions": permissionsFor({ teams: { "1": role } }),
    "GET /api/v1/teams": { teams: [{ id: "1", name: "payments", created_at: "2026-01-01T00:00:00Z" }] },
    "GET /api/v1/load": response,
    "POST /api/v1/schedules/5/load-proposals/accept": { overrides: [{ id: "40", schedule_id: "5", tier: "secondary", user_id: "1", start: "2026-03-16T23:00:00Z", end: "2026-03-17T23:00:00Z" }] },
    "POST /api/v1/teams/1/learners/4/promote": { schedule: { id: "5", name: "payments-oncall" } },
    "POST /api/v1/schedules/5/swaps": (req: { body: unknown }) => ({ swap: { id: "9", schedule_id: "5", state: "requested", ...(req.body as object) } }),
  });
  render(
    <MemoryRouter initialEntries={["/load"]}>
      <App client={new ApiClient({ fetch: api.fetch })} />
    </MemoryRouter>,
  );
  return { api, user: userEvent.setup() };
}

describe("LoadPage", () => {
  it("shows flags first, bars by band, the heat map and the trend", async () => {
    charts.length = 0;
    const { api } = mount("member");
    const flags = await screen.findByTestId("load-flags");
    const items = within(flags).getAllByTestId("load-flag");
    expect(items.map((i) => i.getAttribute("data-code"))).toEqual(["small_rotation", "sleep_interruptions"]);
    expect(items[1]!.textContent).toMatch(/Dan: 3 sleep-hour interruptions between 2 and 8 March \(limit 2\)/);
    // Flags come before the charts in the page.
    const bars = screen.getByTestId("load-bars");
    expect(flags.compareDocumentPosition(bars) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(screen.getByTestId("load-fairness").textContent).toMatch(/Fairness 0\.31 \(uneven\)/);

    await waitFor(() => expect(charts.map((c) => c.id).sort()).toEqual(["load-bars", "load-trend"]));
    const barChart = charts.find((c) => c.id === "load-bars")!.config;
    expect(barChart.type).toBe("bar");
    expect(barChart.data.labels).toEqual(["Dan Miller", "Olga Petrova", "Dina Weber", "Nia Okafor"]);
    expect(barChart.data.datasets.map((d) => [d.label, d.data])).toEqual([
      ["Business hours", [1, 2, 0, 0]],
      ["Off hours", [1, 0, 0, 0]],
      ["Sleep hours", [3, 0, 0, 0]],
    ]);
    const trend = charts.find((c) => c.id === "load-trend")!.config;
    expect(trend.data.labels).toEqual(["2026-03-02", "2026-03-09"]);

    const heatmap = screen.getByTestId("load-heatmap");
    const tuesday = within(heatmap).getByRole("row", { name: /Tue/ });
    const cells = within(tuesday).getAllByRole("cell");
    expect(cells[2]!.getAttribute("data-count")).toBe("3");
    expect(cells[2]!.className).toContain("load-heat__cell--4");
    expect(cells[2]!.getAttribute("title")).toBe("Tue 02:00 — 3 interruptions");

    const rows = within(screen.getByTestId("load-engineers")).getAllByTestId("load-engineer");
    expect(rows[1]!.textContent).toMatch(/Dan Miller/);
    // Pages of pruned alerts count as pages, said as such; nobody else's row says it.
    const dina = rows.find((r) => r.textContent?.includes("Dina Weber"))!;
    expect(within(dina).getAllByRole("cell")[0]!.textContent).toBe("5 (5 from daily totals)");
    expect(rows.filter((r) => r.textContent?.includes("from daily totals"))).toHaveLength(1);

    // A member sees the proposal and the learner, but no buttons and no limits.
    expect(screen.queryByRole("form", { name: "Load limits" })).toBeNull();
    expect(screen.queryByRole("button", { name: /Accept proposal/ })).toBeNull();
    expect(screen.queryByRole("button", { name: /Promote/ })).toBeNull();
    const queries = api.requests.filter((r) => r.url.startsWith("/api/v1/load")).map((r) => r.url);
    expect(queries.length).toBeGreaterThan(0);
    for (const q of queries) expect(q).toMatch(/team=1&from=.*&to=/);
  });

  it("lets a team admin accept a proposal and promote a learner", async () => {
    const { api, user } = mount("admin");
    const proposal = await screen.findByTestId("load-proposal");
    expect(within(proposal).getByTestId("load-proposal-fairness").textContent).toBe("Fairness 0.31 → 0.12");
    expect(proposal.textContent).toMatch(/Olga Petrova takes secondary from Dan Miller/);
    await user.click(within(proposal).getByRole("button", { name: "Accept proposal for payments-oncall" }));
    expect((await within(screen.getByTestId("load-proposals")).findByRole("status")).textContent).toBe("Accepted: 1 override added to payments-oncall.");
    const accept = api.requests.find((r) => r.method === "POST" && r.url.endsWith("/load-proposals/accept"))!;
    expect(accept.body).toEqual({ revision: 7, digest: "abc123", from: team.proposals[0]!.from, to: team.proposals[0]!.to, overrides: team.proposals[0]!.overrides });

    const learner = screen.getByTestId("load-learner");
    expect(within(learner).getByRole("progressbar").getAttribute("value")).toBe("4");
    await user.click(within(learner).getByRole("button", { name: "Promote Nia Okafor to dev-business-hours" }));
    await waitFor(() => expect(api.requests.some((r) => r.method === "POST" && r.url === "/api/v1/teams/1/learners/4/promote")).toBe(true));
    const promote = api.requests.find((r) => r.url === "/api/v1/teams/1/learners/4/promote")!;
    expect(promote.body).toEqual({ schedule_id: "5", layer_id: "12" });
    // Both actions reload the report.
    await waitFor(() => expect(api.requests.filter((r) => r.url.startsWith("/api/v1/load?")).length).toBeGreaterThanOrEqual(3));
  });
});

describe("LoadPage limits", () => {
  it("lets a team admin set the limits and shows the server's message at the field", async () => {
    const { api, user } = mount("admin");
    const form = await screen.findByRole("form", { name: "Load limits" });
    const sleep = within(form).getByLabelText("Sleep-hour interruptions in 7 days");
    expect((sleep as HTMLInputElement).value).toBe("2");
    api.on("PUT /api/v1/teams/1/load-thresholds", () => apiError(400, "invalid", "oncall_share must be a percentage from 1 to 100, not 150", "oncall_share"));
    const share = within(form).getByLabelText("On-call share of 4 weeks (%)");
    await user.clear(share);
    await user.type(share, "150");
    await user.click(within(form).getByRole("button", { name: "Save limits" }));
    expect((await within(form).findByText(/must be a percentage/)).textContent).toMatch(/not 150/);
    expect(share.getAttribute("aria-invalid")).toBe("true");

    api.on("PUT /api/v1/teams/1/load-thresholds", (req) => ({ thresholds: req.body, effective: req.body }));
    await user.clear(share);
    await user.type(share, "30");
    await user.clear(sleep);
    await user.type(sleep, "3");
    await user.click(within(form).getByRole("button", { name: "Save limits" }));
    await within(form).findByText("Limits saved.");
    const put = api.requests.filter((r) => r.method === "PUT").at(-1)!;
    expect(put.body).toEqual({ ...thresholds, sleep_interruptions: 3, oncall_share: 30 });
  });
});

describe("LoadPage recovery", () => {
  it("lets the engineer woken ask the suggested colleague to cover, in one click", async () => {
    const { api, user } = mount("member");
    const row = await screen.findByTestId("load-recovery");
    expect(row.textContent).toMatch(/woken 2 times/);
    await user.click(within(row).getByRole("button", { name: "Ask Dina Weber to cover" }));
    expect((await within(row).findByRole("status")).textContent).toBe("Asked Dina Weber to cover.");
    const swap = api.requests.find((r) => r.method === "POST" && r.url === "/api/v1/schedules/5/swaps")!;
    expect(swap.body).toEqual({ tier: "primary", target_id: "3", start: "2026-03-10T08:00:00Z", end: "2026-03-10T16:00:00Z", message: "Recovery after the night of 2026-03-09" });
  });
});

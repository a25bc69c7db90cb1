import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { describe, expect, it, vi } from "vitest";
import { ApiClient } from "../api/client";
import type { DeliveryMetrics, WeekFigures } from "../api/types";
import { App } from "../App";
import { fakeApi } from "../test/fakeApi";
import { olga } from "../test/incidentFixtures";
import { permissionsFor } from "../test/permissions";

// jsdom has no canvas: a stand-in Chart records what the page asks it to draw.
const drawn = vi.hoisted(() => [] as { type: string; labels: unknown[]; datasets: { label: string; data: unknown[] }[] }[]);
vi.mock("chart.js", () => {
  class Chart {
    static register() {}
    constructor(_canvas: unknown, config: { type: string; data: { labels: unknown[]; datasets: { label: string; data: unknown[] }[] } }) {
      drawn.push({ type: config.type, labels: config.data.labels, datasets: config.data.datasets });
    }
    destroy() {}
  }
  const part = {};
  return { Chart, BarController: part, BarElement: part, CategoryScale: part, Filler: part, Legend: part, LinearScale: part, LineController: part, LineElement: part, PointElement: part, Tooltip: part };
});

const zero = { deployments: 0, change_fail_rate: 0, lead_time_seconds: 0, lead_time_samples: 0, incidents: 0, mtta_seconds: 0, acknowledged: 0, mttr_seconds: 0, resolved: 0 };

function week(from: string, over: Partial<WeekFigures> = {}): WeekFigures {
  const to = new Date(new Date(from).getTime() + 7 * 24 * 3600 * 1000).toISOString();
  return { from, to, ...zero, incidents_by_severity: { SEV1: 0, SEV2: 0, SEV3: 0, SEV4: 0 }, ...over };
}

const metrics: DeliveryMetrics = {
  from: "2026-12-16T09:30:00Z",
  to: "2027-01-13T09:30:00Z",
  time_zone: "Europe/Berlin",
  team_id: "1",
  totals: {
    deployments: 4,
    deployments_per_week: 1,
    failed_deployments: 1,
    change_fail_rate: 0.25,
    lead_time_seconds: 5400,
    lead_time_samples: 3,
    incidents: 2,
    incidents_by_severity: { SEV1: 0, SEV2: 1, SEV3: 1, SEV4: 0 },
    mtta_seconds: 300,
    acknowledged: 2,
    mttr_seconds: 3600,
    resolved: 1,
    open_action_items: 3,
    overdue_action_items: 1,
  },
  services: [{ id: "5", name: "checkout", team_id: "1", ...zero, deployments: 4, change_fail_rate: 0.25, failed_deployments: 1, incidents: 2, open_action_items: 3, overdue_action_items: 1 }],
  weeks: [
    week("2026-12-13T23:00:00Z"),
    week("2026-12-20T23:00:00Z", { deployments: 3, change_fail_rate: 1 / 3, failed_deployments: 1, incidents: 1, incidents_by_severity: { SEV2: 1 }, mtta_seconds: 240, acknowledged: 1 }),
    week("2026-12-27T23:00:00Z", { deployments: 1, incidents: 1, incidents_by_severity: { SEV3: 1 }, mtta_seconds: 360, acknowledged: 1, mttr_seconds: 3600, resolved: 1 }),
  ],
  page_load: {
    pages: 7,
    shadow_pages: 2,
    interruptions: { total: 5, business: 2, off_hours: 3, sleep: 1 },
    engineers: [{ user: { id: "1", name: "Olga Petrova" }, pages: 7, shadow_pages: 0, interruptions: { total: 5, business: 2, off_hours: 3, sleep: 1 } }],
  },
};

describe("DeliveryPage", () => {
  it("shows the period's figures, the weekly trend as charts and a table, per service, and the team's page load", async () => {
    const api = fakeApi({
      "GET /api/v1/me": { user: olga },
      "GET /api/v1/me/permissions": permissionsFor({ teams: { "1": "member" } }),
      "GET /api/v1/teams": { teams: [{ id: "1", name: "payments" }] },
      "GET /api/v1/services": { services: [{ id: "5", team_id: "1", name: "checkout", urgency: "high", business_hours: {}, hold_low_outside_hours: false, version: 1 }] },
      "GET /api/v1/metrics/delivery": metrics,
    });
    render(
      <MemoryRouter initialEntries={["/incidents/delivery?team=1"]}>
        <App client={new ApiClient({ fetch: api.fetch })} />
      </MemoryRouter>,
    );
    const user = userEvent.setup();
    await screen.findByTestId("delivery");
    const value = (id: string) => screen.getByTestId(`${id}-value`).textContent;
    expect(value("fig-deployments")).toBe("4");
    expect(value("fig-change-fail-rate")).toBe("25 %");
    expect(screen.getByTestId("fig-change-fail-rate").textContent).toContain("1 of 4 deploys followed by an incident within 24 h");
    expect(value("fig-lead-time")).toBe("1 h 30 min");
    expect(value("fig-mtta")).toBe("5 min");
    expect(value("fig-mttr")).toBe("1 h");
    expect(screen.getByTestId("fig-incidents").textContent).toContain("SEV1 0 · SEV2 1 · SEV3 1 · SEV4 0");
    expect(screen.getByTestId("fig-action-items").textContent).toContain("1 overdue");
    expect(value("fig-page-load")).toBe("7");
    expect(within(screen.getByTestId("page-load")).getByRole("rowheader", { name: "Olga Petrova" })).toBeDefined();
    expect(within(screen.getByTestId("service-figures")).getByRole("link", { name: "checkout" }).getAttribute("href")).toBe("/services/5");

    // Three charts, labelled by the week's Monday in the team's zone.
    expect(screen.getByRole("img", { name: "Deployments and change fail rate per week" })).toBeDefined();
    // Chart.js loads on its own: the charts are drawn once it has (a busy
    // machine took longer than the figures did).
    await waitFor(() => expect(drawn.map((c) => c.datasets[0]?.label)).toEqual(expect.arrayContaining(["Deployments", "MTTA (min)", "SEV1"])));
    const deploys = drawn.find((c) => c.datasets[0]?.label === "Deployments")!;
    expect(deploys.labels).toEqual(["Dec 14", "Dec 21", "Dec 28"]);
    expect(deploys.datasets.map((d) => d.data)).toEqual([
      [0, 3, 1],
      [null, 33.3, 0],
    ]);
    const recovery = drawn.find((c) => c.datasets[0]?.label === "MTTA (min)")!;
    expect(recovery.datasets.map((d) => d.data)).toEqual([
      [null, 4, 6],
      [null, null, 60],
    ]);
    const severity = drawn.find((c) => c.datasets[0]?.label === "SEV1")!;
    expect(severity.datasets.map((d) => d.data)).toEqual([
      [0, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
      [0, 0, 0],
    ]);
    expect(within(screen.getByTestId("weekly-table")).getAllByRole("row")).toHaveLength(4);

    expect(api.requests.find((r) => r.url.startsWith("/api/v1/metrics/delivery"))?.url).toMatch(/^\/api\/v1\/metrics\/delivery\?team=1&from=\d{4}-\d\d-\d\dT\d\d%3A\d\d%3A00Z$/);
    const form = screen.getByRole("form", { name: "Delivery period and scope" });
    await user.selectOptions(within(form).getByLabelText("Service"), "5");
    await user.selectOptions(within(form).getByLabelText("Period"), "custom");
    const from = within(form).getByLabelText<HTMLInputElement>("From");
    fireEvent.change(within(form).getByLabelText("To (included)"), { target: { value: "2027-01-12" } });
    await waitFor(() => expect(api.requests.at(-1)?.url).toBe(`/api/v1/metrics/delivery?team=1&service=5&from=${from.value}&to=2027-01-13`));
  });
});

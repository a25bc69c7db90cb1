// The incident parts of pages other sections own: a service's incidents
// mode and its changes, and opening an incident from an alert's page.

import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";
import { ApiClient } from "../api/client";
import type { Service, ServiceInput } from "../api/types";
import { App } from "../App";
import { fakeApi, type Handler } from "../test/fakeApi";
import { alert, incident, olga } from "../test/incidentFixtures";
import { permissionsFor } from "../test/permissions";

const service: Service = { id: "5", team_id: "1", name: "checkout", urgency: "high", business_hours: { windows: [] }, hold_low_outside_hours: false, incidents: "manual", version: 2 };

function mount(path: string, role: "admin" | "member" | "", routes: Record<string, Handler>) {
  const api = fakeApi({
    "GET /api/v1/me": { user: olga },
    "GET /api/v1/me/permissions": permissionsFor({ teams: { "1": role } }),
    "GET /api/v1/teams": { teams: [{ id: "1", name: "payments" }] },
    "GET /api/v1/teams/1": { team: { id: "1", name: "payments" } },
    "GET /api/v1/users": { users: [olga] },
    "GET /api/v1/paging/status": { sender: "log", sending: false },
    "GET /api/v1/services/5": { service, maintenance: [] },
    "GET /api/v1/services/5/integrations": { integrations: [] },
    "GET /api/v1/escalation-policies": { policies: [] },
    "GET /api/v1/services/5/changes": {
      changes: [{ id: "3", service_id: "5", service_name: "checkout", summary: "deploy v7", source: "github", timestamp: "2027-01-13T08:00:00Z", lead_time_seconds: 1800, links: [], images: [] }],
    },
    ...routes,
  });
  render(
    <MemoryRouter initialEntries={[path]}>
      <App client={new ApiClient({ fetch: api.fetch })} />
    </MemoryRouter>,
  );
  return api;
}

describe("the service page's incident settings", () => {
  it("lets a team admin switch a service to automatic incidents, and lists its changes", async () => {
    const api = mount("/services/5", "admin", { "PUT /api/v1/services/5": (req) => ({ service: { ...service, ...(req.body as ServiceInput), version: 3 } }) });
    const user = userEvent.setup();
    const form = await screen.findByRole("form", { name: "Service settings" });
    expect(within(form).getByLabelText<HTMLSelectElement>("Incidents").value).toBe("manual");
    await user.selectOptions(within(form).getByLabelText("Incidents"), "auto");
    await user.click(within(form).getByRole("button", { name: "Save service" }));
    await screen.findByText("Saved. This is version 3.");
    expect((api.requests.find((r) => r.method === "PUT")?.body as ServiceInput).incidents).toBe("auto");
    const changes = await screen.findByRole("list", { name: "Changes" });
    expect(changes.textContent).toContain("deploy v7");
    expect(changes.textContent).toContain("lead time 30 min");
  });

  it("shows the setting read-only to a member", async () => {
    mount("/services/5", "member", {});
    const form = await screen.findByRole("form", { name: "Service settings" });
    expect(within(form).getByLabelText<HTMLSelectElement>("Incidents").closest("fieldset")?.disabled).toBe(true);
  });
});

describe("the alert page's incident panel", () => {
  it("names the service's open incident and opens a new one from the alert", async () => {
    const api = mount("/alerts/7", "member", {
      "GET /api/v1/alerts/7": { alert: alert("7", { summary: "checkout 5xx" }), timeline: [], pages: [] },
      "GET /api/v1/incidents": { incidents: [incident("4", { title: "checkout down" })] },
    });
    const user = userEvent.setup();
    const open = await screen.findByRole("list", { name: "Open incidents on this service" });
    expect(within(open).getByRole("link", { name: "checkout down" }).getAttribute("href")).toBe("/incidents/4");
    expect(api.requests.find((r) => r.url.startsWith("/api/v1/incidents"))?.url).toBe("/api/v1/incidents?status=open&service=5&limit=5");
    await user.click(screen.getByRole("link", { name: "Open an incident from this alert" }));
    await screen.findByRole("heading", { level: 1, name: "Open an incident" });
    await waitFor(() => expect(screen.getByLabelText<HTMLInputElement>("Title").value).toBe("checkout 5xx"));
  });

  it("is left out for someone who may not open incidents there and sees none open", async () => {
    mount("/alerts/7", "", { "GET /api/v1/alerts/7": { alert: alert("7"), timeline: [], pages: [] }, "GET /api/v1/incidents": { incidents: [] } });
    await screen.findByRole("heading", { level: 1, name: "alert 7" });
    expect(screen.queryByRole("link", { name: "Open an incident from this alert" })).toBeNull();
  });
});

import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";
import { ApiClient } from "../api/client";
import { App } from "../App";
import { fakeApi } from "../test/fakeApi";
import { dan, olga } from "../test/incidentFixtures";
import { permissionsFor } from "../test/permissions";

describe("ActionItemsPage", () => {
  it("lists what is still to do across incidents and filters by status, team and owner", async () => {
    const api = fakeApi({
      "GET /api/v1/me": { user: olga },
      "GET /api/v1/me/permissions": permissionsFor({ teams: { "1": "member" } }),
      "GET /api/v1/teams": { teams: [{ id: "1", name: "payments" }] },
      "GET /api/v1/users": { users: [olga, dan] },
      "GET /api/v1/action-items": {
        action_items: [
          { id: "1", title: "Canary config changes", owner: "dan@example.com", due: "2027-01-10", status: "in_progress", overdue: true, incident_id: "4", incident_title: "checkout down" },
          { id: "2", title: "Alert on queue depth", owner: "olga@example.com", due: "2027-01-20", status: "open", link: "https://tracker.example.com/2", incident_id: "4", incident_title: "checkout down" },
        ],
      },
    });
    render(
      <MemoryRouter initialEntries={["/incidents/action-items"]}>
        <App client={new ApiClient({ fetch: api.fetch })} />
      </MemoryRouter>,
    );
    const user = userEvent.setup();
    const rows = await screen.findAllByTestId("action-item-row");
    expect(rows).toHaveLength(2);
    expect(rows[0]!.textContent).toContain("Dan Miller");
    expect(within(rows[0]!).getByTestId("item-overdue").textContent).toBe("Overdue");
    expect(within(rows[0]!).getByRole("link", { name: "checkout down" }).getAttribute("href")).toBe("/incidents/4/review");
    expect(within(rows[1]!).getByRole("link", { name: "Alert on queue depth" }).getAttribute("href")).toBe("https://tracker.example.com/2");
    expect(api.requests.find((r) => r.url.startsWith("/api/v1/action-items"))?.url).toBe("/api/v1/action-items?status=pending");

    const filters = screen.getByRole("form", { name: "Filter action items" });
    await user.selectOptions(within(filters).getByLabelText("Status"), "all");
    await user.selectOptions(within(filters).getByLabelText("Team"), "1");
    await user.click(within(filters).getByLabelText("Mine only"));
    await waitFor(() => expect(api.requests.at(-1)?.url).toBe("/api/v1/action-items?owner=olga%40example.com&team=1"));
  });
});

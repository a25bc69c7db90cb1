import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiClient } from "../api/client";
import type { Alert, AlertDetail, User } from "../api/types";
import { App } from "../App";
import { fakeApi } from "../test/fakeApi";
import { permissionsFor } from "../test/permissions";

const olga: User = { id: "1", email: "olga@example.com", name: "Olga Petrova", discipline: "ops", time_zone: "Europe/Berlin", is_admin: false };
const omar: User = { id: "3", email: "omar@example.com", name: "Omar Haddad", discipline: "ops", time_zone: "Europe/Berlin", is_admin: false };

function alert(id: string, over: Partial<Alert> = {}): Alert {
  return {
    id,
    service_id: "1",
    service_name: "checkout",
    team_id: "1",
    dedup_key: `k${id}`,
    status: "triggered",
    urgency: "high",
    severity: "critical",
    summary: `alert ${id}`,
    count: 1,
    created_at: new Date(Date.now() - 4 * 60_000).toISOString(),
    ...over,
  };
}

function mount(path: string, routes: Record<string, unknown>) {
  const api = fakeApi({
    "GET /api/v1/me": { user: olga },
    "GET /api/v1/me/permissions": permissionsFor({ teams: { "1": "member" } }),
    "GET /api/v1/teams": { teams: [{ id: "1", name: "payments" }] },
    "GET /api/v1/services": { services: [] },
    "GET /api/v1/users": { users: [olga, omar] },
    "GET /api/v1/paging/status": { sender: "log", sending: false },
    ...(routes as Record<string, object>),
  });
  render(
    <MemoryRouter initialEntries={[path]}>
      <App client={new ApiClient({ fetch: api.fetch })} />
    </MemoryRouter>,
  );
  return api;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("AlertsPage", () => {
  it("polls, keeping the selection, and acknowledges the selected alerts together", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let calls = 0;
    const api = mount("/alerts", {
      "GET /api/v1/alerts": () => {
        calls += 1;
        const two = alert("2", { paged: [{ user_id: "1", name: "Olga Petrova", shadow: false }, { user_id: "3", name: "Omar Haddad", shadow: true }] });
        return { alerts: calls === 1 ? [two, alert("1", { status: "resolved", count: 3 })] : [alert("5", { summary: "new one" }), two, alert("1", { status: "resolved", count: 3 })] };
      },
      "POST /api/v1/alerts/ack": { results: [{ alert_id: "2", status: "acknowledged" }] },
    });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });

    const banner = await screen.findByTestId("paging-banner");
    expect(banner.textContent).toBe("Pages are not being sent — no Twilio configured; they are recorded and shown here.");
    const first = await screen.findByRole("checkbox", { name: "Select alert 2" });
    // A resolved alert has nothing to do, so its row has no controls at all; a deduplicated one shows its count.
    const resolved = screen.getByRole("row", { name: /alert 1/ });
    expect(within(resolved).queryByRole("checkbox")).toBeNull();
    expect(within(resolved).queryByRole("button")).toBeNull();
    expect(within(resolved).getByText("×3")).toBeDefined();
    // Who was paged shows in its own column.
    expect(within(screen.getByRole("row", { name: /alert 2/ })).getByTestId("alert-assignee").textContent).toBe("paged Olga Petrova, Omar Haddad (shadow)");
    await user.click(first);
    expect(screen.getByText("1 selected")).toBeDefined();

    await act(async () => {
      await vi.advanceTimersByTimeAsync(5_000);
    });
    await screen.findByRole("link", { name: "new one" });
    expect(screen.getByRole<HTMLInputElement>("checkbox", { name: "Select alert 2" }).checked).toBe(true);
    expect(screen.getByRole<HTMLInputElement>("checkbox", { name: "Select new one" }).checked).toBe(false);
    expect(screen.getByTestId("alerts-updated").textContent).toMatch(/^updated (just now|\d+ s ago)/);

    await user.click(screen.getByRole("button", { name: "Acknowledge selected" }));
    await screen.findByText("Acknowledged 1 alert.");
    expect(api.requests.find((r) => r.method === "POST")?.body).toEqual({ alert_ids: ["2"] });
    // The list asks for open alerts by default, with a limit.
    expect(api.requests.find((r) => r.url.startsWith("/api/v1/alerts?"))?.url).toBe("/api/v1/alerts?status=open&limit=50");
  });

  it("sends the filters to the API and keeps them in the address", async () => {
    const api = mount("/alerts?status=resolved&urgency=low", { "GET /api/v1/alerts": { alerts: [] } });
    const user = userEvent.setup();
    await screen.findByText("No alerts match these filters.");
    const filters = screen.getByRole("form", { name: "Filter alerts" });
    expect(within(filters).getByLabelText<HTMLSelectElement>("Status").value).toBe("resolved");
    await user.click(within(filters).getByLabelText("Held only"));
    await waitFor(() => expect(api.requests.at(-1)?.url).toBe("/api/v1/alerts?status=resolved&urgency=low&held=true&limit=50"));
  });
});

describe("AlertPage", () => {
  const detail: AlertDetail = {
    alert: alert("7", { labels: { env: "prod" }, details: { disk: "/var" }, source: "checkout-prod" }),
    timeline: [
      { id: "1", at: "2026-03-10T12:00:00Z", kind: "created", message: "high urgency, severity critical" },
      { id: "2", at: "2026-03-10T12:00:01Z", kind: "paged", message: "shadow copy via schedule payments-oncall shadow" },
    ],
    pages: [{ id: "9", alert_id: "7", user_id: "3", channel: "log", shadow: true, step: 0, loop: 0, status: "sent", attempts: 1, sent_at: "2026-03-10T12:00:01Z" }],
  };

  it("shows the alert, its timeline and pages, and says when an acknowledgement was only a shadow's", async () => {
    const api = mount("/alerts/7", {
      "GET /api/v1/alerts/7": detail,
      "POST /api/v1/alerts/7/ack": { alert: { ...detail.alert, status: "triggered" }, shadow_ack: true },
    });
    const user = userEvent.setup();
    await screen.findByRole("heading", { level: 1, name: "alert 7" });
    expect(screen.getByTestId("alert-details").textContent).toBe(JSON.stringify({ disk: "/var" }, null, 2));
    expect(screen.getAllByTestId("timeline-entry").map((e) => e.getAttribute("data-kind"))).toEqual(["created", "paged"]);
    const pages = screen.getByTestId("pages-table");
    expect(within(pages).getByText("Omar Haddad")).toBeDefined();
    expect(within(pages).getByText("shadow")).toBeDefined();

    expect(screen.getByRole<HTMLButtonElement>("button", { name: "Escalate now" }).disabled).toBe(false);
    await user.click(screen.getByRole("button", { name: "Acknowledge" }));
    expect((await screen.findByTestId("alert-action-message")).textContent).toBe("Acknowledged as shadow — escalation continues.");
    expect(api.requests.filter((r) => r.method === "POST").map((r) => r.url)).toEqual(["/api/v1/alerts/7/ack"]);
  });

  it("offers no actions on a resolved alert, but takes a note", async () => {
    const api = mount("/alerts/7", {
      "GET /api/v1/alerts/7": { ...detail, alert: { ...detail.alert, status: "resolved" } },
      "POST /api/v1/alerts/7/notes": { alert: { ...detail.alert, status: "resolved" } },
    });
    const user = userEvent.setup();
    await screen.findByRole("heading", { level: 1, name: "alert 7" });
    for (const name of ["Acknowledge", "Resolve", "Escalate now"]) {
      expect(screen.queryByRole("button", { name }), name).toBeNull();
    }
    expect(screen.getByTestId("alert-resolved-note").textContent).toMatch(/nothing left to do/);
    await user.type(screen.getByLabelText("Note"), "the processor fixed it");
    await user.click(screen.getByRole("button", { name: "Add note" }));
    await waitFor(() => expect(api.requests.find((r) => r.method === "POST")?.body).toEqual({ text: "the processor fixed it" }));
  });
});

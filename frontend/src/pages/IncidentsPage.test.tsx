import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";
import { ApiClient } from "../api/client";
import { App } from "../App";
import { fakeApi, type Handler } from "../test/fakeApi";
import { apiError } from "../test/fakeRota";
import { alert, dan, detail, incident, olga } from "../test/incidentFixtures";
import { permissionsFor } from "../test/permissions";

function mount(path: string, routes: Record<string, Handler>, teams: Record<string, "admin" | "member" | ""> = { "1": "member" }) {
  const api = fakeApi({
    "GET /api/v1/me": { user: olga },
    "GET /api/v1/me/permissions": permissionsFor({ teams }),
    "GET /api/v1/teams": { teams: [{ id: "1", name: "payments" }] },
    "GET /api/v1/services": { services: [{ id: "5", team_id: "1", name: "checkout", urgency: "high", business_hours: {}, hold_low_outside_hours: false, version: 1 }] },
    "GET /api/v1/users": { users: [olga, dan] },
    "GET /api/v1/paging/status": { sender: "log", sending: false },
    ...routes,
  });
  render(
    <MemoryRouter initialEntries={[path]}>
      <App client={new ApiClient({ fetch: api.fetch })} />
    </MemoryRouter>,
  );
  return api;
}

describe("IncidentsPage", () => {
  it("lists incidents, shows the overdue-review reminder and sends the filters", async () => {
    const late = incident("2", { title: "payments outage", severity: "SEV1", status: "resolved", review: { status: "draft", due_at: "2027-01-10T17:00:00Z", overdue: true } });
    const api = mount("/incidents", {
      "GET /api/v1/incidents": (req) =>
        req.url.includes("review=overdue") ? { incidents: [late] } : { incidents: [incident("3", { title: "checkout slow", alert_count: 2 }), late] },
    });
    const user = userEvent.setup();
    await screen.findByRole("link", { name: "checkout slow" });
    const rows = screen.getAllByTestId("incident-row");
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByTestId("incident-severity").textContent).toBe("SEV2");
    expect(within(rows[0]!).getByText("2 alerts")).toBeDefined();
    expect(within(rows[1]!).getByTestId("review-overdue").textContent).toBe("Review overdue");
    const reminder = screen.getByTestId("review-reminder");
    expect(reminder.textContent).toContain("One SEV1 or SEV2 incident has no published review after 5 business days");
    expect(within(reminder).getByRole("link", { name: "payments outage" }).getAttribute("href")).toBe("/incidents/2/review");
    // A member may open incidents.
    expect(screen.getByRole("link", { name: "Open an incident" }).getAttribute("href")).toBe("/incidents/new");

    const filters = screen.getByRole("form", { name: "Filter incidents" });
    await user.selectOptions(within(filters).getByLabelText("Status"), "open");
    await user.selectOptions(within(filters).getByLabelText("Severity"), "SEV1");
    await user.selectOptions(within(filters).getByLabelText("Service"), "5");
    await waitFor(() => expect(api.requests.at(-1)?.url).toBe("/api/v1/incidents?status=open&severity=SEV1&service=5&limit=100"));
    // The days it started in, both included, in this browser's zone.
    await user.type(within(filters).getByLabelText("Started from"), "2026-11-01");
    await user.type(within(filters).getByLabelText("Started to"), "2026-11-30");
    const from = encodeURIComponent(new Date(2026, 10, 1).toISOString());
    const to = encodeURIComponent(new Date(2026, 11, 1).toISOString());
    await waitFor(() => expect(api.requests.at(-1)?.url).toBe(`/api/v1/incidents?status=open&severity=SEV1&service=5&from=${from}&to=${to}&limit=100`));
    await user.click(within(reminder).getByRole("button", { name: "Show only these" }));
    await waitFor(() => expect(api.requests.at(-1)?.url).toBe("/api/v1/incidents?review=overdue&limit=100"));
  });

  it("says when nothing matches, and hides opening for someone of no team", async () => {
    mount("/incidents?status=resolved", { "GET /api/v1/incidents": { incidents: [] } }, { "1": "" });
    await screen.findByText("No incidents match these filters.");
    expect(screen.queryByRole("link", { name: "Open an incident" })).toBeNull();
    expect(screen.queryByTestId("review-reminder")).toBeNull();
  });
});

describe("IncidentPage", () => {
  it("shows facts, the timeline in order, suspect changes newest first and linked alerts", async () => {
    mount("/incidents/4", { "GET /api/v1/incidents/4": detail({ commander: { id: "1", name: "Olga Petrova" }, responders: [{ id: "1", name: "Olga Petrova" }] }) });
    await screen.findByRole("heading", { level: 1, name: "incident 4" });
    const facts = screen.getByTestId("incident-facts");
    expect(within(facts).getByTestId("incident-status").textContent).toBe("Triggered");
    expect(facts.textContent).toContain("Olga Petrova");
    expect(within(facts).getByRole("link", { name: "checkout" }).getAttribute("href")).toBe("/services/5");
    expect(screen.getAllByTestId("incident-entry").map((e) => e.getAttribute("data-kind"))).toEqual(["alert_triggered", "opened", "paged"]);
    expect(screen.getAllByTestId("change").map((c) => c.querySelector(".item-list__title")?.textContent)).toEqual(["deploy checkout v42", "deploy checkout v41"]);
    expect(screen.getAllByTestId("change")[0]!.textContent).toContain("lead time 1 h 30 min");
    expect(within(screen.getByTestId("linked-alerts")).getByRole("link", { name: "alert 7" }).getAttribute("href")).toBe("/alerts/7");
    expect(screen.getByRole("link", { name: "Post-incident review" }).getAttribute("href")).toBe("/incidents/4/review");
  });

  it("moves forward only, adds a note and a correction", async () => {
    const base = detail({ status: "acknowledged" });
    let current = base;
    const api = mount("/incidents/4", {
      "GET /api/v1/incidents/4": () => current,
      "POST /api/v1/incidents/4/mitigate": () => (current = { ...base, incident: { ...base.incident, status: "mitigated" } }),
      "POST /api/v1/incidents/4/notes": (req) => {
        const { text, corrects } = req.body as { text: string; corrects?: number };
        if (!text) return apiError(400, "invalid", "a note needs text", "text");
        const seq = current.timeline.length + 1;
        current = { ...current, timeline: [...current.timeline, { seq, at: "2027-01-13T09:10:00Z", kind: "note", description: text, text, corrects, actor: { id: "1", name: "Olga Petrova" } }] };
        return current;
      },
    });
    const user = userEvent.setup();
    await screen.findByRole("heading", { level: 1, name: "incident 4" });
    const bar = screen.getByRole("group", { name: "Incident status" });
    expect(within(bar).getByRole<HTMLButtonElement>("button", { name: "Acknowledge" }).disabled).toBe(true);
    await user.click(within(bar).getByRole("button", { name: "Mitigate" }));
    expect((await screen.findByTestId("incident-action-message")).textContent).toBe("Mitigated.");
    await waitFor(() => expect(within(bar).getByRole<HTMLButtonElement>("button", { name: "Mitigate" }).disabled).toBe(true));
    expect(within(bar).getByRole<HTMLButtonElement>("button", { name: "Resolve" }).disabled).toBe(false);

    // An empty note is refused at the box.
    await user.click(screen.getByRole("button", { name: "Add note" }));
    expect((await screen.findByText("a note needs text")).id).toBe("incident-note-error");
    await user.type(screen.getByLabelText("Note"), "rolled back v42");
    await user.click(screen.getByRole("button", { name: "Add note" }));
    await waitFor(() => expect(screen.getAllByTestId("incident-entry")).toHaveLength(4));
    expect(screen.getAllByTestId("incident-entry")[3]!.textContent).toContain("rolled back v42 · by Olga Petrova");

    await user.click(screen.getByRole("button", { name: "Correct entry #3" }));
    await user.type(screen.getByLabelText("Correction"), "paged by voice, not sms");
    await user.click(screen.getByRole("button", { name: "Add correction" }));
    await waitFor(() => expect(screen.getAllByTestId("incident-entry")).toHaveLength(5));
    expect(api.requests.filter((r) => r.url.endsWith("/notes")).map((r) => r.body)).toEqual([
      { text: "" },
      { text: "rolled back v42" },
      { text: "paged by voice, not sms", corrects: 3 },
    ]);
    const entries = screen.getAllByTestId("incident-entry");
    expect(entries[4]!.textContent).toContain("Corrects #3");
    expect(within(entries[2]!).getByTestId("corrected-by").textContent).toBe("Corrected by #5");
  });

  it("edits the severity and commander, and shows a refusal at its field", async () => {
    const base = detail();
    const api = mount("/incidents/4", {
      "GET /api/v1/incidents/4": base,
      "PATCH /api/v1/incidents/4": (req) =>
        (req.body as { title?: string }).title === "" ? apiError(400, "invalid", "an incident needs a title", "title") : { ...base, incident: { ...base.incident, severity: "SEV1" } },
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Edit title, severity, commander or start" }));
    const form = screen.getByRole("form", { name: "Edit incident" });
    await user.clear(within(form).getByLabelText("Title"));
    await user.click(within(form).getByRole("button", { name: "Save changes" }));
    expect((await within(form).findByText("an incident needs a title")).id).toBe("field-title-error");
    expect(within(form).getByLabelText("Title").getAttribute("aria-invalid")).toBe("true");
    await user.type(within(form).getByLabelText("Title"), "incident 4");
    await user.selectOptions(within(form).getByLabelText("Severity"), "SEV1");
    await user.selectOptions(within(form).getByLabelText("Commander"), "2");
    await user.click(within(form).getByRole("button", { name: "Save changes" }));
    await waitFor(() => expect(screen.queryByRole("form", { name: "Edit incident" })).toBeNull());
    expect(api.requests.filter((r) => r.method === "PATCH").at(-1)?.body).toEqual({ severity: "SEV1", commander_id: "2" });
  });

  it("links another open alert of the team", async () => {
    const base = detail();
    const api = mount("/incidents/4", {
      "GET /api/v1/incidents/4": base,
      "GET /api/v1/alerts": { alerts: [alert("7"), alert("8", { summary: "checkout latency" })] },
      "POST /api/v1/incidents/4/links": { ...base, alerts: [alert("8", { summary: "checkout latency" }), ...base.alerts] },
    });
    const user = userEvent.setup();
    const form = await screen.findByRole("form", { name: "Link an alert" });
    // The alert already linked is not offered again.
    expect(within(form).getAllByRole("option").map((o) => o.textContent)).toEqual(["Choose an alert", "checkout latency (checkout)"]);
    await user.selectOptions(within(form).getByLabelText("Link another open alert"), "8");
    await user.click(within(form).getByRole("button", { name: "Link" }));
    await within(screen.getByTestId("linked-alerts")).findByRole("link", { name: "checkout latency" });
    expect(api.requests.find((r) => r.method === "POST")?.body).toEqual({ alert_ids: ["8"] });
    expect(api.requests.find((r) => r.url.startsWith("/api/v1/alerts?"))?.url).toBe("/api/v1/alerts?team_id=1&status=open&limit=50");
  });

  it("shows an incident read-only to someone outside the team", async () => {
    mount("/incidents/4", { "GET /api/v1/incidents/4": detail() }, { "1": "" });
    await screen.findByRole("heading", { level: 1, name: "incident 4" });
    expect(screen.queryByRole("group", { name: "Incident status" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Add note" })).toBeNull();
  });
});

describe("NewIncidentPage", () => {
  it("opens an incident from an alert, linking it, and lands on the incident", async () => {
    const api = mount("/incidents/new?alert=7", {
      "GET /api/v1/alerts/7": { alert: alert("7", { summary: "checkout 5xx" }), timeline: [], pages: [] },
      "POST /api/v1/incidents": () => detail({ id: "9", title: "checkout 5xx" } as never),
      "GET /api/v1/incidents/4": detail({ title: "checkout 5xx" }),
    });
    const user = userEvent.setup();
    const form = await screen.findByRole("form", { name: "New incident" });
    await waitFor(() => expect(within(form).getByLabelText<HTMLInputElement>("Title").value).toBe("checkout 5xx"));
    expect(within(form).getByLabelText<HTMLSelectElement>("Severity").value).toBe("SEV2");
    expect(within(form).getByLabelText<HTMLInputElement>("checkout").checked).toBe(true);
    await user.click(within(form).getByRole("button", { name: "Open incident" }));
    await screen.findByText("Incident opened.");
    expect(api.requests.find((r) => r.method === "POST")?.body).toEqual({ title: "checkout 5xx", severity: "SEV2", team_id: "1", service_ids: [], alert_ids: ["7"] });
  });

  it("shows a refusal beside the field the server names", async () => {
    mount("/incidents/new", { "POST /api/v1/incidents": apiError(400, "invalid", "an incident needs a title", "title") });
    const user = userEvent.setup();
    const form = await screen.findByRole("form", { name: "New incident" });
    await waitFor(() => expect(within(form).getByLabelText<HTMLSelectElement>("Team").value).toBe("1"));
    await user.click(within(form).getByLabelText("checkout"));
    await user.click(within(form).getByRole("button", { name: "Open incident" }));
    expect((await within(form).findByText("an incident needs a title")).id).toBe("field-title-error");
    expect(document.activeElement).toBe(within(form).getByLabelText("Title"));
  });
});

import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";
import { ApiClient } from "../api/client";
import type { Alert, Incident, MyOnCall, OnCallResponse, Swap, User } from "../api/types";
import { App } from "../App";
import { fakeApi } from "../test/fakeApi";
import { permissionsFor } from "../test/permissions";

const olga: User = { id: "1", email: "olga@example.com", name: "Olga Petrova", discipline: "ops", time_zone: "Europe/Berlin", is_admin: false };
const dan: User = { id: "2", email: "dan@example.com", name: "Dan Miller", discipline: "dev", time_zone: "America/New_York", is_admin: false };

const oncall: OnCallResponse = {
  at: "2026-11-23T09:00:00Z",
  teams: [
    {
      team: { id: "1", name: "payments" },
      schedules: [
        {
          id: "5",
          name: "payments-oncall",
          time_zone: "Europe/Berlin",
          oncall: [
            {
              tier: "primary",
              user: { id: "2", name: "Dan Miller", discipline: "dev" },
              start: "2026-11-23T08:00:00Z",
              end: "2026-11-23T16:00:00Z",
              next_handoff: "2026-11-23T16:00:00Z",
              source: { kind: "layer", id: "11", name: "dev-business-hours" },
            },
            {
              tier: "shadow",
              user: { id: "4", name: "Nia Okafor", discipline: "dev" },
              start: "2026-11-23T08:00:00Z",
              end: "2026-11-30T08:00:00Z",
              next_handoff: "2026-12-07T08:00:00Z",
              source: { kind: "layer", id: "13", name: "learners" },
            },
          ],
          gaps: ["secondary"],
        },
        {
          id: "6",
          name: "payments-nights",
          time_zone: "UTC",
          oncall: [
            {
              tier: "secondary",
              user: { id: "1", name: "Olga Petrova", discipline: "ops" },
              start: "2026-11-23T00:00:00Z",
              end: "2026-11-24T00:00:00Z",
              next_handoff: null,
              source: { kind: "override", id: "3" },
            },
          ],
          gaps: [],
        },
      ],
    },
  ],
};

const swaps: Swap[] = [
  { id: "7", schedule_id: "5", tier: "primary", kind: "give", requester_id: "2", target_id: "1", start: "2026-11-25T08:00:00Z", end: "2026-11-25T16:00:00Z", state: "requested", message: "Dentist" },
  { id: "8", schedule_id: "5", tier: "primary", kind: "give", requester_id: "1", target_id: "2", start: "2026-11-26T16:00:00Z", end: "2026-11-27T08:00:00Z", state: "requested" },
];

const mine: MyOnCall = {
  at: "2026-11-23T09:00:00Z",
  current: [{ schedule_id: "6", schedule_name: "payments-nights", team_id: "1", team_name: "payments", tier: "secondary", start: "2026-11-23T00:00:00Z", end: "2026-11-26T08:00:00Z" }],
  next: { schedule_id: "5", schedule_name: "payments-oncall", team_id: "1", team_name: "payments", tier: "primary", start: "2026-11-30T08:00:00Z", end: "2026-11-30T16:00:00Z" },
};

function alert(id: string, over: Partial<Alert>): Alert {
  return { id, service_id: "1", service_name: "checkout", team_id: "1", dedup_key: id, status: "triggered", urgency: "high", severity: "critical", summary: `alert ${id}`, count: 1, created_at: "2026-11-23T08:55:00Z", ...over };
}

const alerts: Alert[] = [
  alert("10", { summary: "team alert", paged: [{ user_id: "2", name: "Dan Miller", shadow: false }] }),
  alert("11", { summary: "paged me elsewhere", team_id: "9", paged: [{ user_id: "1", name: "Olga Petrova", shadow: false }] }),
  alert("12", { summary: "not mine", team_id: "9" }),
  alert("13", { summary: "acked already", status: "acknowledged", acked_by: "2" }),
];

const lateReview: Incident = {
  id: "31", title: "Edge 502s in us-east", severity: "SEV1", status: "resolved", team_id: "1", responders: [], services: [], alert_count: 2,
  started_at: "2026-11-05T10:00:00Z", detected_at: "2026-11-05T10:02:00Z", resolved_at: "2026-11-05T12:00:00Z",
  review: { status: "draft", due_at: "2026-11-12T12:00:00Z", overdue: true },
};

function mount() {
  const api = fakeApi({
    "GET /api/v1/incidents": (req: { url: string }) => ({ incidents: req.url.includes("review=overdue") ? [lateReview] : [] }),
    "GET /api/v1/me/oncall": mine,
    "GET /api/v1/alerts": { alerts },
    "POST /api/v1/alerts/10/ack": { alert: { ...alerts[0], status: "acknowledged" }, shadow_ack: false },
    "GET /api/v1/me": { user: olga },
    "GET /api/v1/me/permissions": permissionsFor({ teams: { "1": "member" } }),
    "GET /api/v1/oncall": oncall,
    "GET /api/v1/swaps": { swaps },
    "GET /api/v1/users": { users: [olga, dan] },
    "GET /api/v1/schedules": { schedules: [{ id: "5", name: "payments-oncall" }] },
    "POST /api/v1/swaps/7/accept": { swap: { ...swaps[0], state: "accepted" } },
  });
  render(
    <MemoryRouter initialEntries={["/now"]}>
      <App client={new ApiClient({ fetch: api.fetch })} />
    </MemoryRouter>,
  );
  return { api, user: userEvent.setup() };
}

describe("NowPage", () => {
  it("shows each tier's engineer, discipline and handoff, shadow apart, and flags gaps", async () => {
    mount();
    const card = await screen.findByRole("article", { name: "payments-oncall" });
    const primary = within(card).getByTestId("oncall-primary");
    expect(primary.textContent).toMatch(/Dan Miller/);
    expect(within(primary).getByLabelText("discipline: dev")).toBeDefined();
    expect(primary.textContent).toMatch(/until .*\(in 7 h\)/);
    expect(primary.textContent).toMatch(/via dev-business-hours/);
    const shadow = within(card).getByTestId("oncall-shadow");
    expect(shadow.textContent).toMatch(/Nia Okafor.*shadowing/);
    // A one-person rotation: the turn ends before anyone takes over.
    expect(shadow.textContent).toMatch(/until .*\(in 13 d 23 h\).*current turn ends/);
    expect(primary.textContent).not.toMatch(/current turn ends/);
    expect(shadow.className).toContain("oncall-row--shadow");
    expect(within(card).getByTestId("gap-secondary").textContent).toMatch(/Coverage gap: nobody is on call for the secondary tier/);
    expect(within(card).getByRole("link", { name: "payments-oncall" }).getAttribute("href")).toBe("/calendar/5");
    // Nobody else in the rotation: no handoff, only the turn's end.
    const nights = screen.getByRole("article", { name: "payments-nights" });
    const alone = within(nights).getByTestId("oncall-secondary");
    expect(alone.textContent).toMatch(/Olga Petrova.*ops.*no upcoming handoff.*current turn ends/);
    expect(alone.textContent).not.toMatch(/until/);
    expect(alone.textContent).toMatch(/via override/);
  });

  it("lists my swaps with Accept/Decline for those asked of me and Cancel for mine", async () => {
    const { api, user } = mount();
    const panel = await screen.findByRole("region", { name: "My swaps" });
    await waitFor(() => expect(within(panel).getAllByTestId("swap")).toHaveLength(2));
    const [asked, mine] = within(panel).getAllByTestId("swap");
    expect(asked!.textContent).toMatch(/Dan Miller asks you to take.*primary.*on payments-oncall/);
    expect(within(asked!).queryByRole("button", { name: "Cancel request" })).toBeNull();
    expect(mine!.textContent).toMatch(/You asked Dan Miller to take/);
    expect(within(mine!).queryByRole("button", { name: "Accept" })).toBeNull();
    expect(within(mine!).getByRole("button", { name: "Cancel request" })).toBeDefined();

    const query = api.requests.find((r) => r.url.startsWith("/api/v1/swaps?"))?.url;
    expect(query).toBe("/api/v1/swaps?state=requested&mine=true");

    await user.click(within(asked!).getByRole("button", { name: "Accept" }));
    await waitFor(() => expect(api.requests.some((r) => r.method === "POST" && r.url === "/api/v1/swaps/7/accept")).toBe(true));
    // Accepting refreshes both the swaps and who is on call.
    await waitFor(() => expect(api.requests.filter((r) => r.url === "/api/v1/oncall").length).toBeGreaterThan(1));
  });

  it("reminds of SEV1 and SEV2 reviews overdue, each linking to its review", async () => {
    const { api } = mount();
    const reminder = await screen.findByTestId("review-reminder");
    expect(reminder.textContent).toMatch(/One SEV1 or SEV2 incident has no published review after 5 business days: Edge 502s in us-east/);
    expect(within(reminder).getByRole("link", { name: "Edge 502s in us-east" }).getAttribute("href")).toBe("/incidents/31/review");
    expect(api.requests.some((r) => r.url.includes("/api/v1/incidents") && r.url.includes("review=overdue"))).toBe(true);
  });

  it("says whether I am on call and until when, and my next shift, in my zone", async () => {
    mount();
    const panel = await screen.findByTestId("my-oncall");
    // The browser's zone in tests is UTC.
    expect(within(panel).getByTestId("my-oncall-now").textContent).toMatch(/^You are on call \(secondary, payments\) until Thu 08:00/);
    expect(within(panel).getByTestId("my-oncall-next").textContent).toMatch(/^Your next shift: primary, payments, Mon, Nov 30, 08:00 – 16:00/);
  });

  it("lists the open alerts paged to me or my teams, paged-for first, with Acknowledge", async () => {
    const { api, user } = mount();
    const panel = await screen.findByRole("region", { name: "Open alerts for you and your teams" });
    await waitFor(() => expect(within(panel).getAllByTestId("my-alert")).toHaveLength(3));
    const rows = within(panel).getAllByTestId("my-alert");
    expect(rows.map((r) => within(r).getByRole("link").textContent)).toEqual(["paged me elsewhere", "team alert", "acked already"]);
    expect(rows[0]!.textContent).toMatch(/paged you/);
    expect(rows[1]!.textContent).toMatch(/paged Dan Miller/);
    expect(within(rows[2]!).queryByRole("button")).toBeNull();
    await user.click(within(rows[1]!).getByRole("button", { name: "Acknowledge team alert" }));
    await within(panel).findByText("Acknowledged “team alert”.");
    expect(api.requests.some((r) => r.method === "POST" && r.url === "/api/v1/alerts/10/ack")).toBe(true);
  });
});

import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";
import { ApiClient } from "../api/client";
import type { PagerDutyConnection, PagerDutyImport, PagerDutySync } from "../api/pagerduty";
import { App } from "../App";
import { fakeApi } from "../test/fakeApi";
import { alice, apiError, type RecordedRequest } from "../test/fakeRota";
import { permissionsFor } from "../test/permissions";

const TOKEN = "u+fixture-token-0123456789";

const disconnected: PagerDutyConnection = {
  connected: false,
  source: "",
  token_last4: "",
  stored: false,
  connected_at: null,
  connected_by: "",
  api_url: "https://api.pagerduty.com",
};

function importOf(dryRun: boolean, over: Partial<PagerDutyImport> = {}): PagerDutyImport {
  return {
    id: dryRun ? "1" : "2",
    dry_run: dryRun,
    status: "ok",
    error: "",
    error_lines: [],
    started_at: "2026-03-02T10:00:00Z",
    finished_at: "2026-03-02T10:00:05Z",
    fetched: { users: 6, teams: 2, schedules: 4, escalation_policies: 2, services: 3 },
    plan: ["+ team payments", "+ schedule payments/Payments Primary (Europe/Berlin, 2 layers)"],
    summary: "2 to create, 0 to update, 0 to delete",
    notes: [],
    created: 2,
    updated: 0,
    deleted: 0,
    skipped: [{ kind: "user", id: "PNOMAIL", name: "No Mail", reason: "no email", text: 'skipped user "No Mail" (PNOMAIL): no email' }],
    changed: [],
    checks: [
      {
        pagerduty_id: "PSPAY01",
        team: "payments",
        name: "Payments Primary",
        from: "2026-03-02T10:00:00Z",
        to: "2026-03-30T10:00:00Z",
        faithful: true,
        differences: [],
        total_differences: 0,
      },
    ],
    faithful: true,
    ...over,
  };
}

/** mount serves Settings → PagerDuty from a fake that keeps the connection and the runs. */
function mount(orgAdmin = true) {
  const s: PagerDutySync = { connection: disconnected, last_import: null, last_applied_import: null, last_mirror: null };
  const api = fakeApi({
    "GET /api/v1/me": { user: { ...alice, is_admin: orgAdmin } },
    "GET /api/v1/me/permissions": permissionsFor({ orgAdmin }),
    "GET /api/v1/pagerduty/sync": () => s,
    "PUT /api/v1/pagerduty/connection": (req: RecordedRequest) => {
      const { token } = req.body as { token: string };
      if (token !== TOKEN) return apiError(400, "invalid", "PagerDuty refused the token (401): check it is a valid REST API token", "token");
      s.connection = { ...disconnected, connected: true, source: "settings", stored: true, token_last4: TOKEN.slice(-4), connected_at: "2026-03-02T10:00:00Z" };
      return { connection: s.connection };
    },
    "DELETE /api/v1/pagerduty/connection": () => {
      s.connection = disconnected;
      return undefined;
    },
    "POST /api/v1/pagerduty/import": (req: RecordedRequest) => {
      const { dry_run } = req.body as { dry_run: boolean };
      const r = importOf(dry_run, dry_run ? {} : { plan: s.last_applied_import ? [] : importOf(false).plan });
      s.last_import = r;
      if (!dry_run) s.last_applied_import = r;
      return { import: r };
    },
  });
  render(
    <MemoryRouter initialEntries={["/settings/pagerduty"]}>
      <App client={new ApiClient({ fetch: api.fetch })} />
    </MemoryRouter>,
  );
  return { api, s, user: userEvent.setup() };
}

const region = (name: string) => screen.findByRole("region", { name });

describe("Settings → PagerDuty", () => {
  it("connects with a token, never shows it again, and says why a token is refused", async () => {
    const { api, user } = mount();
    const conn = await region("Connection");
    expect(within(conn).getByTestId("pd-connection").textContent).toBe("Not connected.");
    const importPanel = await region("Import");
    expect((within(importPanel).getByRole("button", { name: "Preview import" }) as HTMLButtonElement).disabled).toBe(true);

    const field = within(conn).getByLabelText("REST API token");
    expect(field.getAttribute("type")).toBe("password");
    await user.type(field, "wrong");
    await user.click(within(conn).getByRole("button", { name: "Connect" }));
    await waitFor(() => expect(field.getAttribute("aria-invalid")).toBe("true"));
    expect(within(conn).getByText(/PagerDuty refused the token/)).toBeTruthy();

    await user.clear(field);
    await user.type(field, TOKEN);
    await user.click(within(conn).getByRole("button", { name: "Connect" }));
    await within(conn).findByText("Connected with a stored token ending 6789.");
    expect((field as HTMLInputElement).value).toBe("");
    expect(document.body.textContent).not.toContain(TOKEN);
    expect(api.requests.filter((r) => r.method === "PUT").at(-1)?.body).toEqual({ token: TOKEN });

    await user.click(within(conn).getByRole("button", { name: "Disconnect" }));
    const dialog = await screen.findByRole("dialog");
    await user.click(within(dialog).getByRole("button", { name: "Disconnect" }));
    await within(conn).findByText("Not connected.");
  });

  it("previews an import, applies it, and shows the last sync", async () => {
    const { api, user } = mount();
    const conn = await region("Connection");
    await user.type(within(conn).getByLabelText("REST API token"), TOKEN);
    await user.click(within(conn).getByRole("button", { name: "Connect" }));
    await within(conn).findByText(/token ending 6789/);

    const panel = await region("Import");
    expect(within(panel).queryByRole("button", { name: "Apply import" })).toBeNull();
    await waitFor(() => expect((within(panel).getByRole("button", { name: "Preview import" }) as HTMLButtonElement).disabled).toBe(false));
    await user.click(within(panel).getByRole("button", { name: "Preview import" }));
    expect(await within(panel).findByText("Preview: 2 to create, 0 to update, 0 to delete")).toBeTruthy();
    expect(within(panel).getByTestId("pd-plan").textContent).toContain("+ team payments");
    expect(within(panel).getByTestId("pd-skipped").textContent).toContain('skipped user "No Mail"');
    expect(within(panel).getByTestId("pd-faithfulness").textContent).toBe("All 1 schedule(s) match PagerDuty's final schedule.");
    expect(within(panel).getByTestId("pd-checks").textContent).toContain("payments/Payments Primary");
    expect(api.requests.filter((r) => r.method === "POST").at(-1)?.body).toEqual({ dry_run: true });

    await user.click(within(panel).getByRole("button", { name: "Apply import" }));
    expect(await within(panel).findByText("Imported: 2 created, 0 updated, 0 deleted")).toBeTruthy();
    expect(api.requests.filter((r) => r.method === "POST").at(-1)?.body).toEqual({ dry_run: false });
    const last = await region("Last sync");
    await waitFor(() => expect(within(last).getByTestId("pd-last-applied-headline").textContent).toBe("Imported: 2 created, 0 updated, 0 deleted"));
    expect(within(last).getByTestId("pd-last-status").textContent).toBe("applied");
    expect(within(last).getAllByText("All 1 schedule(s) match PagerDuty's final schedule.").length).toBeGreaterThan(0);
  });

  it("shows a failed import's reason", async () => {
    const { api, user } = mount();
    api.on("GET /api/v1/pagerduty/sync", {
      connection: { ...disconnected, connected: true, source: "environment", token_last4: "abcd" },
      last_import: null,
      last_applied_import: null,
      last_mirror: null,
    });
    api.on("POST /api/v1/pagerduty/import", () => apiError(409, "conflict", "the converted set-up does not fit the database (1 problem(s)); nothing was imported"));
    const conn = await region("Connection");
    await within(conn).findByText(/ROTA_PAGERDUTY_TOKEN/);
    expect(within(conn).queryByRole("button", { name: "Disconnect" })).toBeNull();
    const panel = await region("Import");
    await user.click(within(panel).getByRole("button", { name: "Preview import" }));
    expect((await within(panel).findByRole("alert")).textContent).toContain("does not fit the database");
  });

  it("is for organisation admins only", async () => {
    const { api } = mount(false);
    expect(await screen.findByText("Only organisation admins connect and import from PagerDuty.")).toBeTruthy();
    expect(api.requests.some((r) => r.url.includes("/pagerduty/"))).toBe(false);
  });
});

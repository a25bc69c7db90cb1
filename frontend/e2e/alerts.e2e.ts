// Alerts end to end: an alert fired at the generic intake by a monitor
// (here, the test with fetch) appears on the live list without a reload,
// deduplicates, is opened, acknowledged, and its timeline says so; a
// shadow's acknowledgement leaves escalation running; several alerts are
// acknowledged together; and the "pages are not being sent" banner shows,
// since the test server has no Twilio.

import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, signInAs, startRota, trackErrors, type Browser, type RotaServer } from "./harness";
import { fireAlert, seedPaging, seedPayments, type PagingSeed, type Seed } from "./seed";

const heading = (page: Page, name: string) => page.getByRole("heading", { level: 1, name, exact: true });
const row = (page: Page, summary: string) => page.getByTestId("alert-row").filter({ has: page.getByRole("link", { name: summary, exact: true }) });


interface AlertDTO {
  id: string;
  status: string;
  count: number;
}

describe("alerts", () => {
  let rota: RotaServer;
  let seed: Seed;
  let paging: PagingSeed;
  let browser: Browser;

  beforeAll(async () => {
    rota = await startRota();
    seed = await seedPayments(rota);
    paging = await seedPaging(seed);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await rota?.stop();
  });

  const getAlert = async (id: string) => (await seed.admin.call<{ alert: AlertDTO }>("GET", `/api/v1/alerts/${id}`)).alert;

  it("shows a fired alert live, opens it, acknowledges it and shows that on its timeline", async () => {
    const page = await browser.newPage();
    const errors = trackErrors(page);
    await signInAs(page, rota, seed.users.olga.email, seed.users.olga.password);

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Alerts" }).click();
    await heading(page, "Alerts").waitFor();
    // The test server has no Twilio: pages are only recorded.
    const banner = page.getByTestId("paging-banner");
    expect(await banner.textContent()).toBe("Pages are not being sent — no Twilio configured; they are recorded and shown here.");
    await page.getByText("No open alerts. All quiet.").waitFor();
    await screenshot(page, "alerts-01-empty");

    // A monitor fires; the list shows it without a reload (the marker survives).
    await page.evaluate(() => ((globalThis as unknown as { rotaMarker: number }).rotaMarker = 42));
    const fired = await fireAlert(paging.url, {
      summary: "checkout 5xx above 2%",
      dedup_key: "checkout-5xx",
      severity: "critical",
      source: "prometheus",
      labels: { env: "prod", team: "payments" },
      details: { rate: 0.031, runbook: "https://runbooks.example.com/checkout-5xx" },
    });
    expect(fired.outcome).toBe("created");
    const alertRow = row(page, "checkout 5xx above 2%");
    await alertRow.waitFor();
    expect(await page.evaluate(() => (globalThis as unknown as { rotaMarker?: number }).rotaMarker)).toBe(42);
    expect(await alertRow.getByTestId("alert-status").textContent()).toBe("Triggered");
    expect(await alertRow.textContent()).toContain("checkout");
    expect(await alertRow.textContent()).toContain("High");

    // The same dedup key again is counted on the same alert, not a new row.
    expect((await fireAlert(paging.url, { summary: "checkout 5xx above 2%", dedup_key: "checkout-5xx", severity: "critical" })).outcome).toBe("deduplicated");
    await alertRow.getByText("×2").waitFor();
    expect(await page.getByTestId("alert-row").count()).toBe(1);
    expect(await page.getByTestId("alerts-updated").textContent()).toMatch(/^updated (just now|\d+ s ago)/);
    await screenshot(page, "alerts-02-live-list");

    // Open it: facts, labels, details, the timeline and the pages it sent.
    await alertRow.getByRole("link", { name: "checkout 5xx above 2%" }).click();
    await heading(page, "checkout 5xx above 2%").waitFor();
    const facts = page.getByTestId("alert-facts");
    expect(await facts.textContent()).toContain("checkout-5xx");
    expect(await facts.textContent()).toContain("prometheus");
    expect(await page.getByTestId("alert-details").textContent()).toContain('"runbook": "https://runbooks.example.com/checkout-5xx"');
    await page.getByRole("list", { name: "Labels" }).getByText("payments").waitFor();
    await page.locator('[data-testid="timeline-entry"][data-kind="created"]').waitFor();
    // The engine pages the primary at once (and the shadow a copy); the page polls, so the pages show up.
    await page.getByTestId("pages-table").getByText("Nia Okafor").waitFor();
    expect(await page.getByRole("button", { name: "Escalate now" }).isEnabled()).toBe(true);
    await screenshot(page, "alerts-03-detail");

    await page.getByRole("button", { name: "Acknowledge", exact: true }).click();
    expect(await page.getByTestId("alert-action-message").textContent()).toBe("Acknowledged: escalation stopped.");
    await expect.poll(() => page.getByTestId("alert-facts").getByTestId("alert-status").textContent()).toBe("Acknowledged");
    const acked = page.locator('[data-testid="timeline-entry"][data-kind="acknowledged"]');
    await acked.waitFor();
    expect(await acked.textContent()).toContain("by Olga Petrova");
    expect(await page.getByRole("button", { name: "Acknowledge", exact: true }).isDisabled()).toBe(true);
    expect((await getAlert(fired.alert_id!)).status).toBe("acknowledged");
    await screenshot(page, "alerts-04-acknowledged");

    // Back to the list: the alert is still open, now acknowledged.
    await page.getByRole("link", { name: "All alerts" }).click();
    await heading(page, "Alerts").waitFor();
    await expect.poll(() => row(page, "checkout 5xx above 2%").getByTestId("alert-status").textContent()).toBe("Acknowledged");

    expect(errors).toEqual([]);
    await page.close();
  });

  it("tells a shadow that their acknowledgement leaves escalation running", async () => {
    const fired = await fireAlert(paging.url, { summary: "payments queue backing up", dedup_key: "queue", severity: "error" });
    // Wait until the engine has sent the shadow copy to Nia.
    await expect
      .poll(async () => (await seed.admin.call<{ pages: { user_id: string; shadow: boolean }[] }>("GET", `/api/v1/pages?alert_id=${fired.alert_id}`)).pages.some((p) => p.shadow && p.user_id === seed.users.nia.id), { timeout: 10_000 })
      .toBe(true);

    const page = await browser.newPage();
    const errors = trackErrors(page);
    await signInAs(page, rota, seed.users.nia.email, seed.users.nia.password);
    await page.goto(`${rota.url}/alerts/${fired.alert_id}`);
    await heading(page, "payments queue backing up").waitFor();
    await page.getByRole("button", { name: "Acknowledge", exact: true }).click();
    expect(await page.getByTestId("alert-action-message").textContent()).toBe("Acknowledged as shadow — escalation continues.");
    await page.locator('[data-testid="timeline-entry"][data-kind="acknowledged"]').getByText("acknowledged as shadow").waitFor();
    expect((await getAlert(fired.alert_id!)).status).toBe("triggered");
    await screenshot(page, "alerts-05-shadow-ack");

    expect(errors).toEqual([]);
    await page.close();
  });

  it("filters the list and acknowledges selected alerts together", async () => {
    const a = await fireAlert(paging.url, { summary: "disk 91% on db-1", dedup_key: "disk-db-1", severity: "warning" });
    const b = await fireAlert(paging.url, { summary: "disk 93% on db-2", dedup_key: "disk-db-2", severity: "warning" });

    const page = await browser.newPage();
    const errors = trackErrors(page);
    await signInAs(page, rota, seed.users.olga.email, seed.users.olga.password);
    await page.goto(`${rota.url}/alerts`);
    await heading(page, "Alerts").waitFor();

    // Warnings are low urgency on a from-severity service.
    const filters = page.getByRole("form", { name: "Filter alerts" });
    await filters.getByLabel("Urgency").selectOption("low");
    await page.waitForURL(/urgency=low/);
    await row(page, "disk 91% on db-1").waitFor();
    await expect.poll(() => page.getByTestId("alert-row").count()).toBe(2);

    await page.getByRole("checkbox", { name: "Select disk 91% on db-1" }).check();
    await page.getByRole("checkbox", { name: "Select disk 93% on db-2" }).check();
    await page.getByText("2 selected").waitFor();
    await screenshot(page, "alerts-06-selected");
    await page.getByRole("button", { name: "Acknowledge selected" }).click();
    await page.getByText("Acknowledged 2 alerts.").waitFor();
    expect((await getAlert(a.alert_id!)).status).toBe("acknowledged");
    expect((await getAlert(b.alert_id!)).status).toBe("acknowledged");
    await expect.poll(() => row(page, "disk 93% on db-2").getByTestId("alert-status").textContent()).toBe("Acknowledged");

    // Resolve one from its row; with the status filter on resolved it is the only one left.
    await page.getByRole("button", { name: "Resolve disk 91% on db-1" }).click();
    await page.getByText("Resolved “disk 91% on db-1”.").waitFor();
    await filters.getByLabel("Status").selectOption("resolved");
    await expect.poll(() => page.getByTestId("alert-row").count()).toBe(1);
    await row(page, "disk 91% on db-1").waitFor();
    // The filter is in the address, so a reload keeps it.
    await page.reload();
    await row(page, "disk 91% on db-1").waitFor();
    expect(await page.getByRole("form", { name: "Filter alerts" }).getByLabel("Status").inputValue()).toBe("resolved");
    await screenshot(page, "alerts-07-resolved-filter");

    expect(errors).toEqual([]);
    await page.close();
  });
});

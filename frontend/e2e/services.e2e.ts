// Services end to end: a team admin creates a service in the web app (a
// bad business-hours time is shown at its field), creates an integration
// key that is shown once with its intake URL, sends a test alert with it
// and finds the alert on the Alerts page; a revoked key is refused; a
// maintenance window suppresses pages; a plain member sees it all
// read-only.

import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, signInAs, startRota, trackErrors, type Browser, type RotaServer } from "./harness";
import { fireAlert, seedPaging, seedPayments, type PagingSeed, type Seed } from "./seed";

const heading = (page: Page, name: string) => page.getByRole("heading", { level: 1, name, exact: true });


/** A bad time is answered 400, a revoked key 404; Chromium logs both. */
const EXPECTED = [/status of 400 \(Bad Request\)/, /status of 404 \(Not Found\)/];

describe("services", () => {
  let rota: RotaServer;
  let seed: Seed;
  let paging: PagingSeed;
  let browser: Browser;
  let billingPath = "";

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

  it("creates a service and a key in the app, shows the key once, and a test alert reaches the Alerts page", async () => {
    const page = await browser.newPage();
    const errors = trackErrors(page, EXPECTED);
    await signInAs(page, rota, seed.users.olga.email, seed.users.olga.password);

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Services" }).click();
    await heading(page, "Services").waitFor();
    await page.getByTestId("services-table").getByRole("link", { name: "checkout" }).waitFor();
    await screenshot(page, "services-01-list");

    await page.getByRole("link", { name: "New service" }).click();
    await heading(page, "New service").waitFor();
    await page.getByLabel("Team").selectOption({ label: "payments" });
    const form = page.getByRole("form", { name: "Service settings" });
    await form.getByLabel("Name", { exact: true }).fill("billing");
    await form.getByLabel("Description").fill("Invoices and payouts");
    await form.getByLabel("Escalation policy").selectOption({ label: "payments-default" });
    await form.getByLabel("Urgency", { exact: true }).selectOption("high");
    await form.getByLabel("Time zone").fill("Europe/Berlin");

    // 25:00 is no time of day: the server names the window's end, and the form marks it.
    const to = form.getByLabel("To (window 1)");
    await to.fill("25:00");
    await form.getByRole("button", { name: "Create service" }).click();
    await expect.poll(() => to.getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator(`[id="${await to.getAttribute("aria-describedby")}"]`).textContent()).toMatch(/25:00/);
    expect(await page.locator(":focus").getAttribute("id")).toBe(await to.getAttribute("id"));
    expect(await page.locator('[aria-invalid="true"]').count()).toBe(1);
    await screenshot(page, "services-02-field-error");

    await to.fill("18:00");
    await form.getByLabel("Hold low-urgency alerts outside business hours").check();
    await form.getByRole("button", { name: "Create service" }).click();
    await heading(page, "Service billing").waitFor();
    await page.getByText("Service created. Add an integration key so monitors can reach it.").waitFor();
    billingPath = new URL(page.url()).pathname;

    // A generic key: shown once, with the full intake URL and copy buttons.
    const create = page.getByRole("form", { name: "New integration key" });
    await create.getByLabel("Key name").fill("scripts");
    await create.getByLabel("Type").selectOption("generic");
    await create.getByRole("button", { name: "Create key" }).click();
    const dialog = page.getByTestId("integration-key-dialog");
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain("it will not be shown again");
    const key = await dialog.getByLabel("Integration key", { exact: true }).inputValue();
    const url = await dialog.getByLabel("Intake URL", { exact: true }).inputValue();
    expect(key.length).toBeGreaterThanOrEqual(16);
    expect(url).toBe(`${rota.url}/api/v1/integrations/${key}/generic`);
    await dialog.getByRole("button", { name: "Copy Integration key" }).waitFor();
    await dialog.getByRole("button", { name: "Copy Intake URL" }).waitFor();
    await screenshot(page, "services-03-key-once");
    await dialog.getByRole("button", { name: "I have copied it" }).click();
    await dialog.waitFor({ state: "detached" });
    const keys = page.getByTestId("integrations-table");
    const scripts = keys.getByRole("row").filter({ hasText: "scripts" });
    await scripts.waitFor();
    expect(await scripts.textContent()).not.toContain(key);

    // The test form offers the key just created; the alert it sends shows up on the Alerts page.
    const test = page.getByRole("form", { name: "Send a test alert" });
    expect(await test.getByLabel("Integration key (generic)").inputValue()).toBe(key);
    await test.getByLabel("Summary").fill("billing smoke test");
    await test.getByRole("button", { name: "Send test alert" }).click();
    await test.getByText("Alert created.").waitFor();
    await screenshot(page, "services-04-test-alert-sent");

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Alerts" }).click();
    await heading(page, "Alerts").waitFor();
    const alertRow = page.getByTestId("alert-row").filter({ hasText: "billing smoke test" });
    await alertRow.waitFor();
    expect(await alertRow.textContent()).toContain("billing");
    expect(await alertRow.getByTestId("alert-status").textContent()).toBe("Triggered");
    await screenshot(page, "services-05-alert-on-list");

    // Once the page is left, the key is gone for good: only its prefix is listed.
    await page.goto(rota.url + billingPath);
    await heading(page, "Service billing").waitFor();
    await page.getByTestId("integrations-table").getByRole("row").filter({ hasText: "scripts" }).waitFor();
    expect(await page.getByRole("form", { name: "Send a test alert" }).getByLabel("Integration key (generic)").inputValue()).toBe("");
    expect(await page.content()).not.toContain(key);

    // Revoked, the key is refused at the intake; the form says so at the key.
    await page.getByRole("button", { name: "Revoke scripts" }).click();
    await page.getByRole("dialog", { name: "Revoke scripts?" }).getByRole("button", { name: "Revoke" }).click();
    await page.getByTestId("integrations-table").getByRole("row").filter({ hasText: "scripts" }).getByText(/^revoked /).waitFor();
    const retry = page.getByRole("form", { name: "Send a test alert" });
    await retry.getByLabel("Integration key (generic)").fill(key);
    await retry.getByRole("button", { name: "Send test alert" }).click();
    await expect.poll(() => retry.getByLabel("Integration key (generic)").getAttribute("aria-invalid")).toBe("true");
    expect(await retry.textContent()).toContain("unknown or revoked integration key");
    await screenshot(page, "services-06-revoked");

    expect(errors).toEqual([]);
    await page.close();
  });

  it("adds a maintenance window that suppresses pages, edits a setting, and removes the window", async () => {
    const page = await browser.newPage();
    const errors = trackErrors(page, EXPECTED);
    await signInAs(page, rota, seed.users.olga.email, seed.users.olga.password);
    await page.goto(`${rota.url}/services/${paging.serviceId}`);
    await heading(page, "Service checkout").waitFor();

    const add = page.getByRole("form", { name: "Add maintenance window" });
    await add.getByLabel("Reason (optional)").fill("database upgrade");
    await add.getByRole("button", { name: "Add window" }).click();
    const windows = page.getByRole("list", { name: "Maintenance windows" });
    await windows.getByText("database upgrade").waitFor();
    expect(await windows.textContent()).toContain("in progress");

    // An alert during maintenance is kept but marked suppressed, and pages nobody.
    const fired = await fireAlert(paging.url, { summary: "checkout latency during upgrade", severity: "critical" });
    await page.goto(`${rota.url}/alerts/${fired.alert_id}`);
    await heading(page, "checkout latency during upgrade").waitFor();
    await page.getByTestId("alert-facts").getByText("suppressed").waitFor();
    expect(await page.getByRole("button", { name: "Escalate now" }).isDisabled()).toBe(true);
    await page.getByText("Nobody has been paged for this alert.").waitFor();
    await screenshot(page, "services-07-suppressed-alert");

    await page.goto(`${rota.url}/services/${paging.serviceId}`);
    await heading(page, "Service checkout").waitFor();
    const form = page.getByRole("form", { name: "Service settings" });
    await form.getByLabel("Urgency", { exact: true }).selectOption("low");
    await form.getByRole("button", { name: "Save service" }).click();
    await page.getByText("Saved. This is version 2.").waitFor();
    const { service } = await seed.admin.call<{ service: { urgency: string; version: number } }>("GET", `/api/v1/services/${paging.serviceId}`);
    expect(service).toMatchObject({ urgency: "low", version: 2 });
    await screenshot(page, "services-08-maintenance-and-saved");

    await page.getByRole("list", { name: "Maintenance windows" }).getByRole("button", { name: /^Delete maintenance / }).click();
    await page.getByText("None planned.").waitFor();

    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows a plain member the service read-only", async () => {
    const page = await browser.newPage();
    const errors = trackErrors(page);
    await signInAs(page, rota, seed.users.dan.email, seed.users.dan.password);
    await page.goto(`${rota.url}/services/${paging.serviceId}`);
    await page.getByText("you are seeing it read-only").waitFor();
    expect(await page.getByRole("button", { name: "Save service" }).count()).toBe(0);
    expect(await page.getByRole("form", { name: "New integration key" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: /^Revoke / }).count()).toBe(0);
    expect(await page.getByRole("form", { name: "Add maintenance window" }).count()).toBe(0);
    expect(await page.getByRole("form", { name: "Service settings" }).getByLabel("Name", { exact: true }).isDisabled()).toBe(true);
    // Anyone can still send a test alert with a key they hold.
    await page.getByRole("form", { name: "Send a test alert" }).waitFor();
    await screenshot(page, "services-09-read-only");
    expect(errors).toEqual([]);
    await page.close();
  });
});

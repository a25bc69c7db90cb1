// A smoke check of the pages on `rota serve --demo`: the demo
// organisation's teams on Now, a schedule on the calendar, a team page and
// the schedule editor, and the paging pages (alerts with a month of
// history, services, policies, routing), with no console errors. The other browser tests
// populate their own server; this one only checks that the demo's data
// renders, so it asserts little about what the data is.

import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, signIn, startRota, trackErrors, type Browser, type RotaServer } from "./harness";

const heading = (page: Page, name: string | RegExp) => page.getByRole("heading", { level: 1, name, exact: typeof name === "string" });

describe("demo organisation", () => {
  let rota: RotaServer;
  let browser: Browser;

  beforeAll(async () => {
    rota = await startRota({ demo: true });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await rota?.stop();
  });

  it("shows the demo's on-call, calendar, team and editor", async () => {
    const page = await browser.newPage();
    const errors = trackErrors(page);
    // olga@example.com is a team admin of payments; every demo user has the printed password.
    await signIn(page, rota.url, "olga@example.com", rota.password);
    await heading(page, "Now").waitFor();

    const payments = page.getByRole("article", { name: "payments-oncall" });
    await payments.getByTestId("oncall-primary").waitFor();
    expect(await payments.getByTestId("oncall-shadow").count()).toBeLessThanOrEqual(1);
    expect(await page.getByTestId("oncall-schedule").count()).toBeGreaterThan(1);
    await screenshot(page, "demo-01-now");

    await payments.getByRole("link", { name: "payments-oncall" }).click();
    await heading(page, "Calendar").waitFor();
    await page.getByTestId("schedule-calendar").getByRole("button", { name: / · primary \(/ }).first().waitFor();
    await screenshot(page, "demo-02-calendar-week");
    await page.getByRole("tab", { name: "Month view" }).click();
    await page.getByTestId("schedule-calendar").getByRole("button", { name: / · secondary \(/ }).first().waitFor();
    await screenshot(page, "demo-03-calendar-month");
    await page.getByRole("tab", { name: "List view" }).click();
    await page.getByText(/ · shadow \(/).first().waitFor();
    await screenshot(page, "demo-04-calendar-list");

    await page.getByRole("link", { name: "Edit schedule" }).click();
    await heading(page, "Schedule payments-oncall").waitFor();
    await page.getByTestId("layer-primary-0").waitFor();
    await screenshot(page, "demo-05-editor");

    await page.getByRole("link", { name: "Back to team" }).click();
    await heading(page, "Team payments").waitFor();
    await page.getByRole("table").getByText("Olga Petrova").waitFor();
    await screenshot(page, "demo-06-team");

    expect(errors).toEqual([]);
    await page.close();
  });

  it("lets Dan see the same schedule without edit rights", async () => {
    const page = await browser.newPage();
    const errors = trackErrors(page);
    await page.context().clearCookies();
    await signIn(page, rota.url, "dan@example.com", rota.password);
    await heading(page, "Now").waitFor();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Calendar" }).click();
    await heading(page, "Calendar").waitFor();
    await page.getByLabel("Schedule").selectOption({ label: "payments-oncall" });
    await page.getByTestId("schedule-calendar").getByRole("button", { name: / · primary \(/ }).first().waitFor();
    expect(await page.getByRole("link", { name: "Edit schedule" }).count()).toBe(0);
    await screenshot(page, "demo-07-calendar-as-dan");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows the demo's alerts, services, policies and routing", async () => {
    const page = await browser.newPage();
    const errors = trackErrors(page);
    await page.context().clearCookies();
    await signIn(page, rota.url, "olga@example.com", rota.password);
    await heading(page, "Now").waitFor();
    const nav = page.getByRole("navigation", { name: "Main" });

    // The demo has open alerts among a month of history; the demo pages are only logged.
    await nav.getByRole("link", { name: "Alerts" }).click();
    await heading(page, "Alerts").waitFor();
    await page.getByTestId("paging-banner").waitFor();
    await page.getByTestId("alert-row").first().waitFor();
    expect(await page.getByTestId("alert-row").count()).toBeGreaterThanOrEqual(2);
    await screenshot(page, "demo-08-alerts-open");

    const triggered = page.getByTestId("alert-row").filter({ has: page.getByText("Triggered", { exact: true }) }).first();
    const summary = (await triggered.getByRole("link").textContent()) ?? "";
    await triggered.getByRole("link").click();
    await heading(page, summary).waitFor();
    await page.getByTestId("timeline-entry").first().waitFor();
    await page.getByTestId("pages-table").waitFor();
    await screenshot(page, "demo-09-alert");

    // The whole history: 50 at first, more on request.
    await page.getByRole("link", { name: "All alerts" }).click();
    await page.getByRole("form", { name: "Filter alerts" }).getByLabel("Status").selectOption("all");
    await expect.poll(() => page.getByTestId("alert-row").count()).toBe(50);
    await page.getByRole("button", { name: "Show more" }).click();
    await expect.poll(() => page.getByTestId("alert-row").count()).toBeGreaterThan(50);
    await screenshot(page, "demo-10-alerts-all");

    await nav.getByRole("link", { name: "Services" }).click();
    await heading(page, "Services").waitFor();
    const services = page.getByTestId("services-table");
    for (const name of ["checkout", "payments-api", "edge", "mobile-api"]) await services.getByRole("link", { name, exact: true }).waitFor();
    await screenshot(page, "demo-11-services");
    await services.getByRole("link", { name: "checkout", exact: true }).click();
    await heading(page, "Service checkout").waitFor();
    await page.getByTestId("integrations-table").waitFor();
    await screenshot(page, "demo-12-service");

    await nav.getByRole("link", { name: "Policies" }).click();
    await heading(page, "Policies").waitFor();
    await page.getByRole("link", { name: "payments-default" }).click();
    await heading(page, "Policy payments-default").waitFor();
    await page.getByRole("region", { name: "Step 1" }).waitFor();
    await screenshot(page, "demo-13-policy");

    await nav.getByRole("link", { name: "Routing" }).click();
    await heading(page, "Routing").waitFor();
    await page.getByRole("form", { name: "Routing rules" }).waitFor();
    await screenshot(page, "demo-14-routing");

    // Settings: the demo pages are only logged, so numbers cannot be verified there.
    await nav.getByRole("link", { name: "Settings" }).click();
    await heading(page, "Settings").waitFor();
    await page.getByRole("region", { name: "Contact methods" }).getByTestId("sms-disabled").waitFor();
    await page.getByRole("region", { name: "Contact methods" }).getByTestId("primary-phone").waitFor();
    await page.getByRole("form", { name: "Notification rules" }).waitFor();
    expect(await page.getByRole("region", { name: "Profile" }).getByLabel("Name").inputValue()).not.toBe("");
    await screenshot(page, "demo-15-settings");

    expect(errors).toEqual([]);
    await page.close();
  });
});

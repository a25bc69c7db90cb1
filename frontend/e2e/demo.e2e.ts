// A smoke check of the scheduling pages on `rota serve --demo`: the demo
// organisation's teams on Now, a schedule on the calendar, a team page and
// the schedule editor, with no console errors. The other browser tests
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
});

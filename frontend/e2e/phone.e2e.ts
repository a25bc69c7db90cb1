// Phone width end to end (390 × 844): the navigation folds behind Menu and
// fits; the Now page stacks without overlapping; the Alerts list shows
// each alert's summary and Acknowledge without sideways scrolling; the
// alert detail page works; the calendar opens as a list with a day view.
// Nothing on these pages scrolls the page sideways.

import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, signInAs, startRota, trackErrors, type Browser, type RotaServer } from "./harness";
import { fireAlert, seedPaging, seedPayments, type PagingSeed, type Seed } from "./seed";

const PHONE = { width: 390, height: 844 };

const heading = (page: Page, name: string) => page.getByRole("heading", { level: 1, name, exact: true });
const row = (page: Page, summary: string) => page.getByTestId("alert-row").filter({ has: page.getByRole("link", { name: summary, exact: true }) });


/** noSidewaysScroll checks that the page is no wider than the window. */
async function noSidewaysScroll(page: Page, where: string) {
  // The page's own globals; the tests are compiled without the DOM's types.
  const { scroll, client } = await page.evaluate(() => {
    const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
    return { scroll: root.scrollWidth, client: root.clientWidth };
  });
  expect(scroll, `${where}: the page is ${scroll}px wide in a ${client}px window`).toBeLessThanOrEqual(client);
}

/** inWindow checks that an element is shown whole within the window's width. */
async function inWindow(el: Locator, what: string) {
  const box = await el.boundingBox();
  expect(box, `${what} is not shown`).not.toBeNull();
  expect(box!.x, `${what} starts left of the window`).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, `${what} ends right of the window`).toBeLessThanOrEqual(PHONE.width);
}

/** noOverlap checks that no two of the elements' boxes overlap. */
async function noOverlap(els: Locator, what: string) {
  const boxes = [];
  for (const el of await els.all()) {
    const b = await el.boundingBox();
    if (b) boxes.push(b);
  }
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
      expect(overlap, `${what} ${i} and ${j} overlap`).toBe(false);
    }
  }
}

describe("phone width", () => {
  let rota: RotaServer;
  let seed: Seed;
  let paging: PagingSeed;
  let browser: Browser;
  let alertId: string;

  beforeAll(async () => {
    rota = await startRota();
    seed = await seedPayments(rota);
    paging = await seedPaging(seed);
    browser = await launchBrowser({ viewport: PHONE });
    alertId = (await fireAlert(paging.url, { summary: "checkout error rate above 5% on every region since the deploy", dedup_key: "errors", severity: "critical" })).alert_id!;
    await fireAlert(paging.url, { summary: "payments queue backing up", dedup_key: "queue", severity: "critical" });
    // Wait until the engine has paged someone for it.
    for (let tries = 0; ; tries++) {
      const { pages } = await seed.admin.call<{ pages: unknown[] }>("GET", `/api/v1/pages?alert_id=${alertId}`);
      if (pages.length > 0) break;
      if (tries > 100) throw new Error("nobody was paged for the alert");
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  afterAll(async () => {
    await browser?.close();
    await rota?.stop();
  });

  it("Now: the navigation folds behind Menu and fits; the page stacks without overlapping", async () => {
    const page = await browser.newPage();
    const errors = trackErrors(page);
    await signInAs(page, rota, seed.users.dina.email, seed.users.dina.password);
    await page.getByTestId("my-oncall").waitFor();
    await page.getByRole("article", { name: "payments-oncall" }).waitFor();
    await page.getByRole("region", { name: "Open alerts for you and your teams" }).getByTestId("my-alert").first().waitFor();

    // The navigation is folded: one Menu button in the header.
    const nav = page.getByRole("navigation", { name: "Main" });
    expect(await nav.isVisible()).toBe(false);
    const menu = page.getByRole("button", { name: "Menu" });
    await inWindow(menu, "Menu");
    await inWindow(page.getByRole("button", { name: "Sign out" }), "Sign out");
    await noSidewaysScroll(page, "Now");
    // The page's parts stack: none overlaps another.
    await noOverlap(page.locator(".now-layout__main > *, .now-layout__side"), "Now's panels");
    await noOverlap(page.getByRole("article", { name: "payments-oncall" }).locator(".oncall-row > *").first().locator("xpath=../*"), "an on-call row's parts");
    await screenshot(page, "phone-01-now");

    // Opened, every section fits the width.
    await menu.click();
    expect(await menu.getAttribute("aria-expanded")).toBe("true");
    for (const link of await nav.getByRole("link").all()) await inWindow(link, `the ${await link.textContent()} link`);
    await noSidewaysScroll(page, "Now with the menu open");
    await screenshot(page, "phone-02-menu");
    await nav.getByRole("link", { name: "Alerts", exact: true }).click();
    await heading(page, "Alerts").waitFor();
    expect(await nav.isVisible()).toBe(false);

    expect(errors).toEqual([]);
    await page.close();
  });

  it("Alerts: each alert's summary and Acknowledge show without sideways scrolling", async () => {
    const page = await browser.newPage();
    const errors = trackErrors(page);
    await signInAs(page, rota, seed.users.olga.email, seed.users.olga.password);
    await page.goto(`${rota.url}/alerts`);
    await heading(page, "Alerts").waitFor();
    const long = "checkout error rate above 5% on every region since the deploy";
    for (const summary of [long, "payments queue backing up"]) {
      const r = row(page, summary);
      await r.waitFor();
      await inWindow(r.getByRole("link", { name: summary, exact: true }), `the summary “${summary}”`);
      await inWindow(r.getByRole("button", { name: `Acknowledge ${summary}` }), `Acknowledge for “${summary}”`);
      await inWindow(r.getByTestId("alert-assignee"), `who has “${summary}”`);
    }
    await noSidewaysScroll(page, "Alerts");
    await screenshot(page, "phone-03-alerts");

    await row(page, "payments queue backing up").getByRole("button", { name: "Acknowledge payments queue backing up" }).click();
    await page.getByText("Acknowledged “payments queue backing up”.").waitFor();
    await expect.poll(() => row(page, "payments queue backing up").getByTestId("alert-status").textContent()).toBe("Acknowledged");
    await noSidewaysScroll(page, "Alerts after an acknowledgement");

    expect(errors).toEqual([]);
    await page.close();
  });

  it("alert detail: the actions, facts, timeline, a note and the pages fit the width", async () => {
    const page = await browser.newPage();
    const errors = trackErrors(page);
    await signInAs(page, rota, seed.users.olga.email, seed.users.olga.password);
    await page.goto(`${rota.url}/alerts/${alertId}`);
    await heading(page, "checkout error rate above 5% on every region since the deploy").waitFor();
    await page.getByTestId("pages-table").waitFor();
    for (const name of ["Acknowledge", "Resolve", "Escalate now"]) await inWindow(page.getByRole("button", { name, exact: true }), name);
    const note = page.getByRole("form", { name: "Add a note" });
    await inWindow(note.getByLabel("Note"), "the note field");
    await note.getByLabel("Note").fill("Rolling back the deploy.");
    await note.getByRole("button", { name: "Add note" }).click();
    await page.locator('[data-testid="timeline-entry"][data-kind="note"]').getByText("Rolling back the deploy.").waitFor();
    await page.getByRole("button", { name: "Acknowledge", exact: true }).click();
    expect(await page.getByTestId("alert-action-message").textContent()).toBe("Acknowledged: escalation stopped.");
    await noSidewaysScroll(page, "the alert page");
    await screenshot(page, "phone-04-alert-detail");

    expect(errors).toEqual([]);
    await page.close();
  });

  it("Calendar: opens as a list of shifts with a day view beside it, nothing wider than the window", async () => {
    const page = await browser.newPage();
    const errors = trackErrors(page);
    await signInAs(page, rota, seed.users.olga.email, seed.users.olga.password);
    await page.goto(`${rota.url}/calendar/${seed.scheduleId}`);
    const calendar = page.getByTestId("schedule-calendar");
    await calendar.waitFor();
    // The list view, not the week of columns: shifts are rows with names.
    const list = calendar.getByRole("tab", { name: "List view" });
    await list.waitFor();
    expect(await list.getAttribute("aria-selected")).toBe("true");
    expect(await calendar.getByRole("tab", { name: "Week view" }).count()).toBe(0);
    expect(await calendar.getByRole("tab", { name: "Day view" }).count()).toBe(1);
    await calendar.getByText("Dina Weber").first().waitFor();
    await inWindow(calendar, "the calendar");
    await noSidewaysScroll(page, "Calendar (list)");
    await screenshot(page, "phone-05-calendar-list");

    await calendar.getByRole("tab", { name: "Day view" }).click();
    await expect.poll(() => calendar.getByRole("tab", { name: "Day view" }).getAttribute("aria-selected")).toBe("true");
    await calendar.getByText(/Dina/).first().waitFor();
    await inWindow(calendar, "the calendar's day view");
    await noSidewaysScroll(page, "Calendar (day)");
    await screenshot(page, "phone-06-calendar-day");

    expect(errors).toEqual([]);
    await page.close();
  });

  it("Timeline: the chart and its table fit the window", async () => {
    const page = await browser.newPage();
    const errors = trackErrors(page);
    await signInAs(page, rota, seed.users.olga.email, seed.users.olga.password);
    await page.goto(`${rota.url}/schedules/${seed.scheduleId}/timeline`);
    const chart = page.getByTestId("timeline-chart");
    await chart.waitFor();
    await inWindow(chart, "the timeline chart");
    await page.getByText("The timeline as a table").click();
    await page.getByTestId("timeline-table").getByText("Primary · final").waitFor();
    await inWindow(page.getByTestId("timeline-table"), "the timeline table");
    await inWindow(page.getByRole("button", { name: "Next two weeks" }), "the range buttons");
    await noSidewaysScroll(page, "Timeline");
    await screenshot(page, "phone-07-timeline");
    expect(errors).toEqual([]);
    await page.close();
  });
});

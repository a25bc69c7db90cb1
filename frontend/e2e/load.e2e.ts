// The Load page end to end on a server populated through the API: a
// month of imported history (nightly pages to Olga) gives flags and
// charts; a team admin accepts Rota's proposal for a weekly rotation and
// the calendar shows its overrides; the shadowing learner is promoted.
//
// Every instant comes from the harness's clock, never the machine's.

import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, signIn, startRota, trackErrors, type Browser, type RotaServer } from "./harness";
import { seedPayments, type Seed } from "./seed";

const ZONE = "Europe/Berlin";
const DAY = 24 * 3600 * 1000;

const heading = (page: Page, name: string) => page.getByRole("heading", { level: 1, name, exact: true });

/** berlinMonth is the year and month (1–12) that the schedule's zone is in at an instant. */
function berlinMonth(d: Date): number {
  const parts = new Intl.DateTimeFormat("en-US", { year: "numeric", month: "numeric", timeZone: ZONE }).formatToParts(d);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return get("year") * 12 + get("month");
}

/**
 * history is four weeks of pages before now: the nightly batch job pages
 * Olga at 02:30 UTC on 20 nights, Dina gets business-hours pages and Dan
 * an evening one now and then.
 */
function history(now: Date): string {
  const rows = ["at,email,alert,channel"];
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  for (let d = 27; d >= 1; d--) {
    const day = midnight - d * DAY;
    if (d <= 20) {
      rows.push(`${new Date(day + 2.5 * 3600 * 1000).toISOString()},olga@example.com,batch-${d},sms`);
      rows.push(`${new Date(day + 2.5 * 3600 * 1000 + 120_000).toISOString()},olga@example.com,batch-${d},voice`);
    }
    if (d % 3 === 0) rows.push(`${new Date(day + 10 * 3600 * 1000).toISOString()},dina@example.com,api-${d},sms`);
    if (d % 5 === 0) rows.push(`${new Date(day + 23 * 3600 * 1000).toISOString()},dan@example.com,queue-${d},push`);
  }
  return rows.join("\n") + "\n";
}

/** signInAs starts a fresh session as Olga, the team admin (the browser profile may hold another). */
async function signInAs(page: Page, rota: RotaServer, seed: Seed) {
  await page.context().clearCookies();
  await signIn(page, rota.url, seed.users.olga.email, seed.users.olga.password);
  await heading(page, "Now").waitFor();
}

describe("the Load page", () => {
  let rota: RotaServer;
  let seed: Seed;
  let browser: Browser;
  let rotaId = "";

  beforeAll(async () => {
    rota = await startRota();
    seed = await seedPayments(rota);
    const { users, teamId, admin } = seed;
    // A weekly rotation of three to even out.
    const { schedule } = await admin.call<{ schedule: { id: string } }>("POST", `/api/v1/teams/${teamId}/schedules`, {
      name: "load-rota",
      time_zone: ZONE,
      tiers: { primary: [{ name: "weekly", participants: [users.olga.id, users.dina.id, users.dan.id], start: "2026-01-05T09:00", shift: "1w", coverage: [] }] },
    });
    rotaId = schedule.id;
    const res = await fetch(`${rota.url}/api/v1/load/imports?team=payments`, {
      method: "POST",
      headers: { "Content-Type": "text/csv", Authorization: (await bearer(seed)).header },
      body: history(rota.clock.now()),
    });
    if (res.status !== 201) throw new Error(`import: ${res.status} ${await res.text()}`);
    browser = await launchBrowser({ clock: rota.clock });
  });

  afterAll(async () => {
    await browser?.close();
    await rota?.stop();
  });

  it("shows the flags first, the bars by band, the heat map and the trend", async () => {
    const page = await browser.newPage();
    const errors = trackErrors(page);
    await signInAs(page, rota, seed);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Load" }).click();
    await heading(page, "Load").waitFor();

    const flags = page.getByTestId("load-flags");
    const sleep = flags.locator('[data-code="sleep_interruptions"]');
    await sleep.first().waitFor();
    expect(await sleep.first().textContent()).toMatch(/Olga Petrova: \d+ sleep-hour interruptions between .* \(limit 2\)/);
    await flags.locator('[data-code="small_rotation"]').waitFor();
    expect(await page.getByTestId("load-fairness").textContent()).toMatch(/Fairness 0\.\d\d/);

    // The charts are drawn by Chart.js on canvases, with the figures in a table.
    for (const id of ["load-bars", "load-trend"]) {
      const canvas = page.getByTestId(id);
      await canvas.waitFor();
      const size = await canvas.evaluate((c) => ({ w: (c as unknown as { width: number }).width, h: (c as unknown as { height: number }).height }));
      expect(size.w).toBeGreaterThan(0);
      expect(size.h).toBeGreaterThan(0);
    }
    const olga = page.getByTestId("load-engineer").filter({ hasText: "Olga Petrova" });
    const cells = await olga.locator("td").allTextContents();
    // Pages, interruptions, business, off hours, sleep: 40 pages, 20 sleep-hour interruptions.
    expect(cells.slice(0, 5)).toEqual(["40", "20", "0", "0", "20"]);
    // 02:30 UTC is 03:30 in Berlin in winter (04:30 in summer): the hottest cells are at night.
    const hot = page.getByTestId("load-heatmap").locator(".load-heat__cell--4");
    expect(await hot.count()).toBeGreaterThan(0);
    const titles = await hot.evaluateAll((cs) => cs.map((c) => c.getAttribute("title") ?? ""));
    for (const t of titles) expect(t).toMatch(/ 0[34]:00 — /);
    await screenshot(page, "load-01-page");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("lets a team admin accept a proposal, which the calendar shows", async () => {
    const page = await browser.newPage();
    const errors = trackErrors(page);
    await signInAs(page, rota, seed);
    await page.goto(`${rota.url}/load`);
    const card = page.getByRole("article", { name: "Proposal for load-rota" });
    await card.waitFor();
    const fairness = (await card.getByTestId("load-proposal-fairness").textContent()) ?? "";
    const [before, after] = (fairness.match(/[\d.]+/g) ?? []).map(Number);
    expect(after).toBeLessThanOrEqual(before!);
    await screenshot(page, "load-02-proposal");
    await card.getByRole("button", { name: "Accept proposal for load-rota" }).click();
    const done = page.getByTestId("load-proposals").getByRole("status");
    await done.waitFor();
    expect(await done.textContent()).toMatch(/^Accepted: \d+ overrides? added to load-rota\.$/);

    // The overrides are the schedule's now, with the audit log saying so.
    const { overrides } = await seed.admin.call<{ overrides: { user_id: string; tier: string; start: string }[] }>(
      "GET",
      `/api/v1/schedules/${rotaId}/overrides`,
    );
    expect(overrides.length).toBeGreaterThan(0);
    const { entries } = await seed.admin.call<{ entries: { entity: string; action: string }[] }>("GET", `/api/v1/schedules/${rotaId}/audit`);
    expect(entries[0]).toMatchObject({ entity: "load_proposal", action: "accepted" });

    // The calendar shows the first of them.
    const first = overrides.slice().sort((a, b) => a.start.localeCompare(b.start))[0]!;
    const who = Object.values(seed.users).find((u) => u.id === first.user_id)!;
    await page.goto(`${rota.url}/calendar/${rotaId}`);
    await heading(page, "Calendar").waitFor();
    await page.getByRole("tab", { name: "Month view" }).click();
    await page.getByRole("button", { name: "Next Month" }).waitFor();
    if (berlinMonth(new Date(first.start)) > berlinMonth(rota.clock.now())) await page.getByRole("button", { name: "Next Month" }).click();
    await page
      .getByTestId("schedule-calendar")
      .getByRole("button", { name: `${who.name} · ${first.tier} (override)` })
      .first()
      .waitFor();
    await screenshot(page, "load-03-calendar");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("lets a team admin promote the learner", async () => {
    const page = await browser.newPage();
    const errors = trackErrors(page);
    await signInAs(page, rota, seed);
    await page.goto(`${rota.url}/load`);
    const nia = page.getByTestId("load-learner").filter({ hasText: "Nia Okafor" });
    await nia.waitFor();
    expect(await nia.textContent()).toMatch(/shadow on payments-oncall/);
    await nia.getByRole("button", { name: "Promote Nia Okafor to dev-business-hours" }).click();
    await expect.poll(async () => (await nia.textContent()) ?? "").toMatch(/business hours on payments-oncall/);
    const { schedule } = await seed.admin.call<{ schedule: { tiers: { primary: { name: string; participants: string[] }[] } } }>(
      "GET",
      `/api/v1/schedules/${seed.scheduleId}`,
    );
    expect(schedule.tiers.primary.find((l) => l.name === "dev-business-hours")?.participants).toContain(seed.users.nia.id);
    await screenshot(page, "load-04-promoted");
    expect(errors).toEqual([]);
    await page.close();
  });
});

/** bearer makes an API token for the seed's admin session, for a raw (CSV) request. */
async function bearer(seed: Seed): Promise<{ header: string }> {
  const { secret } = await seed.admin.call<{ secret: string }>("POST", "/api/v1/me/tokens", { name: "e2e import" });
  return { header: `Bearer ${secret}` };
}

describe("the Load page of the demo organisation", () => {
  let rota: RotaServer;
  let browser: Browser;

  beforeAll(async () => {
    rota = await startRota({ demo: true });
    browser = await launchBrowser({ clock: rota.clock });
  });

  afterAll(async () => {
    await browser?.close();
    await rota?.stop();
  });

  it("shows the imported quarter: flags, bars, heat map and a 13-week trend", async () => {
    const page = await browser.newPage();
    const errors = trackErrors(page);
    await signIn(page, rota.url, "olga@example.com", rota.password);
    await heading(page, "Now").waitFor();
    await page.goto(`${rota.url}/load`);
    await heading(page, "Load").waitFor();
    // Olga's own team opens first.
    await expect.poll(async () => page.locator("#load-team").evaluate((s) => (s as unknown as { selectedOptions: { text: string }[] }).selectedOptions[0]?.text)).toBe("payments");
    await page.getByLabel("Period").selectOption({ label: "Last 13 weeks" });
    await page.getByTestId("load-flags").locator('[data-code="sleep_interruptions"]').first().waitFor();
    await page.getByTestId("load-bars").waitFor();
    await page.getByTestId("load-trend").waitFor();
    expect(await page.getByTestId("load-heatmap").locator(".load-heat__cell--4").count()).toBeGreaterThan(0);
    // Dan, paged from New York for Berlin's business hours and nights: the quarter's most paged.
    const dan = page.getByTestId("load-engineer").filter({ hasText: "Dan Miller" });
    await expect.poll(async () => Number((await dan.locator("td").allTextContents())[0] ?? 0), { timeout: 15_000 }).toBeGreaterThan(50);
    await screenshot(page, "load-05-demo");
    expect(errors).toEqual([]);
    await page.close();
  });
});

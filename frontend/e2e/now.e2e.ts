// The Now page end to end: who is on call per tier with their discipline and
// handoff, a coverage gap flagged, the viewer's pending swaps with their
// actions, and the minute refresh.

import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, signIn, startRota, trackErrors, type Browser, type RotaServer } from "./harness";
import { ApiSession, seedPayments, type Seed } from "./seed";

const heading = (page: Page, name: string) => page.getByRole("heading", { level: 1, name, exact: true });

interface ShiftDTO {
  tier: string;
  user_id: string;
  start: string;
  end: string;
}

interface SwapDTO {
  id: string;
  state: string;
}

describe("now", () => {
  let rota: RotaServer;
  let seed: Seed;
  let browser: Browser;

  beforeAll(async () => {
    rota = await startRota();
    seed = await seedPayments(rota);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await rota?.stop();
  });

  /** shiftsOf finds someone's primary shifts between one and three weeks from now. */
  async function shiftsOf(userId: string): Promise<ShiftDTO[]> {
    const now = rota.clock.now().getTime();
    const from = new Date(now + 7 * 86_400_000).toISOString().replace(/\.\d+Z$/, "Z");
    const to = new Date(now + 21 * 86_400_000).toISOString().replace(/\.\d+Z$/, "Z");
    const res = await seed.admin.call<{ shifts: ShiftDTO[] }>(
      "GET",
      `/api/v1/schedules/${seed.scheduleId}/shifts?tier=primary&from=${from}&to=${to}`,
    );
    return res.shifts.filter((s) => s.user_id === userId);
  }

  it("shows who is on call per tier, a coverage gap, and my swaps with their actions", async () => {
    // Dan asks Olga to take two of his shifts; Olga asks Dan to take one of hers.
    const dan = await ApiSession.signIn(rota.url, seed.users.dan.email, seed.users.dan.password);
    const olgaApi = await ApiSession.signIn(rota.url, seed.users.olga.email, seed.users.olga.password);
    const [d1, d2] = await shiftsOf(seed.users.dan.id);
    const [o1] = await shiftsOf(seed.users.olga.id);
    if (!d1 || !d2 || !o1) throw new Error("the seed gave too few shifts");
    const ask = (api: ApiSession, s: ShiftDTO, target: string, message: string) =>
      api.call<{ swap: SwapDTO }>("POST", `/api/v1/schedules/${seed.scheduleId}/swaps`, {
        tier: "primary",
        target_id: target,
        start: s.start,
        end: s.end,
        message,
      });
    const first = (await ask(dan, d1, seed.users.olga.id, "Conference talk")).swap;
    const second = (await ask(dan, d2, seed.users.olga.id, "Moving house")).swap;
    const mine = (await ask(olgaApi, o1, seed.users.dan.id, "Family visit")).swap;

    const page = await browser.newPage();
    const errors = trackErrors(page);
    // The page runs on the harness's clock, which the test can move a
    // minute on without waiting for it.
    await signIn(page, rota.url, seed.users.olga.email, seed.users.olga.password);
    await heading(page, "Now").waitFor();

    // payments-oncall: every tier with its engineer, discipline and handoff.
    const card = page.getByRole("article", { name: "payments-oncall" });
    await card.waitFor();
    const secondary = card.getByTestId("oncall-secondary");
    // Dina is alone in the secondary rotation: she hands off to nobody.
    expect(await secondary.textContent()).toMatch(/Dina Weber.*dev.*no upcoming handoff.*current turn ends/);
    const shadow = card.getByTestId("oncall-shadow");
    expect(await shadow.textContent()).toMatch(/Nia Okafor.*dev.*shadowing/);
    const primary = card.getByTestId("oncall-primary");
    expect(await primary.textContent()).toMatch(/(Olga Petrova.*ops|Dan Miller.*dev|Dina Weber.*dev)/);
    expect(await primary.textContent()).toMatch(/via (ops-24x7|dev-business-hours)/);
    expect(await primary.textContent()).toMatch(/until .*\(in \d/);
    // Times are in the viewer's zone (the browser runs in UTC here).
    expect(await page.getByText("times in your zone (UTC)").isVisible()).toBe(true);

    // weekly-drill covers one day a week, never today: a gap, flagged.
    const drill = page.getByRole("article", { name: "weekly-drill" });
    expect(await drill.getByTestId("gap-primary").textContent()).toMatch(/Coverage gap: nobody is on call for the primary tier/);

    // My swaps: two asked of Olga, one she asked.
    const swaps = page.getByRole("region", { name: "My swaps" });
    await swaps.getByTestId("swap").nth(2).waitFor();
    expect(await swaps.getByTestId("swap").count()).toBe(3);
    const talk = swaps.getByTestId("swap").filter({ hasText: "Conference talk" });
    expect(await talk.textContent()).toMatch(/Dan Miller asks you to take.*primary.*on payments-oncall/);
    const visit = swaps.getByTestId("swap").filter({ hasText: "Family visit" });
    expect(await visit.textContent()).toMatch(/You asked Dan Miller to take/);
    expect(await visit.getByRole("button", { name: "Accept" }).count()).toBe(0);
    await screenshot(page, "now-01-on-call-and-swaps");

    // Decline one asked of me, cancel my own.
    await talk.getByRole("button", { name: "Decline" }).click();
    await talk.waitFor({ state: "detached" });
    await visit.getByRole("button", { name: "Cancel request" }).click();
    await visit.waitFor({ state: "detached" });
    expect(await swaps.getByTestId("swap").count()).toBe(1);
    const states = async () => {
      const { swaps: all } = await seed.admin.call<{ swaps: SwapDTO[] }>("GET", `/api/v1/swaps?schedule_id=${seed.scheduleId}`);
      return Object.fromEntries(all.map((s) => [s.id, s.state]));
    };
    expect(await states()).toEqual({ [first.id]: "declined", [second.id]: "requested", [mine.id]: "cancelled" });
    await screenshot(page, "now-02-after-decline-and-cancel");

    // A minute later the page asks again who is on call.
    const refreshed = page.waitForRequest((r) => r.url().endsWith("/api/v1/oncall"));
    await page.clock.fastForward(60_000);
    await refreshed;

    expect(errors).toEqual([]);
    await page.close();
  });
});

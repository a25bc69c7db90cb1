// The schedule timeline end to end: each layer on its own row over two
// weeks, the final schedule per tier with overrides and gaps, the warnings,
// moving two weeks on, and the editor's live preview that warns before
// anything is saved.
//
// The day is the harness's (Wednesday 2027-01-13, 09:30 UTC): the view
// starts at midnight in Berlin, the schedule's zone. In the seeded
// payments schedule Dina has the one-person secondary all the time and the
// dev business-hours primary on alternate weekdays, so she is on call for
// two tiers at once — the warning the page must show.

import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, signInAs, startRota, trackErrors, type Browser, type RotaServer } from "./harness";
import { seedPayments, type Seed } from "./seed";

const heading = (page: Page, name: string) => page.getByRole("heading", { level: 1, name, exact: true });


/** rowTexts reads the timeline's table: each row's label and the bars on it. */
async function rowTexts(page: Page, scope = page.getByTestId("schedule-timeline")): Promise<Record<string, string>> {
  const table = scope.getByTestId("timeline-table");
  const out: Record<string, string> = {};
  for (const tr of await table.locator("tbody tr").all()) {
    out[(await tr.locator("th").innerText()).trim()] = (await tr.locator("td").innerText()).trim();
  }
  return out;
}

describe("schedule timeline", () => {
  let rota: RotaServer;
  let seed: Seed;
  let browser: Browser;

  beforeAll(async () => {
    rota = await startRota();
    seed = await seedPayments(rota);
    browser = await launchBrowser();
    // Dan covers Thursday evening, 19:00–21:00 Berlin.
    await seed.admin.call("POST", `/api/v1/schedules/${seed.scheduleId}/overrides`, {
      tier: "primary",
      user_id: seed.users.dan.id,
      start: "2027-01-14T18:00:00Z",
      end: "2027-01-14T20:00:00Z",
    });
  });

  afterAll(async () => {
    await browser?.close();
    await rota?.stop();
  });

  it("draws each layer, the final schedule per tier with the override, and the warnings, two weeks at a time", async () => {
    const page = await browser.newPage();
    const errors = trackErrors(page);
    await signInAs(page, rota, seed.users.dan.email, seed.users.dan.password);
    await page.goto(`${rota.url}/calendar/${seed.scheduleId}`);
    await heading(page, "Calendar").waitFor();
    await page.getByRole("link", { name: "Timeline", exact: true }).click();
    await heading(page, "Timeline · payments-oncall").waitFor();

    const chart = page.getByTestId("timeline-chart");
    await chart.waitFor();
    expect(await chart.getAttribute("role")).toBe("img");
    const box = await chart.boundingBox();
    expect(box && box.width > 300 && box.height > 200).toBe(true);
    await expect.poll(() => page.getByTestId("timeline-range").innerText()).toMatch(/Wed, Jan 13, 00:00 – Wed, Jan 27, 00:00/);

    await page.getByText("The timeline as a table").click();
    const rows = await rowTexts(page);
    expect(Object.keys(rows)).toEqual([
      "Primary · ops-24x7",
      "Primary · dev-business-hours",
      "Primary · final",
      "Secondary · dev-secondary",
      "Secondary · final",
      "Shadow · learners",
      "Shadow · final",
    ]);
    // A layer's row is that layer alone: Olga's 24×7 row has only Olga,
    // the business-hours row only Dan and Dina, weekdays 09:00–17:00.
    expect(rows["Primary · ops-24x7"]).toContain("Olga Petrova");
    expect(rows["Primary · ops-24x7"]).not.toMatch(/Dan Miller|Dina Weber/);
    expect(rows["Primary · dev-business-hours"]).toMatch(/Dan Miller: Thu, Jan 14, 09:00 – 17:00/);
    expect(rows["Primary · dev-business-hours"]).not.toMatch(/Sat, Jan 16/);
    // The final row has the override on top; the layers do not.
    expect(rows["Primary · final"]).toContain("Dan Miller (override): Thu, Jan 14, 19:00 – 21:00");
    expect(rows["Primary · ops-24x7"]).not.toContain("override");

    const warnings = page.getByTestId("timeline-warnings");
    await expect.poll(() => warnings.innerText()).toMatch(/Dina Weber is on call for primary and secondary at the same time/);
    await screenshot(page, "timeline-01-view");

    await page.getByRole("button", { name: "Next two weeks" }).click();
    await expect.poll(() => page.getByTestId("timeline-range").innerText()).toMatch(/Wed, Jan 27, 00:00 – Wed, Feb 10, 00:00/);
    await expect.poll(async () => (await rowTexts(page))["Primary · final"] ?? "").not.toContain("(override)");
    await page.getByRole("button", { name: "From today" }).click();
    await expect.poll(async () => (await rowTexts(page))["Primary · final"] ?? "").toContain("(override)");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("previews an edit live, with its warning, before anything is saved", async () => {
    const page = await browser.newPage();
    const errors = trackErrors(page);
    await signInAs(page, rota, seed.users.olga.email, seed.users.olga.password);
    await page.goto(`${rota.url}/teams/${seed.teamId}/schedules/${seed.scheduleId}`);
    await heading(page, "Schedule payments-oncall").waitFor();
    const preview = page.getByTestId("schedule-preview");
    await preview.getByTestId("timeline-chart").waitFor();
    await expect.poll(() => preview.getByTestId("timeline-warnings").innerText()).toMatch(/Dina Weber is on call for primary and secondary/);
    expect(await preview.getByTestId("timeline-warnings").innerText()).not.toMatch(/starts in the past/);

    // Restart the secondary rotation last Sunday: the days before it now
    // read as nobody on call, and the preview says so at once.
    const layer = page.getByRole("region", { name: /^secondary layer 1/ });
    await layer.getByLabel("Rotation start (schedule’s zone)").fill("2027-01-10T09:00");
    await expect
      .poll(() => preview.getByTestId("timeline-warnings").innerText())
      .toMatch(/layer "dev-secondary" starts in the past \(Sun 10 Jan 09:00\), and secondary had nobody on call/);
    // "Show" takes the editor to the layer at fault.
    await preview.locator('[data-code="past_start_gap"]').getByRole("button", { name: "Show" }).click();
    await expect.poll(() => layer.locator("input:focus").getAttribute("type")).toBe("datetime-local");
    await screenshot(page, "timeline-02-editor-preview");

    // Nothing was saved.
    const { schedule } = await seed.admin.call<{ schedule: { version: number; tiers: { secondary: { start: string }[] } } }>("GET", `/api/v1/schedules/${seed.scheduleId}`);
    expect(schedule.tiers.secondary[0]!.start).toBe("2026-01-05T09:00");
    expect(errors).toEqual([]);
    await page.close();
  });
});

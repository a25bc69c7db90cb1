// Daily use end to end, at desktop width: the Now page is personal (on
// call until when, the next shift, the open alerts paged to you or your
// team with Acknowledge, the swaps waiting on you, who is on call per
// team); a policy shows who would be paged now at each step and which
// services use it; the alert list says who has each alert and who was
// paged, resolved rows carry no greyed-out controls, and notes go on an
// alert's timeline.
//
// The day is the harness's: Wednesday 2027-01-13, 09:30 UTC (10:30 in
// Berlin). Dina holds the dev business-hours primary today until 17:00
// Berlin (16:00 UTC) and the one-person secondary throughout; Dan's next
// business-hours day is Thursday. The browser shows times in UTC.

import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, signInAs, startRota, trackErrors, type Browser, type RotaServer } from "./harness";
import { ApiSession, fireAlert, seedPaging, seedPayments, type PagingSeed, type Seed } from "./seed";

const heading = (page: Page, name: string) => page.getByRole("heading", { level: 1, name, exact: true });
const row = (page: Page, summary: string) => page.getByTestId("alert-row").filter({ has: page.getByRole("link", { name: summary, exact: true }) });


interface ShiftDTO {
  tier: string;
  user_id: string;
  start: string;
  end: string;
}

describe("daily use", () => {
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

  /** pagedFor waits until the engine has paged the user for the alert. */
  async function pagedFor(alertId: string, userId: string) {
    await expect
      .poll(async () => (await seed.admin.call<{ pages: { user_id: string }[] }>("GET", `/api/v1/pages?alert_id=${alertId}`)).pages.some((p) => p.user_id === userId), {
        timeout: 10_000,
      })
      .toBe(true);
  }

  it("Now says I am on call until when, my next shift, my alerts with Acknowledge, my swaps and who is on call", async () => {
    // Dan asks Dina to take his Thursday.
    const dan = await ApiSession.signIn(rota.url, seed.users.dan.email, seed.users.dan.password);
    const from = rota.clock.now().toISOString().replace(/\.\d+Z$/, "Z");
    const to = new Date(rota.clock.now().getTime() + 7 * 86_400_000).toISOString().replace(/\.\d+Z$/, "Z");
    const { shifts } = await seed.admin.call<{ shifts: ShiftDTO[] }>("GET", `/api/v1/schedules/${seed.scheduleId}/shifts?tier=primary&from=${from}&to=${to}`);
    const thursday = shifts.find((s) => s.user_id === seed.users.dan.id);
    if (!thursday) throw new Error("Dan has no primary shift this week");
    expect(thursday.start).toBe("2027-01-14T08:00:00Z");
    await dan.call("POST", `/api/v1/schedules/${seed.scheduleId}/swaps`, { tier: "primary", target_id: seed.users.dina.id, start: thursday.start, end: thursday.end, message: "Dentist" });
    // An alert pages Dina (primary now) and Nia (shadow).
    const fired = await fireAlert(paging.url, { summary: "checkout latency above 2 s", dedup_key: "latency", severity: "critical" });
    await pagedFor(fired.alert_id!, seed.users.dina.id);

    const page = await browser.newPage();
    const errors = trackErrors(page);
    await signInAs(page, rota, seed.users.dina.email, seed.users.dina.password);
    const me = page.getByTestId("my-oncall");
    await me.waitFor();
    const now = me.getByTestId("my-oncall-now");
    await now.first().waitFor();
    const lines = await now.allTextContents();
    expect(lines.some((l) => l.startsWith("You are on call (primary, payments) until Wed 16:00"))).toBe(true);
    expect(lines.some((l) => l.startsWith("You are on call (secondary, payments) with no handoff in the next 60 days"))).toBe(true);

    // My alerts: paged to me, with Acknowledge.
    const mine = page.getByRole("region", { name: "Open alerts for you and your teams" });
    const item = mine.getByTestId("my-alert").filter({ hasText: "checkout latency above 2 s" });
    await item.waitFor();
    expect(await item.textContent()).toMatch(/paged you/);
    expect(await item.textContent()).toMatch(/Nia Okafor \(shadow\)/);

    // The swap Dan asked of me, and who is on call in each team.
    const swaps = page.getByRole("region", { name: "My swaps" });
    await swaps.getByTestId("swap").filter({ hasText: "Dentist" }).waitFor();
    await expect.poll(async () => swaps.getByTestId("swap").first().textContent()).toMatch(/Dan Miller asks you to take.*primary/);
    const card = page.getByRole("article", { name: "payments-oncall" });
    expect(await card.getByTestId("oncall-primary").textContent()).toMatch(/Dina Weber/);
    await screenshot(page, "daily-01-now");

    await item.getByRole("button", { name: "Acknowledge checkout latency above 2 s" }).click();
    await mine.getByText("Acknowledged “checkout latency above 2 s”.").waitFor();
    expect((await seed.admin.call<{ alert: { status: string; acked_by: string } }>("GET", `/api/v1/alerts/${fired.alert_id}`)).alert).toMatchObject({
      status: "acknowledged",
      acked_by: seed.users.dina.id,
    });
    await expect.poll(() => item.getByRole("button").count()).toBe(0);

    // Dan is not on call now; his next shift is Thursday's business hours.
    await signInAs(page, rota, seed.users.dan.email, seed.users.dan.password);
    await page.getByTestId("my-oncall").getByText("You are not on call right now.").waitFor();
    expect(await page.getByTestId("my-oncall-next").textContent()).toMatch(/^Your next shift: primary, payments, Thu 08:00 – 16:00/);
    await screenshot(page, "daily-02-now-off-call");

    expect(errors).toEqual([]);
    await page.close();
  });

  it("a policy shows who each step would page now and the services using it", async () => {
    const page = await browser.newPage();
    const errors = trackErrors(page);
    await signInAs(page, rota, seed.users.dan.email, seed.users.dan.password);
    await page.goto(`${rota.url}/policies/${paging.policyId}`);
    await heading(page, "Policy payments-default").waitFor();
    const preview = page.getByTestId("policy-preview");
    const steps = preview.getByTestId("preview-step");
    await steps.nth(2).waitFor();
    expect(await steps.nth(0).textContent()).toMatch(/^Step 1 \(at once\): Dina Weber via schedule payments-oncall primary, Nia Okafor \(shadow copy\)/);
    expect(await steps.nth(1).textContent()).toMatch(/^Step 2 \(after 5m\): Dina Weber via schedule payments-oncall secondary/);
    expect(await steps.nth(2).textContent()).toMatch(/^Step 3 \(after 15m\): Olga Petrova via named in the policy/);
    const services = preview.getByTestId("policy-services");
    expect(await services.getByRole("link", { name: "checkout" }).getAttribute("href")).toBe(`/services/${paging.serviceId}`);
    await screenshot(page, "daily-03-policy-preview");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the alert list says who has each alert, resolved rows have no controls, and notes go on the timeline", async () => {
    const fired = await fireAlert(paging.url, { summary: "card declines spiking", dedup_key: "declines", severity: "critical" });
    await pagedFor(fired.alert_id!, seed.users.dina.id);
    const page = await browser.newPage();
    const errors = trackErrors(page);
    await signInAs(page, rota, seed.users.olga.email, seed.users.olga.password);
    await page.goto(`${rota.url}/alerts`);
    await heading(page, "Alerts").waitFor();
    // Wait for the list: isVisible does not wait, and the table renders after its fetch.
    await page.getByRole("columnheader", { name: "Assigned to / paged" }).waitFor();
    const declines = row(page, "card declines spiking");
    await expect.poll(() => declines.getByTestId("alert-assignee").textContent()).toBe("paged Dina Weber, Nia Okafor (shadow)");
    // Acknowledged earlier by Dina: the column says so.
    expect(await row(page, "checkout latency above 2 s").getByTestId("alert-assignee").textContent()).toMatch(/^Acknowledged by Dina Weber/);
    expect(await row(page, "checkout latency above 2 s").getByRole("button", { name: /Acknowledge/ }).count()).toBe(0);

    // Open the alert, write a note, resolve it, write another.
    await declines.getByRole("link", { name: "card declines spiking" }).click();
    await heading(page, "card declines spiking").waitFor();
    const note = page.getByRole("form", { name: "Add a note" });
    await note.getByLabel("Note").fill("Processor status page says degraded in EU.");
    await note.getByRole("button", { name: "Add note" }).click();
    const notes = page.locator('[data-testid="timeline-entry"][data-kind="note"]');
    await notes.first().waitFor();
    expect(await notes.first().textContent()).toMatch(/Processor status page says degraded in EU\..*Olga Petrova/);
    await page.getByRole("button", { name: "Resolve" }).click();
    await page.getByTestId("alert-resolved-note").waitFor();
    expect(await page.getByRole("group", { name: "Alert actions" }).count()).toBe(0);
    await note.getByLabel("Note").fill("Recovered after the processor's fix.");
    await note.getByRole("button", { name: "Add note" }).click();
    await expect.poll(() => notes.count()).toBe(2);
    await screenshot(page, "daily-04-alert-notes");

    // The resolved list: no greyed-out buttons or checkboxes in the rows.
    await page.goto(`${rota.url}/alerts?status=resolved`);
    await heading(page, "Alerts").waitFor();
    const resolved = row(page, "card declines spiking");
    await resolved.waitFor();
    expect(await resolved.getByTestId("alert-assignee").textContent()).toMatch(/^Resolved by Olga Petrova/);
    expect(await resolved.getByRole("button").count()).toBe(0);
    expect(await resolved.getByRole("checkbox").count()).toBe(0);
    expect(await page.locator("[data-testid=alert-row] :disabled").count()).toBe(0);
    await screenshot(page, "daily-05-resolved-list");

    expect(errors).toEqual([]);
    await page.close();
  });
});

// Settings → PagerDuty end to end: the real server reaches a fake PagerDuty
// (cmd/fake-pagerduty, pdfake with its fixture organisation) over HTTP, the
// way it would reach PagerDuty. An admin connects with a refused token and
// then the right one, previews an import (the plan, what is skipped, each
// schedule's faithfulness), applies it, and sees the teams it made and the
// last sync; a second import changes nothing.

import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, signIn, startFakePagerDuty, startRota, trackErrors, type Browser, type FakePagerDuty, type RotaServer } from "./harness";

const heading = (page: Page, name: string) => page.getByRole("heading", { level: 1, name, exact: true });
const panel = (page: Page, name: string) => page.getByRole("region", { name, exact: true });
const nav = (page: Page, name: string) => page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });

/** Chromium logs the 400 of the refused token as a console error. */
const EXPECTED_4XX = [/Failed to load resource: the server responded with a status of 400\b/];

describe("Settings → PagerDuty against a fake PagerDuty", () => {
  let pd: FakePagerDuty;
  let rota: RotaServer;
  let browser: Browser;

  beforeAll(async () => {
    pd = await startFakePagerDuty();
    rota = await startRota({ env: pd.rotaEnv() });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await rota?.stop();
    await pd?.stop();
  });

  it("connects, previews an import, applies it and shows the result", async () => {
    const page = await browser.newPage();
    const errors = trackErrors(page, EXPECTED_4XX);
    try {
      await signIn(page, rota.url, rota.email, rota.password);
      await heading(page, "Now").waitFor();
      await nav(page, "Settings").click();
      await heading(page, "Settings").waitFor();
      await page.getByRole("link", { name: "PagerDuty", exact: true }).click();
      await heading(page, "PagerDuty").waitFor();

      const conn = panel(page, "Connection");
      await expect.poll(() => conn.getByTestId("pd-connection").textContent()).toBe("Not connected.");
      const token = conn.getByLabel("REST API token");
      await token.fill("not-the-token");
      await conn.getByRole("button", { name: "Connect" }).click();
      await conn.getByText(/PagerDuty refused the token/).waitFor();
      expect(await token.getAttribute("aria-invalid")).toBe("true");

      await token.fill(pd.token);
      await conn.getByRole("button", { name: "Connect" }).click();
      await conn.getByText(`Connected with a stored token ending ${pd.token.slice(-4)}.`).waitFor();
      expect(await page.content()).not.toContain(pd.token);

      const imp = panel(page, "Import");
      await imp.getByRole("button", { name: "Preview import" }).click();
      const headline = imp.getByTestId("pd-import-headline");
      await expect.poll(() => headline.textContent(), { timeout: 30_000 }).toMatch(/^Preview: \d+ to create, 0 to update, 0 to delete$/);
      expect(await imp.getByTestId("pd-plan").textContent()).toContain("+ team payments");
      expect(await imp.getByTestId("pd-skipped").textContent()).toMatch(/skipped user/);
      expect(await imp.getByTestId("pd-faithfulness").textContent()).toMatch(/^All \d+ schedule\(s\) match PagerDuty's final schedule\.$/);
      await screenshot(page, "pagerduty-preview");

      // The preview changed nothing.
      const teamsBefore = await page.evaluate(async () => (await (await fetch("/api/v1/teams")).json()) as { teams: unknown[] });
      expect(teamsBefore.teams).toHaveLength(0);

      await imp.getByRole("button", { name: "Apply import" }).click();
      await expect.poll(() => headline.textContent(), { timeout: 30_000 }).toMatch(/^Imported: [1-9]\d* created, 0 updated, 0 deleted$/);
      const last = panel(page, "Last sync");
      await expect.poll(() => last.getByTestId("pd-last-applied").getByTestId("pd-last-status").textContent()).toBe("applied");
      expect(await last.getByTestId("pd-last-applied").textContent()).toMatch(/All \d+ schedule\(s\) match PagerDuty's final schedule\./);
      await screenshot(page, "pagerduty-imported");

      // Running it again changes nothing: what it made is recognised.
      await imp.getByRole("button", { name: "Preview import" }).click();
      await expect.poll(() => headline.textContent(), { timeout: 30_000 }).toBe("Preview: Rota already matches PagerDuty");

      // The imported teams are Rota's now.
      await nav(page, "Teams").click();
      await heading(page, "Teams").waitFor();
      await page.getByRole("link", { name: "payments", exact: true }).first().waitFor();
      expect(errors).toEqual([]);
    } catch (err) {
      await screenshot(page, "pagerduty-failure");
      throw err;
    } finally {
      await page.close();
    }
  });
});

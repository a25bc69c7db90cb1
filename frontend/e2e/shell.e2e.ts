// The app shell end to end: the real rota binary serving the built app,
// Debian's Chromium signing in, moving through every section and out again.

import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, signIn, startRota, trackErrors, type Browser, type RotaServer } from "./harness";

const SECTIONS = ["Now", "Calendar", "Alerts", "Services", "Policies", "Routing", "Incidents", "Load", "Teams", "Users", "Settings"];

describe("app shell", () => {
  let rota: RotaServer;
  let browser: Browser;

  beforeAll(async () => {
    rota = await startRota();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await rota?.stop();
  });

  const heading = (page: Page, name: string) => page.getByRole("heading", { level: 1, name, exact: true });
  const path = (page: Page) => new URL(page.url()).pathname;

  it("signs in, shows every section and signs out", async () => {
    const page = await browser.newPage();
    const errors = trackErrors(page);

    // A signed-out visit to the root shows sign-in.
    await page.goto(rota.url);
    await heading(page, "Sign in to Rota").waitFor();
    expect(path(page)).toBe("/sign-in");
    await screenshot(page, "shell-01-sign-in");

    // A wrong password is refused with a message, and the form stays.
    await signIn(page, rota.url, rota.email, "not-the-password");
    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/do not match/);
    expect(path(page)).toBe("/sign-in");
    await screenshot(page, "shell-02-wrong-password");

    // The right password lands on Now, in the shell, with the user's name.
    await page.getByLabel("Password").fill(rota.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await heading(page, "Now").waitFor();
    expect(path(page)).toBe("/now");
    expect(await page.getByTestId("signed-in-user").textContent()).toContain("Admin");
    await screenshot(page, "shell-03-now");

    // The session cookie is HttpOnly: scripts in the page cannot read it.
    const cookies = await browser.context.cookies(rota.url);
    expect(cookies.length).toBeGreaterThan(0);
    expect(cookies.every((c) => c.httpOnly)).toBe(true);

    // Every section is a link in the sidebar and opens its page.
    const nav = page.getByRole("navigation", { name: "Main" });
    for (const name of SECTIONS) {
      expect(await nav.getByRole("link", { name, exact: true }).isVisible()).toBe(true);
    }
    for (const name of SECTIONS) {
      await nav.getByRole("link", { name, exact: true }).click();
      await heading(page, name).waitFor();
      expect(path(page)).toBe(`/${name.toLowerCase()}`);
      expect(await nav.getByRole("link", { name, exact: true }).getAttribute("aria-current")).toBe("page");
      await screenshot(page, `shell-04-${name.toLowerCase()}`);
    }

    // A reload keeps the session, and the server serves the app on a deep link.
    await page.reload();
    await heading(page, "Settings").waitFor();

    // The sidebar works from the keyboard: Tab to a link, Enter to follow it.
    await nav.getByRole("link", { name: "Alerts", exact: true }).focus();
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await heading(page, "Services").waitFor();

    // Sign out returns to sign-in, and the session is gone on the server too.
    await page.getByRole("button", { name: "Sign out" }).click();
    await heading(page, "Sign in to Rota").waitFor();
    expect(path(page)).toBe("/sign-in");
    await screenshot(page, "shell-05-signed-out");
    const me = await page.request.get(`${rota.url}/api/v1/me`);
    expect(me.status()).toBe(401);
    await page.goto(`${rota.url}/now`);
    await heading(page, "Sign in to Rota").waitFor();

    expect(errors).toEqual([]);
    await page.close();
  });

  it("returns to a deep link after signing in", async () => {
    const page = await browser.newPage();
    const errors = trackErrors(page);

    await page.goto(`${rota.url}/teams`);
    await heading(page, "Sign in to Rota").waitFor();
    await page.getByLabel("Email").fill(rota.email);
    await page.getByLabel("Password").fill(rota.password);
    await page.keyboard.press("Enter");
    await heading(page, "Teams").waitFor();
    expect(path(page)).toBe("/teams");
    await screenshot(page, "shell-06-deep-link");

    expect(errors).toEqual([]);
    await page.close();
  });
});

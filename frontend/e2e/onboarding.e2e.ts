// Onboarding end to end: an organisation admin invites a user on the Users
// page and a team admin invites someone to their team; each invitation
// shows a one-time password once. Signing in with it leads straight to
// "Choose your password" — the API answers nothing else until then — and
// the password chosen is the one that works afterwards.

import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, signIn, startRota, trackErrors, type Browser, type RotaServer } from "./harness";
import { seedPayments, type Seed } from "./seed";

const heading = (page: Page, name: string) => page.getByRole("heading", { level: 1, name, exact: true });
const path = (page: Page) => new URL(page.url()).pathname;

/** A one-time password is refused everywhere but the password change: 403s the browser logs. */
const EXPECTED = [/status of 403 \(Forbidden\)/];

async function signInAs(page: Page, rota: RotaServer, email: string, password: string) {
  await page.context().clearCookies();
  await signIn(page, rota.url, email, password);
}

/** invite fills an invitation form (name, email, discipline, zone) and returns the one-time password it shows. */
async function invite(page: Page, formName: string, who: { name: string; email: string; discipline: string; zone: string }) {
  const form = page.getByRole("form", { name: formName });
  await form.getByLabel("Name").fill(who.name);
  await form.getByLabel("Email").fill(who.email);
  await form.getByLabel("Discipline").selectOption(who.discipline);
  await form.getByLabel("Time zone").fill(who.zone);
  return form;
}

describe("onboarding", () => {
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

  it("an org admin invites a user, who must choose a password before anything else", async () => {
    const page = await browser.newPage();
    const errors = trackErrors(page, EXPECTED);
    await signInAs(page, rota, rota.email, rota.password);
    await heading(page, "Now").waitFor();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users", exact: true }).click();
    await heading(page, "Users").waitFor();
    await expect.poll(() => page.getByTestId("user-row").count()).toBe(5); // the admin and the four seeded engineers

    const form = await invite(page, "Invite a user", { name: "Omar Haddad", email: "omar@example.com", discipline: "ops", zone: "Europe/Berlin" });
    await form.getByLabel("Phone (optional)").fill("+15550000003");
    await form.getByRole("button", { name: "Invite" }).click();
    const notice = page.getByTestId("one-time-password");
    await notice.waitFor();
    expect(await notice.textContent()).toContain("Invited Omar Haddad.");
    const otp = await notice.getByRole("textbox", { name: "One-time password for omar@example.com" }).inputValue();
    expect(otp.length).toBeGreaterThanOrEqual(16);
    const row = page.getByTestId("user-row").filter({ hasText: "omar@example.com" });
    await row.waitFor();
    expect(await row.textContent()).toContain("+15550000003");
    expect(await row.textContent()).toContain("Europe/Berlin");
    await screenshot(page, "onboarding-01-invited");
    // Shown once: the list never shows it again.
    await page.reload();
    await heading(page, "Users").waitFor();
    expect(await page.getByTestId("one-time-password").count()).toBe(0);

    // Omar signs in with it and lands on "Choose your password".
    await signInAs(page, rota, "omar@example.com", otp);
    await heading(page, "Choose your password").waitFor();
    expect(path(page)).toBe("/choose-password");
    // Nothing else opens: not the app's pages, not the API.
    await page.goto(`${rota.url}/alerts`);
    await heading(page, "Choose your password").waitFor();
    const refused = await page.request.get(`${rota.url}/api/v1/alerts`);
    expect(refused.status()).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("password_change_required");
    // After the reload the page no longer knows the one-time password: it asks for it.
    const choose = page.getByRole("form", { name: "Choose your password" });
    await choose.getByLabel("One-time password").fill(otp);
    await choose.getByLabel("New password", { exact: true }).fill("omar's own password");
    await choose.getByLabel("New password again").fill("omar's own password");
    await screenshot(page, "onboarding-02-choose-password");
    await choose.getByRole("button", { name: "Save password and continue" }).click();
    await heading(page, "Now").waitFor();
    expect(await page.getByTestId("signed-in-user").textContent()).toContain("Omar Haddad");

    // The one-time password is spent; the chosen one works.
    const again = await page.request.post(`${rota.url}/api/v1/auth/login`, { data: { email: "omar@example.com", password: otp } });
    expect(again.status()).toBe(401);
    await page.getByRole("button", { name: "Sign out" }).click();
    await heading(page, "Sign in to Rota").waitFor();
    await signInAs(page, rota, "omar@example.com", "omar's own password");
    await heading(page, "Now").waitFor();

    expect(errors.filter((e) => !/401 \(Unauthorized\)/.test(e))).toEqual([]);
    await page.close();
  });

  it("a team admin invites someone to the team, who goes straight to choosing a password", async () => {
    const page = await browser.newPage();
    const errors = trackErrors(page, EXPECTED);
    await signInAs(page, rota, seed.users.olga.email, seed.users.olga.password);
    await heading(page, "Now").waitFor();
    await page.goto(`${rota.url}/teams/${seed.teamId}`);
    await heading(page, "Team payments").waitFor();
    const form = await invite(page, "Invite to the team", { name: "Ivan Petrov", email: "ivan@example.com", discipline: "dev", zone: "Europe/Sofia" });
    // Only an organisation admin sets a phone without verification.
    expect(await form.getByLabel("Phone (optional)").count()).toBe(0);
    await form.getByLabel("Role").selectOption("member");
    await form.getByRole("button", { name: "Invite" }).click();
    const notice = page.getByTestId("one-time-password");
    await notice.waitFor();
    expect(await notice.textContent()).toContain("Invited Ivan Petrov to the team as member.");
    const otp = await notice.getByRole("textbox", { name: "One-time password for ivan@example.com" }).inputValue();
    await page.getByRole("row").filter({ hasText: "Ivan Petrov" }).waitFor();
    await screenshot(page, "onboarding-03-team-invite");

    // Ivan signs in with it: the page keeps what he typed, so he only chooses.
    await signInAs(page, rota, "ivan@example.com", otp);
    await heading(page, "Choose your password").waitFor();
    const choose = page.getByRole("form", { name: "Choose your password" });
    expect(await choose.getByLabel("One-time password").count()).toBe(0);
    await choose.getByLabel("New password", { exact: true }).fill("short");
    await choose.getByLabel("New password again").fill("short");
    await choose.getByRole("button", { name: "Save password and continue" }).click();
    await choose.getByText("Use at least 10 characters.").waitFor();
    await choose.getByLabel("New password", { exact: true }).fill("ivan's own password");
    await choose.getByLabel("New password again").fill("ivan's own password");
    await choose.getByRole("button", { name: "Save password and continue" }).click();
    await heading(page, "Now").waitFor();
    const members = (await seed.admin.call<{ members: { user: { email: string }; role: string }[] }>("GET", `/api/v1/teams/${seed.teamId}/members`)).members;
    expect(members.find((m) => m.user.email === "ivan@example.com")?.role).toBe("member");

    // A plain member is not offered the invitation.
    await signInAs(page, rota, seed.users.dan.email, seed.users.dan.password);
    await heading(page, "Now").waitFor();
    await page.goto(`${rota.url}/teams/${seed.teamId}`);
    await heading(page, "Team payments").waitFor();
    expect(await page.getByRole("form", { name: "Invite to the team" }).count()).toBe(0);

    expect(errors).toEqual([]);
    await page.close();
  });
});

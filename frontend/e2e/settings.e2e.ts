// Settings end to end, against the real server and a real fake Twilio
// (cmd/fake-twilio, which Rota reaches over HTTP exactly as it would reach
// Twilio): an engineer adds a number, reads the code from what the fake
// received, is refused a wrong code at the field, verifies with the right
// one, and pages to it by a saved rule; an alert pages an engineer by SMS
// and their signed reply "<code>a" acknowledges it on the Alerts page. A
// second server without Twilio says numbers cannot be verified. Profile,
// password and API tokens are checked against the real API too.

import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, replaceOneTimePassword, screenshot, signInAs, startFakeTwilio, startRota, trackErrors, type Browser, type FakeMessage, type FakeTwilio, type RotaServer } from "./harness";
import { ApiSession, fireAlert } from "./seed";

const heading = (page: Page, name: string) => page.getByRole("heading", { level: 1, name, exact: true });
const panel = (page: Page, name: string) => page.getByRole("region", { name, exact: true });
const nav = (page: Page, name: string) => page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });


async function openSettings(page: Page) {
  await nav(page, "Settings").click();
  await heading(page, "Settings").waitFor();
}

/** Chromium logs every 4xx answer as a console error; these tests cause some on purpose. */
const EXPECTED_4XX = [/Failed to load resource: the server responded with a status of (400|429)\b/];

/** waitForMessage polls the fake until an SMS to `to` matches, and returns it. */
async function waitForMessage(twilio: FakeTwilio, to: string, match: RegExp, timeoutMs = 15_000): Promise<FakeMessage> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await twilio.messages()).filter((m) => m.to === to && match.test(m.body)).at(-1);
    if (found) return found;
    if (Date.now() > deadline) {
      throw new Error(`no SMS to ${to} matching ${match} within ${timeoutMs} ms; the fake has: ${JSON.stringify(await twilio.messages())}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface CreatedUser {
  id: string;
  email: string;
  password: string;
}

async function createUser(admin: ApiSession, email: string, name: string): Promise<CreatedUser> {
  const res = await admin.call<{ user: { id: string }; one_time_password: string }>("POST", "/api/v1/users", { email, name, discipline: "dev", time_zone: "Europe/Berlin" });
  // As at their first sign-in, the user replaces the one-time password.
  return { id: res.user.id, email, password: await replaceOneTimePassword(admin.url, email, res.one_time_password) };
}

describe("settings with Twilio (a fake Twilio over HTTP)", () => {
  let twilio: FakeTwilio;
  let rota: RotaServer;
  let admin: ApiSession;
  let dan: CreatedUser;
  let browser: Browser;
  const danPhone = "+15551230002";

  beforeAll(async () => {
    twilio = await startFakeTwilio();
    rota = await startRota({ twilio });
    admin = await ApiSession.signIn(rota.url, rota.email, rota.password);
    dan = await createUser(admin, "dan@example.com", "Dan Miller");
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await rota?.stop();
    await twilio?.stop();
  });

  it("adds a number, refuses a wrong code at the field, and verifies it with the code the fake received", async () => {
    const page = await browser.newPage();
    const errors = trackErrors(page, EXPECTED_4XX);
    await signInAs(page, rota, dan.email, dan.password);
    await openSettings(page);

    const contacts = panel(page, "Contact methods");
    await contacts.getByTestId("primary-phone").getByText("none").waitFor();
    expect(await contacts.getByTestId("sms-disabled").count()).toBe(0);
    const add = contacts.getByRole("form", { name: "Add a number" });
    await add.getByLabel("Type").selectOption("sms");
    await add.getByLabel("Phone number").fill(danPhone);
    await add.getByRole("button", { name: "Add number" }).click();

    const verify = contacts.getByRole("form", { name: `Verify ${danPhone}` });
    await verify.getByText(`Enter the code we sent to ${danPhone}.`, { exact: false }).waitFor();
    const row = contacts.getByTestId("contact-method").filter({ hasText: danPhone });
    expect(await row.getByTestId("contact-state").textContent()).toBe("Unverified");
    // Focus is on the code, ready to type.
    expect(await verify.getByLabel("Code").evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);

    // Rota really sent the code through Twilio's REST API.
    const sms = await waitForMessage(twilio, danPhone, /verification code is \d{6}/);
    expect(sms.from).toBe(twilio.from);
    const code = /verification code is (\d{6})/.exec(sms.body)![1]!;
    await screenshot(page, "settings-01-code-sent");

    const wrong = code === "000000" ? "111111" : "000000";
    await verify.getByLabel("Code").fill(wrong);
    await verify.getByRole("button", { name: "Verify" }).click();
    const codeField = verify.getByLabel("Code");
    await expect.poll(() => codeField.getAttribute("aria-invalid")).toBe("true");
    await verify.getByText("that is not the code we sent").waitFor();
    expect(await codeField.getAttribute("aria-describedby")).toBe(`${await codeField.getAttribute("id")}-error`);

    // A new code within a minute of the first is refused with 429; the page says why.
    await verify.getByRole("button", { name: "Send a new code" }).click();
    expect(await verify.getByTestId("resend-result").textContent()).toMatch(/less than a minute ago/);
    await screenshot(page, "settings-02-wrong-code");

    // From the keyboard: Enter in the code field submits it.
    await codeField.fill(code);
    await codeField.press("Enter");
    await contacts.getByText(`${danPhone} is verified.`, { exact: false }).waitFor();
    await expect.poll(() => row.getByTestId("contact-state").textContent()).toBe("Verified");
    expect(await verify.count()).toBe(0);
    await screenshot(page, "settings-03-verified");

    expect(errors).toEqual([]);
    await page.close();
  });

  it("sets a notification rule on the verified number, saves it, and finds it after a reload", async () => {
    const page = await browser.newPage();
    const errors = trackErrors(page);
    await signInAs(page, rota, dan.email, dan.password);
    await openSettings(page);

    const rules = panel(page, "Notification rules");
    expect(await rules.getByTestId("default-rules").textContent()).toContain("Default: SMS at once, a call after 2 minutes");
    await rules.getByRole("button", { name: "Add rule" }).click();
    const rule = rules.getByRole("group", { name: "Rule 1" });
    const number = rule.getByLabel("Number");
    // Only verified numbers can be chosen.
    expect(await number.locator("option").allTextContents()).toEqual([`SMS ${danPhone}`]);
    await rule.getByLabel("Minutes after the page").fill("1");
    await rule.getByLabel("For alerts of").selectOption("high");
    await rules.getByRole("button", { name: "Save rules" }).click();
    await rules.getByText("Saved 1 rule.").waitFor();
    await expect.poll(() => rules.getByTestId("default-rules").count()).toBe(0);

    await page.reload();
    await heading(page, "Settings").waitFor();
    const saved = panel(page, "Notification rules").getByRole("group", { name: "Rule 1" });
    await saved.waitFor();
    expect(await saved.getByLabel("Number").locator("option:checked").textContent()).toBe(`SMS ${danPhone}`);
    expect(await saved.getByLabel("Minutes after the page").inputValue()).toBe("1");
    expect(await saved.getByLabel("For alerts of").inputValue()).toBe("high");
    expect(await panel(page, "Notification rules").getByTestId("notification-rule").count()).toBe(1);
    await screenshot(page, "settings-04-rule-saved");

    expect(errors).toEqual([]);
    await page.close();
  });

  it("pages the signed-in engineer by SMS through the fake; their signed reply acknowledges the alert on the Alerts page", async () => {
    // The admin gets a primary phone from the admin API (it counts as
    // verified), and a service whose policy pages them directly.
    const phone = "+15551230001";
    const me = (await admin.call<{ user: { id: string } }>("GET", "/api/v1/me")).user;
    await admin.call("PATCH", `/api/v1/users/${me.id}`, { phone });
    const { team } = await admin.call<{ team: { id: string } }>("POST", "/api/v1/teams", { name: "edge" });
    await admin.call("PUT", `/api/v1/teams/${team.id}/members/${me.id}`, { role: "admin" });
    const { policy } = await admin.call<{ policy: { id: string } }>("POST", `/api/v1/teams/${team.id}/escalation-policies`, {
      name: "edge-default",
      steps: [{ after: "0m", targets: [{ user_id: me.id }] }],
    });
    const { service } = await admin.call<{ service: { id: string } }>("POST", `/api/v1/teams/${team.id}/services`, {
      name: "edge-proxy",
      escalation_policy_id: policy.id,
      urgency: "high",
    });
    const intake = await admin.call<{ key: string; url: string }>("POST", `/api/v1/services/${service.id}/integrations`, { name: "e2e", type: "generic" });

    const page = await browser.newPage();
    const errors = trackErrors(page);
    await signInAs(page, rota, rota.email, rota.password);
    await openSettings(page);
    const contacts = panel(page, "Contact methods");
    expect(await contacts.getByTestId("primary-phone").textContent()).toContain(phone);
    expect(await contacts.getByTestId("primary-phone").textContent()).toContain("Set by an admin; counts as verified.");
    expect(await panel(page, "Notification rules").getByTestId("default-rules").textContent()).toContain(`else your primary phone ${phone}`);
    await screenshot(page, "settings-05-primary-phone");

    await nav(page, "Alerts").click();
    await heading(page, "Alerts").waitFor();
    await page.getByText("No open alerts. All quiet.").waitFor();
    // Twilio is configured: no "pages are not being sent" banner.
    expect(await page.getByTestId("paging-banner").count()).toBe(0);

    const summary = "edge 502s above 5%";
    const fired = await fireAlert(intake.url, { summary, dedup_key: "edge-502", severity: "critical", source: "e2e" });
    expect(fired.outcome).toBe("created");
    const alertRow = page.getByTestId("alert-row").filter({ has: page.getByRole("link", { name: summary, exact: true }) });
    await alertRow.waitFor();

    // The page leaves Rota as an SMS to the primary phone, with a reply code.
    const sms = await waitForMessage(twilio, phone, new RegExp(summary));
    expect(sms.from).toBe(twilio.from);
    const replyCode = /Reply (\w+)a to ack/.exec(sms.body)?.[1];
    expect(replyCode, `reply code in ${JSON.stringify(sms.body)}`).toBeTruthy();

    // The engineer answers "<code>a"; the fake signs it as Twilio would, over ROTA_PUBLIC_URL.
    const answer = await twilio.inboundSms({ webhookUrl: `${rota.url}/api/v1/twilio/sms`, from: phone, body: `${replyCode}a` });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain(`Acknowledged ${replyCode}`);

    // The Alerts page (polling) shows it acknowledged, and the alert's timeline says so.
    await expect.poll(() => alertRow.getByTestId("alert-status").textContent(), { timeout: 15_000 }).toBe("Acknowledged");
    await screenshot(page, "settings-06-acked-by-sms");
    await alertRow.getByRole("link", { name: summary, exact: true }).click();
    await heading(page, summary).waitFor();
    const acked = page.locator('[data-testid="timeline-entry"][data-kind="acknowledged"]');
    await acked.waitFor();
    expect(await acked.textContent()).toContain("by Admin");
    const status = await admin.call<{ alert: { status: string } }>("GET", `/api/v1/alerts/${fired.alert_id}`);
    expect(status.alert.status).toBe("acknowledged");
    await screenshot(page, "settings-07-acked-timeline");

    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("settings without Twilio", () => {
  let rota: RotaServer;
  let admin: ApiSession;
  let nia: CreatedUser;
  let browser: Browser;

  beforeAll(async () => {
    rota = await startRota();
    admin = await ApiSession.signIn(rota.url, rota.email, rota.password);
    nia = await createUser(admin, "nia@example.com", "Nia Okafor");
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await rota?.stop();
  });

  it("explains that numbers cannot be verified, and the Alerts page shows its banner", async () => {
    const page = await browser.newPage();
    const errors = trackErrors(page);
    await signInAs(page, rota, nia.email, nia.password);
    await openSettings(page);
    const notice = panel(page, "Contact methods").getByTestId("sms-disabled");
    await notice.waitFor();
    expect(await notice.textContent()).toContain("Twilio is not configured on this Rota server, so numbers cannot be verified");
    expect(await notice.textContent()).toContain("they are only recorded");
    expect(await page.getByRole("form", { name: "Add a number" }).count()).toBe(0);
    expect(await panel(page, "Notification rules").getByTestId("default-rules").textContent()).toContain("Rota cannot reach you by phone");
    await screenshot(page, "settings-08-no-twilio");

    await notice.getByRole("link", { name: "Alerts" }).click();
    await heading(page, "Alerts").waitFor();
    expect(await page.getByTestId("paging-banner").textContent()).toBe("Pages are not being sent — no Twilio configured; they are recorded and shown here.");
    await screenshot(page, "settings-09-alerts-banner");

    expect(errors).toEqual([]);
    await page.close();
  });

  it("saves the profile (working hours error at the field), changes the password, and creates, uses and revokes a token", async () => {
    const page = await browser.newPage();
    const errors = trackErrors(page, EXPECTED_4XX);
    await signInAs(page, rota, nia.email, nia.password);
    await openSettings(page);

    const profile = panel(page, "Profile");
    await profile.getByLabel("Name").fill("Nia O.");
    await profile.getByLabel("Discipline").selectOption("ops");
    await profile.getByLabel("Time zone").selectOption("America/Chicago");
    await profile.getByLabel("Written out").check();
    const hours = profile.getByLabel("Working hours as text");
    await hours.fill("weekdays 9-5");
    await profile.getByRole("button", { name: "Save profile" }).click();
    await expect.poll(() => hours.getAttribute("aria-invalid")).toBe("true");
    await profile.getByText('working hours must look like "mon-fri 09:00-17:00"').waitFor();
    expect(await hours.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await screenshot(page, "settings-10-hours-error");

    await hours.fill("Mon-Thu 08:00-16:30");
    await profile.getByRole("button", { name: "Save profile" }).click();
    await profile.getByText("Profile saved.").waitFor();
    expect(await page.getByTestId("signed-in-user").textContent()).toContain("Nia O.");
    const saved = (await (await ApiSession.signIn(rota.url, nia.email, nia.password)).call<{ user: Record<string, string> }>("GET", "/api/v1/me")).user;
    expect([saved.name, saved.discipline, saved.time_zone, saved.working_hours]).toEqual(["Nia O.", "ops", "America/Chicago", "mon-thu 08:00-16:30"]);
    await page.reload();
    await heading(page, "Settings").waitFor();
    expect(await panel(page, "Profile").getByLabel("First day").inputValue()).toBe("mon");
    expect(await panel(page, "Profile").getByLabel("Until").inputValue()).toBe("16:30");

    // A token: its secret is shown once, works as a bearer token, and stops working when revoked.
    const tokens = panel(page, "API tokens");
    await tokens.getByLabel("Token name").fill("deploy pipeline");
    await tokens.getByRole("button", { name: "Create token" }).click();
    const dialog = page.getByRole("dialog", { name: "API token deploy pipeline" });
    await dialog.waitFor();
    const secret = await dialog.getByLabel("Secret", { exact: true }).inputValue();
    expect(secret).toMatch(/^rota_/);
    await dialog.getByText("it will not be shown again", { exact: false }).waitFor();
    await screenshot(page, "settings-11-token-secret");
    await dialog.getByRole("button", { name: "I have copied it" }).click();
    const bearer = { headers: { Authorization: `Bearer ${secret}` } };
    expect((await fetch(`${rota.url}/api/v1/me`, bearer)).status).toBe(200);
    const tokenRow = tokens.getByTestId("token-row").filter({ hasText: "deploy pipeline" });
    await tokenRow.waitFor();
    expect(await tokens.textContent()).not.toContain(secret);
    await tokens.getByRole("button", { name: "Revoke deploy pipeline" }).click();
    await page.getByRole("dialog", { name: "Revoke deploy pipeline?" }).getByRole("button", { name: "Revoke" }).click();
    await tokenRow.getByText("revoked", { exact: false }).waitFor();
    expect((await fetch(`${rota.url}/api/v1/me`, bearer)).status).toBe(401);

    // The password: too short is refused at the field, then a good one works at sign-in.
    const password = panel(page, "Password");
    await password.getByLabel("Current password").fill("not the password");
    await password.getByLabel("New password", { exact: true }).fill("a long enough one");
    await password.getByLabel("New password again").fill("a long enough one");
    await password.getByRole("button", { name: "Change password" }).click();
    await password.getByText("that is not your current password").waitFor();
    await password.getByLabel("Current password").fill(nia.password);
    await password.getByLabel("New password", { exact: true }).fill("short");
    await password.getByLabel("New password again").fill("short");
    await password.getByRole("button", { name: "Change password" }).click();
    await password.getByText("password must be at least 10 characters").waitFor();
    const next = "a correct horse battery";
    await password.getByLabel("New password", { exact: true }).fill(next);
    await password.getByLabel("New password again").fill(next);
    await password.getByRole("button", { name: "Change password" }).click();
    await password.getByText("Password changed.", { exact: false }).waitFor();
    await screenshot(page, "settings-12-password-changed");
    await signInAs(page, rota, nia.email, next);

    expect(errors).toEqual([]);
    await page.close();
  });
});

// Escalation policies and routing rules end to end: the policy editor shows
// the server's field errors at the field (a wait that is not a duration, a
// step no later than the one before, a step with nobody to page), saves a
// valid policy, offers a reload on a version conflict and creates a new
// policy; the routing editor shows a bad regex at its field, saves the
// rules, and an alert is routed by them; members see both read-only.

import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, signInAs, startRota, trackErrors, type Browser, type RotaServer } from "./harness";
import { fireAlert, seedPaging, seedPayments, type PagingSeed, type Seed } from "./seed";

const heading = (page: Page, name: string) => page.getByRole("heading", { level: 1, name, exact: true });


/** expectFieldError waits for the server's message at a control, focused, and no other control marked. */
async function expectFieldError(page: Page, label: ReturnType<Page["getByLabel"]>, message: RegExp) {
  await expect.poll(() => label.getAttribute("aria-invalid")).toBe("true");
  expect(await page.locator(`[id="${await label.getAttribute("aria-describedby")}"]`).textContent()).toMatch(message);
  expect(await page.locator(":focus").getAttribute("id")).toBe(await label.getAttribute("id"));
  expect(await page.locator('[aria-invalid="true"]').count()).toBe(1);
}

interface PolicyDTO {
  id: string;
  name: string;
  repeat: number;
  repeat_after: string;
  version: number;
  steps: { after: string; targets: { schedule_id?: string; tier?: string; user_id?: string }[] }[];
}

const EXPECTED = [/status of 400 \(Bad Request\)/, /status of 409 \(Conflict\)/];

describe("escalation policies and routing rules", () => {
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

  const getPolicy = async (id: string) => (await seed.admin.call<{ policy: PolicyDTO }>("GET", `/api/v1/escalation-policies/${id}`)).policy;

  it("shows bad steps at their fields, then saves a valid policy", async () => {
    const page = await browser.newPage();
    const errors = trackErrors(page, EXPECTED);
    await signInAs(page, rota, seed.users.olga.email, seed.users.olga.password);

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Policies" }).click();
    await heading(page, "Policies").waitFor();
    // Schedule names come with the schedules' list, which may land after the policies.
    await expect.poll(async () => page.getByRole("region", { name: "Team payments" }).textContent()).toContain("payments-oncall secondary");
    await screenshot(page, "policies-01-list");
    await page.getByRole("link", { name: "payments-default" }).click();
    await heading(page, "Policy payments-default").waitFor();
    const step2 = page.getByRole("region", { name: "Step 2" });
    const step3 = page.getByRole("region", { name: "Step 3" });
    expect(await step2.getByLabel("Tier of target 1 of step 2").inputValue()).toBe("secondary");
    await screenshot(page, "policies-02-editor");

    // "soon" is not a wait.
    const after2 = step2.getByLabel("Fires after (since the pass started)");
    await after2.fill("soon");
    await page.getByRole("button", { name: "Save policy" }).click();
    await expectFieldError(page, after2, /soon/);
    await screenshot(page, "policies-03-field-error");

    // A step must come later than the one before it.
    await after2.fill("10m");
    const after3 = step3.getByLabel("Fires after (since the pass started)");
    await after3.fill("10m");
    await page.getByRole("button", { name: "Save policy" }).click();
    await expectFieldError(page, after3, /later than the step before/);

    // A step with nobody to page: the message sits with that step's targets.
    await after3.fill("20m");
    await step3.getByRole("button", { name: "Remove target 1 of step 3" }).click();
    await page.getByRole("button", { name: "Save policy" }).click();
    await expect.poll(() => step3.getByRole("button", { name: "Add schedule tier" }).getAttribute("aria-invalid")).toBe("true");
    expect(await step3.textContent()).toMatch(/needs at least one target/);

    // Valid: Olga back on step 3, Dan added to step 2 ahead of the secondary, no repeat.
    await step3.getByRole("button", { name: "Add engineer" }).click();
    await step3.getByLabel("Engineer of target 1 of step 3").selectOption({ label: "Olga Petrova (ops)" });
    await step2.getByRole("button", { name: "Add engineer" }).click();
    await step2.getByLabel("Engineer of target 2 of step 2").selectOption({ label: "Dan Miller (dev)" });
    await step2.getByRole("button", { name: "Move target 2 of step 2 up" }).click();
    await page.getByLabel("Repeat", { exact: true }).fill("0");
    await page.getByRole("button", { name: "Save policy" }).click();
    await page.getByText("Saved. This is version 2.").waitFor();
    expect(await page.locator('[aria-invalid="true"]').count()).toBe(0);
    const saved = await getPolicy(paging.policyId);
    expect(saved).toMatchObject({ version: 2, repeat: 0, repeat_after: "30m" });
    expect(saved.steps).toEqual([
      { after: "0m", targets: [{ schedule_id: seed.scheduleId, tier: "primary" }] },
      { after: "10m", targets: [{ user_id: seed.users.dan.id }, { schedule_id: seed.scheduleId, tier: "secondary" }] },
      { after: "20m", targets: [{ user_id: seed.users.olga.id }] },
    ]);
    await screenshot(page, "policies-04-saved");

    expect(errors).toEqual([]);
    await page.close();
  });

  it("offers a reload when someone else changed the policy meanwhile", async () => {
    const page = await browser.newPage();
    const errors = trackErrors(page, EXPECTED);
    await signInAs(page, rota, seed.users.olga.email, seed.users.olga.password);
    await page.goto(`${rota.url}/policies/${paging.policyId}`);
    await heading(page, "Policy payments-default").waitFor();

    const current = await getPolicy(paging.policyId);
    await seed.admin.call("PUT", `/api/v1/escalation-policies/${paging.policyId}`, {
      name: current.name,
      repeat: 3,
      repeat_after: current.repeat_after,
      steps: current.steps,
      version: current.version,
    });

    await page.getByLabel("Name", { exact: true }).fill("payments-primary");
    await page.getByRole("button", { name: "Save policy" }).click();
    const conflict = page.getByRole("alert").filter({ hasText: "Someone else changed this policy" });
    await conflict.waitFor();
    await screenshot(page, "policies-05-conflict");
    await conflict.getByRole("button", { name: "Reload" }).click();
    await conflict.waitFor({ state: "detached" });
    expect(await page.getByLabel("Name", { exact: true }).inputValue()).toBe("payments-default");
    expect(await page.getByLabel("Repeat", { exact: true }).inputValue()).toBe("3");

    expect(errors).toEqual([]);
    await page.close();
  });

  it("creates a policy for a team", async () => {
    const page = await browser.newPage();
    const errors = trackErrors(page, EXPECTED);
    await signInAs(page, rota, seed.users.olga.email, seed.users.olga.password);
    await page.goto(`${rota.url}/policies`);
    await page.getByRole("link", { name: "New policy" }).click();
    await heading(page, "New policy").waitFor();
    await page.getByLabel("Team").selectOption({ label: "payments" });
    await page.getByLabel("Name", { exact: true }).fill("payments-nights");
    const step1 = page.getByRole("region", { name: "Step 1" });
    expect(await step1.getByLabel("Schedule of target 1 of step 1").inputValue()).toBe(seed.scheduleId);
    await page.getByRole("button", { name: "Add step" }).click();
    const step2 = page.getByRole("region", { name: "Step 2" });
    expect(await step2.getByLabel("Fires after (since the pass started)").inputValue()).toBe("5m");
    await step2.getByLabel("Kind of target 1 of step 2").selectOption("user");
    await step2.getByLabel("Engineer of target 1 of step 2").selectOption({ label: "Olga Petrova (ops)" });
    await page.getByRole("button", { name: "Create policy" }).click();
    await page.getByText("Policy created.").waitFor();
    await heading(page, "Policy payments-nights").waitFor();
    const id = new URL(page.url()).pathname.split("/").pop()!;
    const created = await getPolicy(id);
    expect(created.steps).toEqual([
      { after: "0m", targets: [{ schedule_id: seed.scheduleId, tier: "primary" }] },
      { after: "5m", targets: [{ user_id: seed.users.olga.id }] },
    ]);
    await screenshot(page, "policies-06-created");

    expect(errors).toEqual([]);
    await page.close();
  });

  it("edits routing rules (a bad regex at its field) and routes an alert by them", async () => {
    const { service: api } = await seed.admin.call<{ service: { id: string } }>("POST", `/api/v1/teams/${seed.teamId}/services`, { name: "payments-api", escalation_policy_id: paging.policyId });
    const page = await browser.newPage();
    const errors = trackErrors(page, EXPECTED);
    await signInAs(page, rota, rota.email, rota.password);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Routing" }).click();
    await heading(page, "Routing").waitFor();
    await page.getByText("No routing rules").waitFor();

    await page.getByRole("button", { name: "Add rule" }).click();
    const rule = page.getByTestId("rule-0");
    await rule.getByLabel("Rule name").fill("payments-api by label");
    await rule.getByLabel("Send to service").selectOption({ label: "payments-api (payments)" });
    await rule.getByLabel("Label name of match 1 of rule 1").fill("component");
    await rule.getByLabel("Operator of match 1 of rule 1").selectOption("regex");
    const value = rule.getByLabel("Value of match 1 of rule 1");
    await value.fill("api(");
    await page.getByRole("button", { name: "Save rules" }).click();
    await expectFieldError(page, value, /regular expression/);
    await screenshot(page, "routing-01-field-error");

    await value.fill("api|payments-api");
    await rule.getByRole("button", { name: "Add condition" }).click();
    await rule.getByLabel("What match 2 of rule 1 looks at").selectOption("field");
    await rule.getByLabel("Field of match 2 of rule 1").selectOption("severity");
    await rule.getByLabel("Value of match 2 of rule 1").fill("critical");
    await page.getByRole("button", { name: "Save rules" }).click();
    await page.getByText("Saved 1 rule.").waitFor();
    const { rules } = await seed.admin.call<{ rules: unknown[] }>("GET", "/api/v1/routing-rules");
    expect(rules).toMatchObject([
      { name: "payments-api by label", service_id: api.id, match: [{ label: "component", regex: "api|payments-api" }, { field: "severity", equals: "critical" }] },
    ]);
    await screenshot(page, "routing-02-saved");

    // Sent with checkout's key, the alert matches the rule and lands on payments-api.
    const fired = await fireAlert(paging.url, { summary: "payments-api 500s", severity: "critical", labels: { component: "api" } });
    const { alert } = await seed.admin.call<{ alert: { service_id: string; service_name: string } }>("GET", `/api/v1/alerts/${fired.alert_id}`);
    expect(alert.service_id).toBe(api.id);
    await page.goto(`${rota.url}/alerts`);
    const routed = page.getByTestId("alert-row").filter({ hasText: "payments-api 500s" });
    await routed.waitFor();
    expect(await routed.textContent()).toContain("payments-api");

    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows a plain member the policy and the routing rules read-only", async () => {
    const page = await browser.newPage();
    const errors = trackErrors(page);
    await signInAs(page, rota, seed.users.dan.email, seed.users.dan.password);
    await page.goto(`${rota.url}/policies/${paging.policyId}`);
    await page.getByText("you are seeing it read-only").waitFor();
    expect(await page.getByRole("button", { name: "Save policy" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Add step" }).count()).toBe(0);
    expect(await page.getByLabel("Name", { exact: true }).isDisabled()).toBe(true);
    await screenshot(page, "policies-07-read-only");

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Routing" }).click();
    await page.getByText("Only organisation admins can change routing rules").waitFor();
    expect(await page.getByRole("button", { name: "Save rules" }).count()).toBe(0);
    expect(await page.getByTestId("rule-0").getByLabel("Rule name").isDisabled()).toBe(true);
    await screenshot(page, "routing-03-read-only");

    expect(errors).toEqual([]);
    await page.close();
  });
});

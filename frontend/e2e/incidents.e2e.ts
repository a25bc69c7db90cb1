// Incidents end to end on a server populated through the API: a team admin
// switches checkout to automatic incidents in the web app; a deploy arrives
// at PagerDuty's change-event intake and a critical alert at the generic
// intake; the alert opens an incident that lists the deploy as a suspect;
// a note, a correction and the status moves go on its timeline; the review
// is written (a wrong owner refused at its field), submitted and published,
// then exported as Markdown; and the Delivery dashboard's numbers move with
// the deploy and the incident.
//
// Every instant comes from the harness's clock (rota.clock.now()), never
// the machine's.

import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, signInAs, startRota, trackErrors, type Browser, type RotaServer } from "./harness";
import { fireAlert, seedPaging, seedPayments, type PagingSeed, type Seed } from "./seed";

const heading = (page: Page, name: string) => page.getByRole("heading", { level: 1, name, exact: true });
const figure = (page: Page, id: string) => page.getByTestId(`fig-${id}-value`);


interface IncidentDTO {
  id: string;
  title: string;
  severity: string;
  status: string;
}

describe("incidents", () => {
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

  /** sendChange posts a deploy to the PagerDuty-compatible change intake with checkout's key. */
  async function sendChange(summary: string, at: Date, committedAt: Date) {
    const res = await fetch(`${rota.url}/v2/change/enqueue`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        routing_key: paging.key,
        payload: { summary, source: "github-actions", timestamp: at.toISOString(), custom_details: { committed_at: committedAt.toISOString(), version: "v42" } },
        links: [{ href: "https://ci.example.com/runs/42", text: "CI run 42" }],
      }),
    });
    expect(res.status).toBe(202);
  }

  it("opens an incident from an alert on an auto service, keeps its timeline, reviews it, exports Markdown and moves the dashboard", async () => {
    const page = await browser.newPage();
    // The review's wrong owner is refused with a 400, which Chromium logs.
    const errors = trackErrors(page, [/the server responded with a status of 400\b/]);
    const olga = seed.users.olga;
    await signInAs(page, rota, olga.email, olga.password);

    // Olga, a team admin, switches checkout to automatic incidents.
    await page.goto(`${rota.url}/services/${paging.serviceId}`);
    await heading(page, "Service checkout").waitFor();
    const settings = page.getByRole("form", { name: "Service settings" });
    expect(await settings.getByLabel("Incidents").inputValue()).toBe("manual");
    await settings.getByLabel("Incidents").selectOption("auto");
    await settings.getByRole("button", { name: "Save service" }).click();
    await page.getByText(/^Saved\. This is version \d+\.$/).waitFor();
    expect((await seed.admin.call<{ service: { incidents: string } }>("GET", `/api/v1/services/${paging.serviceId}`)).service.incidents).toBe("auto");
    await page.getByText("No changes recorded yet.").waitFor();
    await screenshot(page, "incidents-01-service-auto");

    // The dashboard before anything happened: nothing deployed, no incidents.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Incidents" }).click();
    await heading(page, "Incidents").waitFor();
    await page.getByText("No incidents yet.").waitFor();
    await page.getByRole("navigation", { name: "Incidents" }).getByRole("link", { name: "Delivery" }).click();
    await heading(page, "Delivery").waitFor();
    const scope = page.getByRole("form", { name: "Delivery period and scope" });
    await scope.getByLabel("Team").selectOption(seed.teamId);
    await page.waitForURL(/\/incidents\/delivery\?team=\d+/);
    await expect.poll(() => figure(page, "deployments").textContent()).toBe("0");
    expect(await figure(page, "incidents").textContent()).toBe("0");
    expect(await figure(page, "change-fail-rate").textContent()).toBe("—");
    expect(await figure(page, "mtta").textContent()).toBe("—");
    await page.getByRole("img", { name: "Deployments and change fail rate per week" }).waitFor();

    // A deploy ten minutes ago, committed two hours before it.
    const now = rota.clock.now();
    await sendChange("deploy checkout v42", new Date(now.getTime() - 10 * 60_000), new Date(now.getTime() - 130 * 60_000));
    await page.getByRole("button", { name: "Refresh" }).click();
    await expect.poll(() => figure(page, "deployments").textContent()).toBe("1");
    expect(await figure(page, "change-fail-rate").textContent()).toBe("0 %");
    expect(await figure(page, "lead-time").textContent()).toBe("2 h");
    await screenshot(page, "incidents-02-dashboard-after-deploy");

    // A critical alert on checkout opens an incident by itself.
    const fired = await fireAlert(paging.url, { summary: "checkout 5xx above 2%", dedup_key: "checkout-5xx", severity: "critical", source: "prometheus" });
    expect(fired.outcome).toBe("created");
    await expect
      .poll(async () => (await seed.admin.call<{ incidents: IncidentDTO[] }>("GET", `/api/v1/incidents?service=${paging.serviceId}`)).incidents.length)
      .toBe(1);

    // The alert's page names it; from there to the incident.
    await page.goto(`${rota.url}/alerts/${fired.alert_id}`);
    await heading(page, "checkout 5xx above 2%").waitFor();
    await page.getByRole("list", { name: "Open incidents on this service" }).getByRole("link", { name: "checkout 5xx above 2%" }).click();
    await heading(page, "checkout 5xx above 2%").waitFor();
    await page.waitForURL(/\/incidents\/\d+$/);
    const incidentId = new URL(page.url()).pathname.split("/").at(-1)!;
    const facts = page.getByTestId("incident-facts");
    expect(await facts.getByTestId("incident-severity").textContent()).toBe("SEV2");
    expect(await facts.getByTestId("incident-status").textContent()).toBe("Triggered");
    expect(await facts.textContent()).toContain("checkout");
    await page.locator('[data-testid="incident-entry"][data-kind="opened"]').waitFor();
    await page.locator('[data-testid="incident-entry"][data-kind="alert_triggered"]').waitFor();
    // The deploy of ten minutes before is a suspect, and on the timeline.
    const suspects = page.getByRole("list", { name: "Suspect changes" });
    expect(await suspects.textContent()).toContain("deploy checkout v42");
    expect(await suspects.textContent()).toContain("lead time 2 h");
    await page.locator('[data-testid="incident-entry"][data-kind="change_deployed"]').waitFor();
    expect(await page.getByTestId("linked-alerts").getByRole("link", { name: "checkout 5xx above 2%" }).count()).toBe(1);
    // The timeline is in time order.
    const times = await page.getByTestId("incident-entry").locator("time").evaluateAll((ts) => ts.map((t) => t.getAttribute("datetime") ?? ""));
    expect(times.length).toBeGreaterThan(2);
    expect([...times].sort()).toEqual(times);
    await screenshot(page, "incidents-03-opened");

    // A note, then a correction of it: both stay on the timeline.
    await page.getByRole("textbox", { name: "Note", exact: true }).fill("Rolled back v42 at 09:40.");
    await page.getByRole("button", { name: "Add note" }).click();
    const note = page.locator('[data-testid="incident-entry"][data-kind="note"]').filter({ hasText: "Rolled back v42 at 09:40." });
    await note.waitFor();
    expect(await note.textContent()).toContain("by Olga Petrova");
    const noteSeq = await note.getAttribute("data-seq");
    await note.getByRole("button", { name: `Correct entry #${noteSeq}` }).click();
    await page.getByRole("textbox", { name: "Correction", exact: true }).fill("The rollback was at 09:38.");
    await page.getByRole("button", { name: "Add correction" }).click();
    const correction = page.locator('[data-testid="incident-entry"][data-kind="note"]').filter({ hasText: "The rollback was at 09:38." });
    await correction.waitFor();
    expect(await correction.textContent()).toContain(`Corrects #${noteSeq}`);
    await note.getByTestId("corrected-by").waitFor();
    expect(await note.textContent()).toContain("Rolled back v42 at 09:40.");

    // Forward only: acknowledge, then resolve; nothing goes back.
    const bar = page.getByRole("group", { name: "Incident status" });
    await bar.getByRole("button", { name: "Acknowledge" }).click();
    await expect.poll(() => facts.getByTestId("incident-status").textContent()).toBe("Acknowledged");
    expect(await bar.getByRole("button", { name: "Acknowledge" }).isDisabled()).toBe(true);
    await bar.getByRole("button", { name: "Resolve" }).click();
    await expect.poll(() => facts.getByTestId("incident-status").textContent()).toBe("Resolved");
    for (const name of ["Acknowledge", "Mitigate", "Resolve"]) expect(await bar.getByRole("button", { name }).isDisabled()).toBe(true);
    await page.locator('[data-testid="incident-entry"][data-kind="status_changed"]').first().waitFor();
    await screenshot(page, "incidents-04-resolved");

    // The review: a wrong owner is refused at its field, then it is submitted and published.
    await page.getByRole("link", { name: "Post-incident review" }).click();
    await heading(page, "Review: checkout 5xx above 2%").waitFor();
    const review = page.getByRole("form", { name: "Post-incident review" });
    await page.getByTestId("responder-load").waitFor();
    await review.getByLabel("Summary").fill("Checkout answered 5xx for about twenty minutes after deploy v42.");
    await review.getByLabel("Customer impact").fill("Roughly 3% of checkouts failed.");
    await review.getByRole("button", { name: "Add a factor" }).click();
    await review.getByLabel("Contributing factors 1", { exact: true }).fill("Config changes ship without a canary.");
    await review.getByRole("button", { name: "Add what went well" }).click();
    await review.getByLabel("What went well 1", { exact: true }).fill("The rollback took two minutes.");
    await review.getByRole("button", { name: "Add an action item" }).click();
    const item = review.getByTestId("action-item");
    await item.getByLabel("Action 1", { exact: true }).fill("Canary config changes");
    await item.getByLabel("Owner (email)").fill("nobody@example.com");
    await item.getByLabel("Link").fill("https://tracker.example.com/RT-42");
    await review.getByRole("button", { name: "Save draft" }).click();
    await item.getByText("no engineer has the email nobody@example.com").waitFor();
    expect(await item.getByLabel("Owner (email)").getAttribute("aria-invalid")).toBe("true");
    await item.getByLabel("Owner (email)").fill(seed.users.dan.email);
    await review.getByRole("button", { name: "Save draft" }).click();
    await page.getByTestId("review-notice").getByText("Saved.").waitFor();
    await review.getByRole("button", { name: "Submit for review" }).click();
    await page.getByText("Submitted: the review is in review.").waitFor();
    await review.getByRole("button", { name: "Publish" }).click();
    await page.getByText("Published. Only the action items’ status can change now.").waitFor();
    expect(await page.getByTestId("review-workflow").getByText("Published").getAttribute("aria-current")).toBe("step");
    expect(await review.getByLabel("Summary").getAttribute("readonly")).not.toBeNull();
    expect(await review.getByRole("button", { name: "Add an action item" }).count()).toBe(0);
    // Published: only the action item's status still changes.
    await item.getByLabel("Status", { exact: true }).selectOption("in_progress");
    await review.getByRole("button", { name: "Save action-item status" }).click();
    await page.getByTestId("review-notice").getByText("Saved.").waitFor();
    await screenshot(page, "incidents-05-review-published");

    // The Markdown export, with the session the browser holds.
    const href = await page.getByTestId("review-markdown").getAttribute("href");
    expect(href).toBe(`/api/v1/incidents/${incidentId}/review.md`);
    const md = await page.request.get(rota.url + href);
    expect(md.status()).toBe(200);
    expect(md.headers()["content-type"]).toMatch(/^text\/markdown/);
    const text = await md.text();
    expect(text).toMatch(/^# checkout 5xx above 2%/);
    for (const want of [
      "## Summary",
      "Checkout answered 5xx for about twenty minutes after deploy v42.",
      "Roughly 3% of checkouts failed.",
      "## Timeline",
      "deploy checkout v42",
      "Rolled back v42 at 09:40.",
      "The rollback was at 09:38.",
      "## Responder load",
      "Config changes ship without a canary.",
      "Canary config changes",
      seed.users.dan.email,
    ]) {
      expect(text, want).toContain(want);
    }

    // Action items across incidents.
    await page.goto(`${rota.url}/incidents/action-items`);
    await heading(page, "Action items").waitFor();
    const itemRow = page.getByTestId("action-item-row").filter({ hasText: "Canary config changes" });
    await itemRow.waitFor();
    await expect.poll(() => itemRow.textContent()).toContain("Dan Miller");
    expect(await itemRow.textContent()).toContain("In progress");

    // The dashboard now counts the incident: the deploy was followed by one.
    await page.goto(`${rota.url}/incidents/delivery?team=${seed.teamId}`);
    await heading(page, "Delivery").waitFor();
    await expect.poll(() => figure(page, "incidents").textContent()).toBe("1");
    expect(await figure(page, "deployments").textContent()).toBe("1");
    expect(await figure(page, "change-fail-rate").textContent()).toBe("100 %");
    expect(await figure(page, "mtta").textContent()).not.toBe("—");
    expect(await figure(page, "mttr").textContent()).not.toBe("—");
    expect(await page.getByTestId("fig-incidents").textContent()).toContain("SEV2 1");
    expect(await figure(page, "action-items").textContent()).toBe("1");
    const row = page.getByTestId("service-figures-row").filter({ has: page.getByRole("link", { name: "checkout" }) });
    expect(await row.textContent()).toContain("100 %");
    await page.getByTestId("fig-page-load").waitFor();
    await screenshot(page, "incidents-06-dashboard-after-incident");

    // The list shows it resolved with its review published.
    await page.getByRole("navigation", { name: "Incidents" }).getByRole("link", { name: "Incidents" }).click();
    const listed = page.getByTestId("incident-row").filter({ has: page.getByRole("link", { name: "checkout 5xx above 2%" }) });
    await listed.waitFor();
    expect(await listed.getByTestId("incident-status").textContent()).toBe("Resolved");
    expect(await listed.getByTestId("review-status").textContent()).toBe("Published");
    // The days it started in: from tomorrow finds nothing, today alone finds it.
    const filters = page.getByRole("form", { name: "Filter incidents" });
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const today = rota.clock.now();
    await filters.getByLabel("Started from").fill(day(new Date(today.getTime() + 86_400_000)));
    await page.getByText("No incidents match these filters.").waitFor();
    await filters.getByLabel("Started from").fill(day(today));
    await filters.getByLabel("Started to").fill(day(today));
    await listed.waitFor();

    expect(errors).toEqual([]);
    await page.close();
  });

  it("opens an incident by hand from an alert's page on a manual service", async () => {
    // checkout is automatic now; a second service stays manual.
    const { service } = await seed.admin.call<{ service: { id: string } }>("POST", `/api/v1/teams/${seed.teamId}/services`, {
      name: "ledger",
      escalation_policy_id: paging.policyId,
      urgency: "high",
    });
    const key = await seed.admin.call<{ url: string }>("POST", `/api/v1/services/${service.id}/integrations`, { name: "e2e", type: "generic" });
    const fired = await fireAlert(key.url, { summary: "ledger lag above 5 min", dedup_key: "ledger-lag", severity: "error" });

    const page = await browser.newPage();
    const errors = trackErrors(page);
    await signInAs(page, rota, seed.users.dina.email, seed.users.dina.password);
    await page.goto(`${rota.url}/alerts/${fired.alert_id}`);
    await heading(page, "ledger lag above 5 min").waitFor();
    await page.getByText("No incident is open on ledger.").waitFor();
    await page.getByRole("link", { name: "Open an incident from this alert" }).click();
    await heading(page, "Open an incident").waitFor();
    const form = page.getByRole("form", { name: "New incident" });
    await expect.poll(() => form.getByLabel("Title").inputValue()).toBe("ledger lag above 5 min");
    expect(await form.getByLabel("Severity").inputValue()).toBe("SEV3");
    await form.getByLabel("Severity").selectOption("SEV1");
    await form.getByRole("button", { name: "Open incident" }).click();
    await heading(page, "ledger lag above 5 min").waitFor();
    await page.getByText("Incident opened.").waitFor();
    expect(await page.getByTestId("incident-facts").getByTestId("incident-severity").textContent()).toBe("SEV1");
    expect(await page.getByTestId("incident-facts").textContent()).toContain("Dina Weber");
    expect(await page.getByTestId("linked-alerts").getByRole("link", { name: "ledger lag above 5 min" }).count()).toBe(1);
    await screenshot(page, "incidents-07-opened-by-hand");
    expect(errors).toEqual([]);
    await page.close();
  });
});

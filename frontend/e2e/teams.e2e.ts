// Teams and the schedule editor end to end: field errors shown at the field
// they name, a valid edit saved, a version conflict offered a reload,
// members added and removed, a schedule and a team created, and the editor
// read-only for a plain member.

import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, signInAs, startRota, trackErrors, type Browser, type RotaServer } from "./harness";
import { seedPayments, type Seed } from "./seed";

const heading = (page: Page, name: string) => page.getByRole("heading", { level: 1, name, exact: true });


interface LayerDTO {
  id?: string;
  name: string;
  participants: string[];
  start: string;
  shift: string;
  coverage: unknown[];
}

interface ScheduleDTO {
  id: string;
  name: string;
  time_zone: string;
  holidays: string[];
  pairing: string;
  version: number;
  tiers: { primary?: LayerDTO[]; secondary?: LayerDTO[]; shadow?: LayerDTO[] };
}

/** Bad input is answered 400 (and a stale version 409), which Chromium logs. */
const EXPECTED = [/status of 400 \(Bad Request\)/, /status of 409 \(Conflict\)/];

describe("teams and the schedule editor", () => {
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

  const getSchedule = async () =>
    (await seed.admin.call<{ schedule: ScheduleDTO }>("GET", `/api/v1/schedules/${seed.scheduleId}`)).schedule;

  it("shows a bad shift length at its field, then saves a valid edit", async () => {
    const page = await browser.newPage();
    const errors = trackErrors(page, EXPECTED);
    await signInAs(page, rota, seed.users.olga.email, seed.users.olga.password);

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Teams" }).click();
    await heading(page, "Teams").waitFor();
    await page.getByRole("link", { name: "payments", exact: true }).click();
    await heading(page, "Team payments").waitFor();
    const members = page.getByRole("table");
    for (const name of ["Olga Petrova", "Dan Miller", "Dina Weber", "Nia Okafor"]) {
      await members.getByRole("cell", { name, exact: false }).first().waitFor();
    }
    await screenshot(page, "teams-01-team");

    await page.getByRole("link", { name: "Edit payments-oncall" }).click();
    await heading(page, "Schedule payments-oncall").waitFor();
    const layer = page.getByTestId("layer-primary-1");
    expect(await layer.getByLabel("Layer name").inputValue()).toBe("dev-business-hours");
    await screenshot(page, "teams-02-editor");

    // 0h is not a shift length: the server says so, at that field.
    await layer.getByLabel("Shift length").selectOption("custom");
    const custom = layer.getByLabel("Custom shift length");
    await custom.fill("0h");
    await page.getByRole("button", { name: "Save schedule" }).click();
    await expect.poll(() => custom.getAttribute("aria-invalid")).toBe("true");
    const describedBy = await custom.getAttribute("aria-describedby");
    const message = page.locator(`[id="${describedBy}"]`);
    expect(await message.textContent()).toMatch(/"0h" is not a shift length/);
    expect(await page.locator(":focus").getAttribute("id")).toBe(await custom.getAttribute("id"));
    // Only that field is marked.
    expect(await page.locator('[aria-invalid="true"]').count()).toBe(1);
    await screenshot(page, "teams-03-field-error");

    // A valid length, and Dina moved ahead of Dan in the rotation.
    await custom.fill("12h");
    await layer.getByRole("button", { name: "Move Dina Weber up" }).click();
    await page.getByRole("button", { name: "Save schedule" }).click();
    await page.getByText("Saved. This is version 2.").waitFor();
    expect(await page.locator('[aria-invalid="true"]').count()).toBe(0);
    const saved = await getSchedule();
    expect(saved.version).toBe(2);
    expect(saved.tiers.primary?.[1]?.shift).toBe("12h");
    expect(saved.tiers.primary?.[1]?.participants).toEqual([seed.users.dina.id, seed.users.dan.id]);
    // Untouched parts came through as they were.
    expect(saved.tiers.primary?.[1]?.coverage).toEqual([{ days: ["mon", "tue", "wed", "thu", "fri"], from: "09:00", to: "17:00" }]);
    expect(saved.holidays).toEqual(["2026-12-25"]);
    expect(saved.pairing).toBe("mixed");
    await screenshot(page, "teams-04-saved");

    // A coverage window with no day is refused at that window's days.
    const primary0 = page.getByTestId("layer-primary-0");
    await primary0.getByLabel("Weekly windows (e.g. business hours)").check();
    for (const day of ["Mon", "Tue", "Wed", "Thu", "Fri"]) await primary0.getByLabel(day, { exact: true }).uncheck();
    await page.getByRole("button", { name: "Save schedule" }).click();
    await expect.poll(() => primary0.getByLabel("Mon", { exact: true }).getAttribute("aria-invalid")).toBe("true");
    expect(await primary0.textContent()).toMatch(/needs at least one day/);
    await primary0.getByLabel("Always (24×7)").check();

    expect(errors).toEqual([]);
    await page.close();
  });

  it("offers a reload when someone else changed the schedule meanwhile", async () => {
    const page = await browser.newPage();
    const errors = trackErrors(page, EXPECTED);
    await signInAs(page, rota, seed.users.olga.email, seed.users.olga.password);
    await page.goto(`${rota.url}/teams/${seed.teamId}/schedules/${seed.scheduleId}`);
    await heading(page, "Schedule payments-oncall").waitFor();

    // Someone else adds a holiday through the API.
    const current = await getSchedule();
    await seed.admin.call("PUT", `/api/v1/schedules/${seed.scheduleId}`, {
      name: current.name,
      time_zone: current.time_zone,
      holidays: [...current.holidays, "2026-12-26"],
      pairing: current.pairing,
      tiers: current.tiers,
      version: current.version,
    });

    await page.getByLabel("Name", { exact: true }).fill("payments-primary");
    await page.getByRole("button", { name: "Save schedule" }).click();
    const conflict = page.getByRole("alert").filter({ hasText: "Someone else changed this schedule" });
    await conflict.waitFor();
    await screenshot(page, "teams-05-conflict");
    await conflict.getByRole("button", { name: "Reload" }).click();
    await conflict.waitFor({ state: "detached" });
    expect(await page.getByLabel("Name", { exact: true }).inputValue()).toBe("payments-oncall");
    expect(await page.getByLabel("Holiday 2", { exact: true }).inputValue()).toBe("2026-12-26");

    await page.getByLabel("Name", { exact: true }).fill("payments-primary");
    await page.getByRole("button", { name: "Save schedule" }).click();
    await page.getByText(`Saved. This is version ${current.version + 2}.`).waitFor();
    expect((await getSchedule()).name).toBe("payments-primary");

    expect(errors).toEqual([]);
    await page.close();
  });

  it("creates a schedule with a layer, and adds and removes a team member", async () => {
    await seed.admin.call("POST", "/api/v1/users", { email: "eve@example.com", name: "Eve Adams", discipline: "ops", time_zone: "Europe/Paris" });
    const page = await browser.newPage();
    const errors = trackErrors(page, EXPECTED);
    await signInAs(page, rota, seed.users.olga.email, seed.users.olga.password);
    await page.goto(`${rota.url}/teams/${seed.teamId}`);
    await heading(page, "Team payments").waitFor();

    // Add Eve as a member.
    const add = page.getByRole("form", { name: "Add member" });
    await add.getByLabel("Person").selectOption({ label: "Eve Adams · eve@example.com (ops)" });
    await add.getByLabel("Role").selectOption("member");
    await add.getByRole("button", { name: "Add member" }).click();
    const row = page.getByRole("row").filter({ hasText: "Eve Adams" });
    await row.waitFor();
    await screenshot(page, "teams-06-member-added");
    // Make her an admin, then take her out again.
    await row.getByLabel("Role of Eve Adams").selectOption("admin");
    const roleOfEve = async () => {
      const { members } = await seed.admin.call<{ members: { user: { email: string }; role: string }[] }>(
        "GET",
        `/api/v1/teams/${seed.teamId}/members`,
      );
      return members.find((m) => m.user.email === "eve@example.com")?.role;
    };
    await expect.poll(roleOfEve).toBe("admin");
    await row.getByRole("button", { name: "Remove Eve Adams from the team" }).click();
    await row.waitFor({ state: "detached" });

    // A new schedule: name, zone, one primary layer of two people.
    await page.getByRole("link", { name: "New schedule" }).click();
    await heading(page, "New schedule").waitFor();
    await page.getByLabel("Name", { exact: true }).fill("payments-weekend");
    await page.getByLabel("Time zone").fill("Europe/Berlin");
    await page.getByRole("button", { name: "Create schedule" }).click();
    // A schedule needs nothing more than a name and zone, but a layer needs people.
    await page.getByText("Schedule created.").waitFor();
    await page.waitForURL(/\/schedules\/\d+$/);
    await page.getByRole("button", { name: "Add primary layer" }).click();
    const layer = page.getByTestId("layer-primary-0");
    await layer.getByLabel("Layer name").fill("weekend-ops");
    await page.getByRole("button", { name: "Save schedule" }).click();
    await expect.poll(() => layer.getByLabel("Add participant").getAttribute("aria-invalid")).toBe("true");
    expect(await layer.textContent()).toMatch(/needs at least one participant/);
    await layer.getByLabel("Add participant").selectOption({ label: "Olga Petrova (ops)" });
    await layer.getByRole("button", { name: "Add participant" }).click();
    await layer.getByLabel("Add participant").selectOption({ label: "Dina Weber (dev)" });
    await layer.getByRole("button", { name: "Add participant" }).click();
    await layer.getByLabel("Shift length").selectOption("2w");
    await page.getByRole("button", { name: "Save schedule" }).click();
    await page.getByText("Saved. This is version 2.").waitFor();
    await screenshot(page, "teams-07-new-schedule");
    const id = new URL(page.url()).pathname.split("/").pop()!;
    const { schedule } = await seed.admin.call<{ schedule: ScheduleDTO }>("GET", `/api/v1/schedules/${id}`);
    expect(schedule.tiers.primary).toMatchObject([
      { name: "weekend-ops", participants: [seed.users.olga.id, seed.users.dina.id], shift: "2w", coverage: [] },
    ]);

    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows a plain member the schedule read-only, and lets the organisation admin create a team", async () => {
    const page = await browser.newPage();
    const errors = trackErrors(page);
    await signInAs(page, rota, seed.users.dan.email, seed.users.dan.password);
    await page.goto(`${rota.url}/teams/${seed.teamId}/schedules/${seed.scheduleId}`);
    await page.getByText("you are seeing it read-only").waitFor();
    expect(await page.getByRole("button", { name: "Save schedule" }).count()).toBe(0);
    expect(await page.getByLabel("Name", { exact: true }).isDisabled()).toBe(true);
    await screenshot(page, "teams-08-read-only");

    await signInAs(page, rota, rota.email, rota.password);
    await page.goto(`${rota.url}/teams`);
    await heading(page, "Teams").waitFor();
    await page.getByLabel("New team name").fill("platform");
    await page.getByRole("button", { name: "Create team" }).click();
    await heading(page, "Team platform").waitFor();
    await screenshot(page, "teams-09-new-team");

    expect(errors).toEqual([]);
    await page.close();
  });
});

// The calendar end to end on a server populated through the API: viewing a
// schedule in every view, creating an override by selecting a range (an
// empty one, and one over a shift with Override a range), a swap asked by
// one engineer and accepted by another, a whole weekly shift that business
// hours cut into stretches given away as one swap, and a shift asked for
// with Take this shift.
//
// Every date here comes from the harness's clock, never the machine's: the
// whole file runs once on the harness's day (ROTA_E2E_NOW or DEFAULT_TODAY)
// and again as if on days that have broken calendars before — a month whose
// 11th falls low in the month grid, month and year ends (already the next
// month in Berlin), a month starting on a Monday, a Sunday, and the days the
// clocks change in Europe and the United States.

import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { DEFAULT_TODAY, launchBrowser, screenshot, signInAs, startRota, testClock, trackErrors, type Browser, type RotaServer } from "./harness";
import { seedPayments, type Seed } from "./seed";

const ZONE = "Europe/Berlin";

/** DAYS are the instants the calendar is tried on; the first names its screenshots. */
const DAYS: { name: string; at: string }[] = [
  { name: "the harness's day", at: process.env.ROTA_E2E_NOW ?? DEFAULT_TODAY },
  { name: "early December 2026 (next month's 11th in the third row)", at: "2026-12-04T08:00:00Z" },
  { name: "New Year's Eve, already January in Berlin", at: "2026-12-31T23:30:00Z" },
  { name: "a Sunday at the end of January", at: "2027-01-31T12:00:00Z" },
  { name: "a month starting on a Monday", at: "2027-02-01T06:00:00Z" },
  { name: "the US spring-forward Sunday", at: "2027-03-14T12:00:00Z" },
  { name: "the European spring-forward Sunday, just after the change", at: "2027-03-28T01:30:00Z" },
  { name: "the European fall-back Sunday, in the repeated hour", at: "2027-10-31T00:30:00Z" },
];

const heading = (page: Page, name: string) => page.getByRole("heading", { level: 1, name, exact: true });
const event = (page: Page, title: string | RegExp) =>
  page.getByTestId("schedule-calendar").getByRole("button", { name: title });

/** cellName is how the month view names a day cell: "December 10, 2026". */
function cellName(d: Date): RegExp {
  const text = new Intl.DateTimeFormat("en-US", { month: "long", day: "numeric", year: "numeric", timeZone: "UTC" }).format(d);
  return new RegExp(`^${text}`);
}

/** berlinMonth is the year and month (1–12) that the schedule's zone is in at an instant. */
function berlinMonth(d: Date): { year: number; month: number } {
  const parts = new Intl.DateTimeFormat("en-US", { year: "numeric", month: "numeric", timeZone: ZONE }).formatToParts(d);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get("year"), month: get("month") };
}

/** wallDays is the number of calendar days between two datetime-local values ("2027-01-18T17:00"). */
function wallDays(a: string, b: string): number {
  const day = (v: string) => Date.UTC(Number(v.slice(0, 4)), Number(v.slice(5, 7)) - 1, Number(v.slice(8, 10)));
  return Math.round((day(b) - day(a)) / 86_400_000);
}

interface ApiShift {
  tier: string;
  user_id: string;
  start: string;
  end: string;
  source: { kind: string; name?: string };
}

/** primaryShifts asks the server who is on primary over [from, to). */
async function primaryShifts(seed: Seed, from: string, to: string): Promise<ApiShift[]> {
  const q = new URLSearchParams({ from, to, tier: "primary" });
  const { shifts } = await seed.admin.call<{ shifts: ApiShift[] }>("GET", `/api/v1/schedules/${seed.scheduleId}/shifts?${q}`);
  return shifts;
}


describe.each(DAYS)("calendar on $name ($at)", ({ at }) => {
  let rota: RotaServer;
  let seed: Seed;
  let browser: Browser;
  // Screenshots come from the first day only.
  const shot = at === DAYS[0]!.at ? screenshot : async () => "";

  beforeAll(async () => {
    const clock = testClock(at);
    rota = await startRota({ clock });
    seed = await seedPayments(rota);
    browser = await launchBrowser({ clock });
  });

  afterAll(async () => {
    await browser?.close();
    await rota?.stop();
  });

  it("shows a schedule's shifts in week, month and list views and refetches on navigation", async () => {
    const page = await browser.newPage();
    const errors = trackErrors(page);
    await signInAs(page, rota, seed.users.olga.email, seed.users.olga.password);

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Calendar" }).click();
    await heading(page, "Calendar").waitFor();
    // The first schedule opens by itself, in the week view, in the schedule's zone.
    await page.waitForURL(/\/calendar\/\d+$/);
    await expect.poll(() => page.getByLabel("Schedule").inputValue()).toBe(seed.scheduleId);
    await page.getByText("Times in Europe/Berlin").waitFor();
    await event(page, "Olga Petrova · primary (ops-24x7)").first().waitFor();
    await event(page, "Dina Weber · secondary (dev-secondary)").first().waitFor();
    await event(page, "Nia Okafor · shadow (learners)").first().waitFor();
    // The business-hours layer's shifts are there and named after their layer.
    await event(page, /· primary \(dev-business-hours\)$/).first().waitFor();
    expect(await page.getByRole("list", { name: "Legend" }).textContent()).toContain("business-hours layer");
    // Dan and Dina are both dev: the mixed pairing rule is broken in business hours.
    await page.getByTestId("pairing-violations").waitFor();
    await shot(page, "calendar-01-week");

    // Month view.
    await page.getByRole("tab", { name: "Month view" }).click();
    await page.getByRole("button", { name: "Next Month" }).waitFor();
    await event(page, "Olga Petrova · primary (ops-24x7)").first().waitFor();
    await shot(page, "calendar-02-month");

    // Moving on a month asks for that month's shifts: the grid of next month
    // (in Berlin) starts at most a week before its first day and runs past it.
    const refetch = page.waitForResponse((r) => r.url().includes(`/api/v1/schedules/${seed.scheduleId}/shifts?`) && r.status() === 200);
    await page.getByRole("button", { name: "Next Month" }).click();
    const res = await refetch;
    const { year, month } = berlinMonth(rota.clock.now());
    const firstOfNext = Date.UTC(year, month, 1); // month is 1-based: this is next month's first day
    const from = new Date(new URL(res.url()).searchParams.get("from") ?? "").getTime();
    const to = new Date(new URL(res.url()).searchParams.get("to") ?? "").getTime();
    expect(from).toBeGreaterThan(firstOfNext - 8 * 86_400_000);
    expect(from).toBeLessThanOrEqual(firstOfNext);
    expect(to).toBeGreaterThan(firstOfNext + 27 * 86_400_000);
    await event(page, "Olga Petrova · primary (ops-24x7)").first().waitFor();

    // List view.
    await page.getByRole("tab", { name: "List view" }).click();
    await page.getByText("Dina Weber · secondary (dev-secondary)").first().waitFor();
    await page.getByText("Nia Okafor · shadow (learners)").first().waitFor();
    await shot(page, "calendar-03-list");

    // Another schedule through the picker: one with a coverage gap, drawn as a background.
    await page.getByLabel("Schedule").selectOption({ label: "weekly-drill" });
    await page.waitForURL(new RegExp(`/calendar/${seed.gapScheduleId}$`));
    await page.getByText("Times in UTC").waitFor();
    await page.getByText("Coverage gap: no primary on call").first().waitFor();
    await shot(page, "calendar-04-gaps");

    expect(errors).toEqual([]);
    await page.close();
  });

  it("creates an override from a selected range and shows it on the calendar", async () => {
    const page = await browser.newPage();
    // The deliberately bad range below is answered 400, which Chromium logs.
    const errors = trackErrors(page, [/status of 400 \(Bad Request\)/]);
    await signInAs(page, rota, seed.users.olga.email, seed.users.olga.password);
    await page.goto(`${rota.url}/calendar/${seed.scheduleId}`);
    await heading(page, "Calendar").waitFor();
    await page.getByRole("tab", { name: "Month view" }).click();
    await page.getByRole("button", { name: "Next Month" }).click();

    // Drag from the 10th to the 11th of next month (next in Berlin, where
    // the calendar draws), wherever they fall in the grid: scrolled into view.
    const { year, month } = berlinMonth(rota.clock.now());
    const first = new Date(Date.UTC(year, month, 10));
    const second = new Date(Date.UTC(year, month, 11));
    const cellA = page.getByRole("cell", { name: cellName(first) });
    const cellB = page.getByRole("cell", { name: cellName(second) });
    await cellB.scrollIntoViewIfNeeded();
    await cellA.scrollIntoViewIfNeeded();
    const a = await cellA.boundingBox();
    const b = await cellB.boundingBox();
    if (!a || !b) throw new Error("day cells not found");
    const viewport = page.viewportSize();
    for (const box of [a, b]) {
      if (!viewport || box.y < 0 || box.y + 8 > viewport.height) throw new Error(`day cell at y=${box.y} is outside the viewport`);
    }
    await page.mouse.move(a.x + 8, a.y + 8);
    await page.mouse.down();
    await page.mouse.move(b.x + 8, b.y + 8, { steps: 6 });
    await page.mouse.up();

    const dialog = page.getByRole("dialog", { name: "Create override" });
    await dialog.waitFor();
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const third = new Date(second.getTime() + 86_400_000);
    expect(await dialog.getByLabel("Start (Europe/Berlin)").inputValue()).toBe(`${day(first)}T00:00`);
    expect(await dialog.getByLabel("End (Europe/Berlin)").inputValue()).toBe(`${day(third)}T00:00`);

    // An end before the start is refused at the End field.
    await dialog.getByLabel("End (Europe/Berlin)").fill(`${day(first)}T00:00`);
    await dialog.getByRole("button", { name: "Create override" }).click();
    const end = dialog.getByLabel("End (Europe/Berlin)");
    await expect.poll(() => end.getAttribute("aria-invalid")).toBe("true");
    expect(await dialog.locator("#override-end-error").textContent()).toMatch(/after/);
    await shot(page, "calendar-05-override-field-error");

    await end.fill(`${day(second)}T18:00`);
    await dialog.getByLabel("Tier").selectOption("primary");
    await dialog.getByLabel("Engineer").selectOption({ label: "Dan Miller (dev)" });
    await dialog.getByLabel("Note (optional)").fill("Olga at a conference");
    await shot(page, "calendar-06-override-dialog");
    await dialog.getByRole("button", { name: "Create override" }).click();
    await dialog.waitFor({ state: "detached" });

    await page.getByTestId("calendar-status").getByText(/Override created: Dan Miller on primary/).waitFor();
    await event(page, "Dan Miller · primary (override)").first().waitFor();
    const listed = page.getByTestId("override").filter({ hasText: "Olga at a conference" });
    await listed.waitFor();
    expect(await listed.textContent()).toContain("Dan Miller");
    await shot(page, "calendar-07-override-created");

    // The server has it over exactly the chosen range.
    const { overrides } = await seed.admin.call<{ overrides: { user_id: string; start: string; end: string }[] }>(
      "GET",
      `/api/v1/schedules/${seed.scheduleId}/overrides`,
    );
    const mine = overrides.find((o) => o.user_id === seed.users.dan.id);
    expect(mine).toBeDefined();
    expect(new Date(mine!.end).getTime() - new Date(mine!.start).getTime()).toBe(42 * 3_600_000);

    // Deleting it takes it off the calendar.
    await listed.getByRole("button", { name: /^Delete override for Dan Miller/ }).click();
    await listed.waitFor({ state: "detached" });
    await expect.poll(() => event(page, "Dan Miller · primary (override)").count()).toBe(0);

    expect(errors).toEqual([]);
    await page.close();
  });

  it("opens the override dialog from the keyboard and closes it with Escape", async () => {
    const page = await browser.newPage();
    const errors = trackErrors(page);
    await signInAs(page, rota, seed.users.dan.email, seed.users.dan.password);
    await page.goto(`${rota.url}/calendar/${seed.scheduleId}`);
    await heading(page, "Calendar").waitFor();
    const open = page.getByRole("button", { name: "New override" });
    await open.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Create override" });
    await dialog.waitFor();
    // Focus starts on the first field; a member can only put themselves on call.
    expect(await page.locator(":focus").getAttribute("id")).toBe("override-tier");
    const engineer = dialog.getByLabel("Engineer");
    expect(await engineer.locator("option").allTextContents()).toEqual(["Dan Miller (dev)"]);
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    expect(await page.locator(":focus").textContent()).toBe("New override");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("makes, copies, resets and revokes iCal subscription links", async () => {
    const page = await browser.newPage();
    const errors = trackErrors(page);
    await signInAs(page, rota, seed.users.olga.email, seed.users.olga.password);
    await page.goto(`${rota.url}/calendar/${seed.scheduleId}`);
    const feed = page.getByRole("region", { name: "Subscribe (iCal)" });
    await feed.getByRole("button", { name: "Create subscription links" }).click();
    const mine = feed.getByRole("textbox", { name: "My shifts (all schedules)" });
    await mine.waitFor();
    const mineUrl = await mine.inputValue();
    const scheduleUrl = await feed.getByRole("textbox", { name: "Schedule payments-oncall" }).inputValue();
    expect(mineUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ical\/[^/]+\/me\.ics$/);
    expect(scheduleUrl).toMatch(new RegExp(`/ical/[^/]+/schedules/${seed.scheduleId}\\.ics$`));
    const ics = await fetch(scheduleUrl);
    expect(ics.status).toBe(200);
    expect(await ics.text()).toContain("BEGIN:VCALENDAR");
    expect((await fetch(mineUrl)).status).toBe(200);

    // Copy puts the link on the clipboard, or selects it where the browser refuses.
    await feed.getByRole("button", { name: "Copy My shifts (all schedules)" }).click();
    await feed.getByText(/^(Copied\.|Press Ctrl\+C)/).waitFor();
    // Back to the top, so the calendar's sticky header sits on the calendar in the picture.
    await heading(page, "Calendar").scrollIntoViewIfNeeded();
    await shot(page, "calendar-12-ical-links");

    // A reset makes new links and kills the old ones.
    await feed.getByRole("button", { name: "Reset link" }).click();
    await expect.poll(() => mine.inputValue()).not.toBe(mineUrl);
    expect((await fetch(mineUrl)).status).toBe(404);
    const resetUrl = await mine.inputValue();
    expect((await fetch(resetUrl)).status).toBe(200);

    // Revoking turns them off.
    await feed.getByRole("button", { name: "Revoke" }).click();
    await feed.getByRole("button", { name: "Create subscription links" }).waitFor();
    expect((await fetch(resetUrl)).status).toBe(404);

    expect(errors).toEqual([]);
    await page.close();
  });

  it("lets one engineer ask for a swap and another accept it, which becomes an override", async () => {
    // Dan and Dina each in their own browser profile.
    const danBrowser = await launchBrowser({ clock: rota.clock });
    try {
      const dan = await danBrowser.newPage();
      const danErrors = trackErrors(dan);
      await signInAs(dan, rota, seed.users.dan.email, seed.users.dan.password);
      await dan.goto(`${rota.url}/calendar/${seed.scheduleId}`);
      await heading(dan, "Calendar").waitFor();
      await dan.getByRole("button", { name: "Next Week" }).click();

      // Dan clicks one of his own shifts next week and gives it away.
      const shift = event(dan, "Dan Miller · primary (dev-business-hours)").first();
      await shift.waitFor();
      await shift.click();
      const shiftDialog = dan.getByRole("dialog", { name: "Shift" });
      await shiftDialog.getByRole("button", { name: "Give this shift away" }).click();
      const dialog = dan.getByRole("dialog", { name: "Request swap" });
      await dialog.waitFor();
      const from = await dialog.getByLabel("From (Europe/Berlin)").inputValue();
      const until = await dialog.getByLabel("Until (Europe/Berlin)").inputValue();
      expect(from).toMatch(/T09:00$/);
      expect(until).toMatch(/T17:00$/);
      // He asks for the afternoon only.
      const afternoon = from.replace("T09:00", "T13:00");
      await dialog.getByLabel("From (Europe/Berlin)").fill(afternoon);
      await dialog.getByLabel("Ask").selectOption({ label: "Dina Weber (dev)" });
      await dialog.getByLabel("Message (optional)").fill("School play that afternoon");
      await shot(dan, "calendar-08-swap-dialog");
      await dialog.getByRole("button", { name: "Request swap" }).click();
      await dialog.waitFor({ state: "detached" });
      await dan.getByTestId("calendar-status").getByText(/Swap requested: asked Dina Weber/).waitFor();
      const pending = dan.getByTestId("swap").filter({ hasText: "School play" });
      await pending.getByRole("button", { name: "Cancel request" }).waitFor();
      await shot(dan, "calendar-09-swap-requested");
      expect(danErrors).toEqual([]);

      // Dina sees it on Now and accepts.
      const dina = await browser.newPage();
      const dinaErrors = trackErrors(dina);
      await signInAs(dina, rota, seed.users.dina.email, seed.users.dina.password);
      const asked = dina.getByTestId("swap").filter({ hasText: "School play" });
      await asked.waitFor();
      // Names come with the users' list, which may land after the swap.
      await expect.poll(async () => asked.textContent()).toMatch(/Dan Miller asks you to take/);
      await shot(dina, "calendar-10-swap-on-now");
      await asked.getByRole("button", { name: "Accept" }).click();
      await asked.waitFor({ state: "detached" });

      // The accepted swap is an override over the afternoon, on the calendar.
      await dina.goto(`${rota.url}/calendar/${seed.scheduleId}`);
      await heading(dina, "Calendar").waitFor();
      await dina.getByRole("button", { name: "Next Week" }).click();
      await event(dina, "Dina Weber · primary (override)").first().waitFor();
      await shot(dina, "calendar-11-swap-accepted");
      const { overrides } = await seed.admin.call<{ overrides: { user_id: string; start: string; end: string }[] }>(
        "GET",
        `/api/v1/schedules/${seed.scheduleId}/overrides`,
      );
      const o = overrides.find((x) => x.user_id === seed.users.dina.id);
      expect(o).toBeDefined();
      expect(new Date(o!.end).getTime() - new Date(o!.start).getTime()).toBe(4 * 3_600_000);
      expect(dinaErrors).toEqual([]);
      await dina.close();
    } finally {
      await danBrowser.close();
    }
  });

  it("overrides a range selected over an existing shift, and a shift from its dialog", async () => {
    const page = await browser.newPage();
    const errors = trackErrors(page);
    await signInAs(page, rota, seed.users.olga.email, seed.users.olga.password);
    await page.goto(`${rota.url}/calendar/${seed.scheduleId}`);
    await heading(page, "Calendar").waitFor();
    await page.getByRole("button", { name: "Next Week" }).click();

    // Where one of Olga's shifts is drawn next week: the selection starts and ends on it.
    const olga = event(page, "Olga Petrova · primary (ops-24x7)");
    const onShift = olga.nth(1);
    await onShift.waitFor();
    const drawn = await onShift.boundingBox();
    const viewport = page.viewportSize();
    if (!drawn || !viewport) throw new Error("shift not drawn");
    // In page coordinates, since pressing the mode's button scrolls the page.
    type Scroller = { scrollY: number; scrollTo: (x: number, y: number) => void };
    const scrollY = () => page.evaluate(() => (globalThis as unknown as Scroller).scrollY);
    const pageY = drawn.y + (await scrollY());

    // Override a range draws the shifts behind, so they no longer catch the pointer.
    const mode = page.getByRole("button", { name: "Override a range" });
    await mode.click();
    await expect.poll(() => mode.getAttribute("aria-pressed")).toBe("true");
    await page.getByTestId("override-mode-hint").waitFor();
    await expect.poll(() => olga.count()).toBe(0);
    await page.evaluate((y) => (globalThis as unknown as Scroller).scrollTo(0, y), Math.max(0, pageY - 120));
    const box = { ...drawn, y: pageY - (await scrollY()) };
    const x = box.x + box.width / 2;
    const top = Math.max(box.y + 6, 6);
    const bottom = Math.min(box.y + box.height - 6, viewport.height - 6);
    if (bottom - top < 20) throw new Error(`shift at y=${box.y}, h=${box.height} is too short to drag over`);
    await page.mouse.move(x, top);
    await page.mouse.down();
    await page.mouse.move(x, bottom, { steps: 8 });
    await page.mouse.up();
    await shot(page, "calendar-13-override-a-range");

    const dialog = page.getByRole("dialog", { name: "Create override" });
    await dialog.waitFor();
    const start = await dialog.getByLabel("Start (Europe/Berlin)").inputValue();
    const end = await dialog.getByLabel("End (Europe/Berlin)").inputValue();
    expect(start).toMatch(/T\d\d:00$/);
    expect(end > start).toBe(true);
    await dialog.getByLabel("Tier").selectOption("primary");
    await dialog.getByLabel("Engineer").selectOption({ label: "Nia Okafor (dev)" });
    await dialog.getByLabel("Note (optional)").fill("Nia covers a stretch of Olga's");
    await shot(page, "calendar-14-override-over-a-shift");
    await dialog.getByRole("button", { name: "Create override" }).click();
    await dialog.waitFor({ state: "detached" });
    await page.getByTestId("calendar-status").getByText(/Override created: Nia Okafor on primary/).waitFor();

    // The range was Olga's; now it is Nia's, and the calendar says so once shifts are clickable again.
    const { overrides } = await seed.admin.call<{ overrides: { id: string; user_id: string; start: string; end: string; note: string }[] }>(
      "GET",
      `/api/v1/schedules/${seed.scheduleId}/overrides`,
    );
    const made = overrides.find((o) => o.note === "Nia covers a stretch of Olga's");
    expect(made).toBeDefined();
    // Leave next week as it was for the swap tests, whatever happens below.
    onTestFinished(() => seed.admin.call("DELETE", `/api/v1/schedules/${seed.scheduleId}/overrides/${made!.id}`));
    const now = await primaryShifts(seed, made!.start, made!.end);
    expect(now.length).toBeGreaterThan(0);
    expect(now.every((sh) => sh.user_id === seed.users.nia.id && sh.source.kind === "override")).toBe(true);
    await mode.click();
    await expect.poll(() => mode.getAttribute("aria-pressed")).toBe("false");
    await event(page, "Nia Okafor · primary (override)").first().waitFor();

    // Clicking a shift offers to override just that shift, prefilled with
    // its range and tier (Dina's first day next week: Dan's has a swap in it).
    await event(page, "Dina Weber · primary (dev-business-hours)").first().click();
    const shiftDialog = page.getByRole("dialog", { name: "Shift" });
    await shiftDialog.waitFor();
    expect(await shiftDialog.getByTestId("shift-stretch").textContent()).toMatch(/09:00.*17:00/);
    await shiftDialog.getByRole("button", { name: "Override this shift" }).click();
    await dialog.waitFor();
    expect(await dialog.getByLabel("Start (Europe/Berlin)").inputValue()).toMatch(/T09:00$/);
    expect(await dialog.getByLabel("End (Europe/Berlin)").inputValue()).toMatch(/T17:00$/);
    expect(await dialog.getByLabel("Tier").inputValue()).toBe("primary");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "detached" });

    expect(errors).toEqual([]);
    await page.close();
  });

  it("gives away a whole weekly shift split by business hours as one swap, which once accepted shows the other engineer", async () => {
    const page = await browser.newPage();
    const errors = trackErrors(page);
    await signInAs(page, rota, seed.users.olga.email, seed.users.olga.password);
    await page.goto(`${rota.url}/calendar/${seed.scheduleId}`);
    await heading(page, "Calendar").waitFor();
    await page.getByRole("button", { name: "Next Week" }).click();

    // Olga's second stretch next week is Monday evening, the first of the
    // week's turn (the first is the night before, the end of last week's).
    const stretch = event(page, "Olga Petrova · primary (ops-24x7)").nth(1);
    await stretch.waitFor();
    await stretch.click();
    const shiftDialog = page.getByRole("dialog", { name: "Shift" });
    await shiftDialog.waitFor();
    expect(await shiftDialog.getByTestId("shift-whole").textContent()).toMatch(/17:00.*09:00/);
    await shiftDialog.getByRole("button", { name: "Give this shift away" }).click();
    const dialog = page.getByRole("dialog", { name: "Request swap" });
    await dialog.waitFor();
    // The whole turn, business hours and all: Monday 17:00 to the next Monday 09:00.
    const from = await dialog.getByLabel("From (Europe/Berlin)").inputValue();
    const until = await dialog.getByLabel("Until (Europe/Berlin)").inputValue();
    expect(from).toMatch(/T17:00$/);
    expect(until).toMatch(/T09:00$/);
    expect(wallDays(from, until)).toBe(7);
    await dialog.getByLabel("Ask").selectOption({ label: "Nia Okafor (dev)" });
    await dialog.getByLabel("Message (optional)").fill("My week off");
    await shot(page, "calendar-15-give-whole-shift");
    await dialog.getByRole("button", { name: "Request swap" }).click();
    await dialog.waitFor({ state: "detached" });
    await page.getByTestId("calendar-status").getByText(/Swap requested: asked Nia Okafor/).waitFor();

    // One request over the whole shift, not one per stretch.
    type ApiSwap = { id: string; kind: string; message: string; start: string; end: string; state: string; override_ids: string[] };
    const listed = async () =>
      (await seed.admin.call<{ swaps: ApiSwap[] }>("GET", `/api/v1/swaps?schedule_id=${seed.scheduleId}`)).swaps.filter((w) => w.message === "My week off");
    const asked = await listed();
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ kind: "give", state: "requested" });
    const { start, end } = asked[0]!;
    const before = await primaryShifts(seed, start, end);
    const olgas = before.filter((sh) => sh.user_id === seed.users.olga.id);
    expect(olgas.length).toBeGreaterThanOrEqual(4);
    expect(before.some((sh) => sh.source.name === "dev-business-hours")).toBe(true);
    expect(errors).toEqual([]);
    await page.close();

    // Nia accepts it on Now.
    const nia = await browser.newPage();
    const niaErrors = trackErrors(nia);
    await signInAs(nia, rota, seed.users.nia.email, seed.users.nia.password);
    const item = nia.getByTestId("swap").filter({ hasText: "My week off" });
    await item.waitFor();
    await expect.poll(async () => item.textContent()).toMatch(/Olga Petrova asks you to take/);
    await item.getByRole("button", { name: "Accept" }).click();
    await item.waitFor({ state: "detached" });

    // Every stretch of Olga's is Nia's now; everyone else (the developers'
    // days, an earlier swap's afternoon) keeps theirs.
    const [done] = await listed();
    expect(done).toMatchObject({ state: "accepted" });
    expect(done!.override_ids).toHaveLength(olgas.length);
    const after = await primaryShifts(seed, start, end);
    const niaOwn = (list: ApiShift[], on: boolean) => list.filter((sh) => (sh.user_id === seed.users.nia.id) === on);
    expect(after.filter((sh) => sh.user_id === seed.users.olga.id)).toEqual([]);
    expect(niaOwn(after, true).every((sh) => sh.source.kind === "override")).toBe(true);
    expect(niaOwn(after, true).map((sh) => [sh.start, sh.end])).toEqual(olgas.map((sh) => [sh.start, sh.end]));
    expect(niaOwn(after, false)).toEqual(before.filter((sh) => sh.user_id !== seed.users.olga.id));

    // And the calendar shows Nia through the week.
    await nia.goto(`${rota.url}/calendar/${seed.scheduleId}`);
    await heading(nia, "Calendar").waitFor();
    await nia.getByRole("button", { name: "Next Week" }).click();
    await expect.poll(() => event(nia, "Nia Okafor · primary (override)").count()).toBeGreaterThanOrEqual(olgas.length);
    await shot(nia, "calendar-16-whole-shift-given");
    expect(niaErrors).toEqual([]);
    await nia.close();
  });

  it("lets an engineer ask for someone else's whole shift with Take this shift", async () => {
    const page = await browser.newPage();
    const errors = trackErrors(page);
    await signInAs(page, rota, seed.users.dina.email, seed.users.dina.password);
    await page.goto(`${rota.url}/calendar/${seed.scheduleId}`);
    await heading(page, "Calendar").waitFor();
    // The week after next, which nobody has swapped.
    await page.getByRole("button", { name: "Next Week" }).click();
    await page.getByRole("button", { name: "Next Week" }).click();
    const stretch = event(page, "Olga Petrova · primary (ops-24x7)").nth(1);
    await stretch.waitFor();
    await stretch.click();
    const shiftDialog = page.getByRole("dialog", { name: "Shift" });
    expect(await shiftDialog.getByRole("button", { name: "Give this shift away" }).count()).toBe(0);
    await shiftDialog.getByRole("button", { name: "Take this shift" }).click();
    const dialog = page.getByRole("dialog", { name: "Request swap" });
    await dialog.waitFor();
    expect(await dialog.getByTestId("swap-whole-shift").textContent()).toMatch(/^Olga Petrova’s primary shift/);
    expect(await dialog.getByLabel("Ask").count()).toBe(0);
    expect(wallDays(await dialog.getByLabel("From (Europe/Berlin)").inputValue(), await dialog.getByLabel("Until (Europe/Berlin)").inputValue())).toBe(7);
    await dialog.getByLabel("Message (optional)").fill("I owe you one");
    await dialog.getByRole("button", { name: "Ask Olga Petrova" }).click();
    await dialog.waitFor({ state: "detached" });
    await page.getByTestId("calendar-status").getByText(/Swap requested: asked Olga Petrova for/).waitFor();
    expect(errors).toEqual([]);
    await page.close();

    const olga = await browser.newPage();
    const olgaErrors = trackErrors(olga);
    await signInAs(olga, rota, seed.users.olga.email, seed.users.olga.password);
    const item = olga.getByTestId("swap").filter({ hasText: "I owe you one" });
    await item.waitFor();
    await expect.poll(async () => item.textContent()).toMatch(/Dina Weber asks you for your primary shift/);
    await item.getByRole("button", { name: "Accept" }).click();
    await item.waitFor({ state: "detached" });
    const { swaps } = await seed.admin.call<{ swaps: { kind: string; message: string; start: string; end: string; state: string }[] }>(
      "GET",
      `/api/v1/swaps?schedule_id=${seed.scheduleId}`,
    );
    const taken = swaps.find((w) => w.message === "I owe you one")!;
    expect(taken).toMatchObject({ kind: "take", state: "accepted" });
    const after = await primaryShifts(seed, taken.start, taken.end);
    expect(after.filter((sh) => sh.user_id === seed.users.olga.id)).toEqual([]);
    expect(after.some((sh) => sh.user_id === seed.users.dina.id && sh.source.kind === "override")).toBe(true);
    expect(olgaErrors).toEqual([]);
    await olga.close();
  });
});

import { describe, expect, it } from "vitest";
import {
  formatDuration,
  shiftDays,
  startOfDay,
  formatInstant,
  formatRange,
  formatRelative,
  fromZonedInputValue,
  isSameInstant,
  isValidTimeZone,
  localDate,
  timeZoneNames,
  toZonedInputValue,
} from "./time";

const now = new Date("2026-11-23T09:00:00Z");
const later = (ms: number) => new Date(now.getTime() + ms);
const MIN = 60_000;
const H = 60 * MIN;

describe("formatDuration", () => {
  it.each([
    [0, "0 min"],
    [59_999, "0 min"],
    [45 * MIN, "45 min"],
    [3 * H, "3 h"],
    [3 * H + 20 * MIN, "3 h 20 min"],
    [24 * H, "1 d"],
    [2 * 24 * H + 4 * H + 59 * MIN, "2 d 4 h"],
    [-(3 * H), "3 h"],
  ])("%d ms is %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe("formatRelative", () => {
  it.each([
    [3 * H, "in 3 h"],
    [3 * H + 30 * MIN, "in 3 h 30 min"],
    [45 * MIN, "in 45 min"],
    [30_000, "now"],
    [-30_000, "now"],
    [-2 * 24 * H, "2 d ago"],
    [5 * 24 * H + 8 * H, "in 5 d 8 h"],
  ])("%d ms from now reads %s", (ms, text) => {
    expect(formatRelative(later(ms), now)).toBe(text);
  });

  it("takes RFC 3339 strings", () => {
    expect(formatRelative("2026-11-23T12:00:00Z", now)).toBe("in 3 h");
  });
});

describe("formatInstant and formatRange", () => {
  it("shows the time in the zone asked for, with the zone", () => {
    expect(formatInstant("2026-01-05T16:00:00Z", { timeZone: "Europe/Berlin", locale: "en-US" })).toBe("Mon, Jan 5, 17:00 GMT+1");
    expect(formatInstant("2026-01-05T16:00:00Z", { timeZone: "America/New_York", locale: "en-US" })).toBe("Mon, Jan 5, 11:00 EST");
  });

  it("leaves the date off the end of a same-day range", () => {
    expect(formatRange("2026-01-05T08:00:00Z", "2026-01-05T16:00:00Z", { timeZone: "Europe/Berlin", locale: "en-US" })).toBe(
      "Mon, Jan 5, 09:00 – 17:00 GMT+1",
    );
  });

  it("keeps the date on the end of a range that crosses midnight in the zone", () => {
    // 22:00–02:00 UTC is one UTC day apart, and also in Berlin (23:00–03:00).
    expect(formatRange("2026-01-05T22:00:00Z", "2026-01-06T02:00:00Z", { timeZone: "Europe/Berlin", locale: "en-US" })).toBe(
      "Mon, Jan 5, 23:00 – Tue, Jan 6, 03:00 GMT+1",
    );
    // The same instants are one day in New York (17:00–21:00).
    expect(formatRange("2026-01-05T22:00:00Z", "2026-01-06T02:00:00Z", { timeZone: "America/New_York", locale: "en-US" })).toBe(
      "Mon, Jan 5, 17:00 – 21:00 EST",
    );
  });
});

describe("zoned datetime-local values", () => {
  it("writes an instant as wall time in a zone", () => {
    expect(toZonedInputValue("2026-01-05T08:00:00Z", "Europe/Berlin")).toBe("2026-01-05T09:00");
    expect(toZonedInputValue("2026-07-05T08:00:00Z", "Europe/Berlin")).toBe("2026-07-05T10:00");
    expect(toZonedInputValue(new Date("2026-01-05T03:30:00Z"), "Asia/Kolkata")).toBe("2026-01-05T09:00");
    expect(localDate("2026-01-05T23:30:00Z", "Europe/Berlin")).toBe("2026-01-06");
  });

  it("reads wall time in a zone back to a UTC instant", () => {
    expect(fromZonedInputValue("2026-01-05T09:00", "Europe/Berlin")).toBe("2026-01-05T08:00:00Z");
    expect(fromZonedInputValue("2026-07-05T09:00", "Europe/Berlin")).toBe("2026-07-05T07:00:00Z");
    expect(fromZonedInputValue("2026-01-05T09:00", "UTC")).toBe("2026-01-05T09:00:00Z");
    expect(fromZonedInputValue("2026-01-05T09:00:30", "UTC")).toBe("2026-01-05T09:00:30Z");
  });

  it("moves a time skipped by DST forward and takes the first of a repeated one", () => {
    // Berlin skips 02:00–03:00 on 29 March 2026 and repeats 02:00–03:00 on 25 October.
    expect(fromZonedInputValue("2026-03-29T02:30", "Europe/Berlin")).toBe("2026-03-29T01:30:00Z");
    expect(fromZonedInputValue("2026-10-25T02:30", "Europe/Berlin")).toBe("2026-10-25T00:30:00Z");
  });

  it("round-trips every hour across a DST change", () => {
    for (let h = 0; h < 48; h++) {
      const at = new Date(Date.UTC(2026, 2, 28, h));
      const wall = toZonedInputValue(at, "Europe/Berlin");
      expect(fromZonedInputValue(wall, "Europe/Berlin")).toBe(at.toISOString().replace(".000Z", "Z"));
    }
  });

  it("refuses what is not a date and time", () => {
    expect(fromZonedInputValue("", "UTC")).toBeNull();
    expect(fromZonedInputValue("2026-02-30T09:00", "UTC")).toBeNull();
    expect(fromZonedInputValue("tomorrow", "UTC")).toBeNull();
    expect(fromZonedInputValue("2026-01-05T09:00", "Mars/Olympus")).toBeNull();
  });
});

describe("zones", () => {
  it("knows real zones and lists UTC first", () => {
    expect(isValidTimeZone("Europe/Berlin")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
    expect(isValidTimeZone("")).toBe(false);
    const names = timeZoneNames();
    expect(names[0]).toBe("UTC");
    expect(names).toContain("Europe/Berlin");
    expect(names.filter((n) => n === "UTC")).toHaveLength(1);
  });

  it("compares instants whatever their form", () => {
    expect(isSameInstant("2026-01-05T09:00:00Z", "2026-01-05T10:00:00+01:00")).toBe(true);
    expect(isSameInstant("2026-01-05T09:00:00Z", new Date("2026-01-05T09:00:01Z"))).toBe(false);
  });
});

describe("startOfDay and shiftDays", () => {
  it("find local midnight and move by whole days across a DST change", () => {
    expect(startOfDay(new Date("2027-03-27T23:30:00Z"), "Europe/Berlin")).toBe("2027-03-27T23:00:00Z"); // already the 28th in Berlin
    expect(shiftDays("2027-03-27T23:00:00Z", 1, "Europe/Berlin")).toBe("2027-03-28T22:00:00Z"); // the 29th, summer time
    expect(shiftDays("2027-03-28T22:00:00Z", -14, "Europe/Berlin")).toBe("2027-03-14T23:00:00Z");
    expect(startOfDay(new Date("2027-01-01T03:00:00Z"), "America/New_York")).toBe("2026-12-31T05:00:00Z");
  });
});

import { describe, expect, it } from "vitest";
import {
  cleanWorkingHours,
  describeWorkingHours,
  draftFromWorkingHours,
  formatWorkingHours,
  isWorkingHours,
  normalizeTime,
  parseWorkingHours,
  switchMode,
  workingHoursValue,
} from "./workingHours";

describe("parseWorkingHours", () => {
  it("reads the API's form", () => {
    expect(parseWorkingHours("mon-fri 09:00-17:00")).toEqual({ fromDay: "mon", toDay: "fri", start: "09:00", end: "17:00" });
    expect(parseWorkingHours("sun-sun 00:00-24:00")).toEqual({ fromDay: "sun", toDay: "sun", start: "00:00", end: "24:00" });
  });

  it("forgives case and spacing, as the form cleans them before sending", () => {
    expect(parseWorkingHours("  Mon - Fri   09:00 – 17:30 ")).toEqual({ fromDay: "mon", toDay: "fri", start: "09:00", end: "17:30" });
    expect(cleanWorkingHours("  Mon - Fri   09:00 – 17:30 ")).toBe("mon-fri 09:00-17:30");
  });

  it.each(["", "mon-fri", "mon-fri 9:00-17:00", "monday-friday 09:00-17:00", "mon-fri 24:00-17:00", "mon-fri 09:00-25:00", "mon-fri 09:60-17:00", "mon,tue 09:00-17:00"])(
    "refuses %j, as the server does",
    (text) => {
      expect(parseWorkingHours(text)).toBeNull();
      expect(isWorkingHours(text)).toBe(false);
    },
  );
});

describe("formatting", () => {
  it("writes the parts as the API reads them, padding short times", () => {
    expect(formatWorkingHours({ fromDay: "tue", toDay: "sat", start: "9:30", end: "18:00" })).toBe("tue-sat 09:30-18:00");
    expect(formatWorkingHours({ fromDay: "mon", toDay: "fri", start: "0800", end: "16" })).toBe("mon-fri 08:00-16:00");
  });

  it("leaves a time it cannot read for the server to refuse", () => {
    expect(normalizeTime(" 9h ")).toBe("9h");
    expect(isWorkingHours(formatWorkingHours({ fromDay: "mon", toDay: "fri", start: "9h", end: "17:00" }))).toBe(false);
  });

  it("says the hours in words", () => {
    expect(describeWorkingHours("mon-fri 09:00-17:00")).toBe("Monday to Friday, 09:00–17:00");
    expect(describeWorkingHours("sat-sat 10:00-14:00")).toBe("Saturday, 10:00–14:00");
    expect(describeWorkingHours("")).toBe("Not set");
  });
});

describe("the form's draft", () => {
  it("starts from none, a range, or text the pickers cannot show", () => {
    expect(draftFromWorkingHours(undefined).mode).toBe("none");
    expect(draftFromWorkingHours("mon-thu 07:00-15:00")).toMatchObject({ mode: "range", parts: { fromDay: "mon", toDay: "thu", start: "07:00", end: "15:00" } });
    expect(draftFromWorkingHours("weekdays")).toMatchObject({ mode: "text", text: "weekdays" });
  });

  it("sends empty for none, the range written out, or the cleaned text", () => {
    const range = draftFromWorkingHours("mon-fri 09:00-17:00");
    expect(workingHoursValue({ ...range, mode: "none" })).toBe("");
    expect(workingHoursValue({ ...range, parts: { ...range.parts, toDay: "sat", end: "13:00" } })).toBe("mon-sat 09:00-13:00");
    expect(workingHoursValue({ ...range, mode: "text", text: " TUE-FRI 10:00-18:00 " })).toBe("tue-fri 10:00-18:00");
  });

  it("carries the value across when switching between pickers and text", () => {
    const range = draftFromWorkingHours("wed-sun 12:00-20:00");
    const text = switchMode(range, "text");
    expect(text.text).toBe("wed-sun 12:00-20:00");
    const back = switchMode({ ...text, text: "mon-tue 06:00-14:00" }, "range");
    expect(back.parts).toEqual({ fromDay: "mon", toDay: "tue", start: "06:00", end: "14:00" });
    // Text the pickers cannot show keeps the pickers as they were.
    expect(switchMode({ ...text, text: "nonsense" }, "range").parts).toEqual(range.parts);
    // From none to text starts from the pickers' default.
    expect(switchMode(draftFromWorkingHours(""), "text").text).toBe("mon-fri 09:00-17:00");
  });
});

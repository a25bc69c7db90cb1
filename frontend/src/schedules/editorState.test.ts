import { describe, expect, it } from "vitest";
import type { Schedule } from "../api/types";
import {
  editorReducer,
  emptyState,
  fromSchedule,
  isShiftPreset,
  move,
  nextMonday9,
  toInput,
  type EditorAction,
  type EditorState,
} from "./editorState";

const schedule: Schedule = {
  id: "5",
  team_id: "1",
  name: "payments-oncall",
  time_zone: "Europe/Berlin",
  holidays: ["2026-12-25"],
  pairing: "mixed",
  version: 3,
  tiers: {
    primary: [
      { id: "10", name: "ops-24x7", participants: ["1", "2"], start: "2026-01-05T09:00", shift: "1w", coverage: [] },
      {
        id: "11",
        name: "dev-business-hours",
        participants: ["3", "4"],
        start: "2026-01-05T09:00",
        shift: "1d",
        coverage: [{ days: ["mon", "tue", "wed", "thu", "fri"], from: "09:00", to: "17:00" }],
      },
    ],
    secondary: [],
    shadow: [{ id: "13", name: "learners", participants: ["5"], start: "2026-01-05T09:00", shift: "1w", coverage: [] }],
  },
  members: [],
};

const run = (state: EditorState, ...actions: EditorAction[]) => actions.reduce(editorReducer, state);

describe("loading and building the body", () => {
  it("round-trips a schedule unchanged, with the version edited", () => {
    const state = fromSchedule(schedule);
    expect(state.dirty).toBe(false);
    expect(state.tiers.primary[1]?.coverage).toBe("windows");
    expect(state.tiers.primary[0]?.coverage).toBe("always");
    expect(toInput(state)).toEqual({
      name: "payments-oncall",
      time_zone: "Europe/Berlin",
      holidays: ["2026-12-25"],
      pairing: "mixed",
      tiers: { primary: schedule.tiers.primary, secondary: [], shadow: schedule.tiers.shadow },
      version: 3,
    });
  });

  it("leaves the version out for a new schedule and trims names", () => {
    const state = run(emptyState("UTC"), { type: "setName", name: "  night-shift " });
    const body = toInput(state);
    expect(body).not.toHaveProperty("version");
    expect(body.name).toBe("night-shift");
    expect(body.time_zone).toBe("UTC");
    expect(body.tiers).toEqual({ primary: [], secondary: [], shadow: [] });
  });

  it("reads any pairing but mixed as none", () => {
    expect(fromSchedule({ ...schedule, pairing: "" }).pairing).toBe("");
    expect(fromSchedule({ ...schedule, pairing: "whatever" }).pairing).toBe("");
  });

  it("does not share arrays with the schedule it loaded", () => {
    const state = run(fromSchedule(schedule), { type: "addParticipant", tier: "primary", index: 0, userId: "9" });
    expect(schedule.tiers.primary?.[0]?.participants).toEqual(["1", "2"]);
    expect(state.tiers.primary[0]?.participants).toEqual(["1", "2", "9"]);
  });
});

describe("layers", () => {
  it("adds a layer at the end of its tier with a default name, shift and coverage", () => {
    const state = run(fromSchedule(schedule), { type: "addLayer", tier: "secondary", start: "2026-02-02T09:00" });
    expect(state.dirty).toBe(true);
    expect(toInput(state).tiers.secondary).toEqual([
      { name: "secondary", participants: [], start: "2026-02-02T09:00", shift: "1w", coverage: [] },
    ]);
    const two = run(state, { type: "addLayer", tier: "secondary", start: "2026-02-02T09:00" });
    expect(two.tiers.secondary.map((l) => l.name)).toEqual(["secondary", "secondary-2"]);
  });

  it("moves layers up and down and ignores moves past either end", () => {
    const base = fromSchedule(schedule);
    const down = run(base, { type: "moveLayer", tier: "primary", index: 0, by: 1 });
    expect(toInput(down).tiers.primary?.map((l) => l.name)).toEqual(["dev-business-hours", "ops-24x7"]);
    const back = run(down, { type: "moveLayer", tier: "primary", index: 1, by: -1 });
    expect(toInput(back).tiers.primary?.map((l) => l.name)).toEqual(["ops-24x7", "dev-business-hours"]);
    const stuck = run(base, { type: "moveLayer", tier: "primary", index: 0, by: -1 }, { type: "moveLayer", tier: "primary", index: 1, by: 1 });
    expect(toInput(stuck).tiers.primary?.map((l) => l.name)).toEqual(["ops-24x7", "dev-business-hours"]);
  });

  it("removes a layer and keeps the layer ids of the others", () => {
    const state = run(fromSchedule(schedule), { type: "removeLayer", tier: "primary", index: 0 });
    expect(toInput(state).tiers.primary).toEqual([schedule.tiers.primary?.[1]]);
  });

  it("updates one layer's fields and trims the shift", () => {
    const state = run(fromSchedule(schedule), {
      type: "updateLayer",
      tier: "primary",
      index: 0,
      patch: { name: "ops", shift: " 12h ", start: "2026-03-02T08:00" },
    });
    expect(toInput(state).tiers.primary?.[0]).toEqual({
      id: "10",
      name: "ops",
      participants: ["1", "2"],
      start: "2026-03-02T08:00",
      shift: "12h",
      coverage: [],
    });
  });

  it("ignores edits to a layer that is not there", () => {
    const base = fromSchedule(schedule);
    expect(run(base, { type: "updateLayer", tier: "secondary", index: 0, patch: { name: "x" } })).toBe(base);
  });
});

describe("participants", () => {
  const at = (s: EditorState) => s.tiers.primary[0]?.participants;

  it("adds people once, in order", () => {
    const state = run(
      fromSchedule(schedule),
      { type: "addParticipant", tier: "primary", index: 0, userId: "7" },
      { type: "addParticipant", tier: "primary", index: 0, userId: "1" },
    );
    expect(at(state)).toEqual(["1", "2", "7"]);
  });

  it("moves and removes people", () => {
    const base = fromSchedule(schedule);
    expect(at(run(base, { type: "moveParticipant", tier: "primary", index: 0, at: 1, by: -1 }))).toEqual(["2", "1"]);
    expect(at(run(base, { type: "moveParticipant", tier: "primary", index: 0, at: 1, by: 1 }))).toEqual(["1", "2"]);
    expect(at(run(base, { type: "removeParticipant", tier: "primary", index: 0, at: 0 }))).toEqual(["2"]);
  });
});

describe("coverage", () => {
  it("offers a working week when switching to windows, and sends none while always", () => {
    const state = run(fromSchedule(schedule), { type: "updateLayer", tier: "primary", index: 0, patch: { coverage: "windows" } });
    expect(toInput(state).tiers.primary?.[0]?.coverage).toEqual([{ days: ["mon", "tue", "wed", "thu", "fri"], from: "09:00", to: "17:00" }]);
  });

  it("keeps the windows while set to always, so switching back restores them", () => {
    const base = fromSchedule(schedule);
    const always = run(base, { type: "updateLayer", tier: "primary", index: 1, patch: { coverage: "always" } });
    expect(toInput(always).tiers.primary?.[1]?.coverage).toEqual([]);
    const back = run(always, { type: "updateLayer", tier: "primary", index: 1, patch: { coverage: "windows" } });
    expect(toInput(back).tiers.primary?.[1]?.coverage).toEqual(schedule.tiers.primary?.[1]?.coverage);
  });

  it("adds, edits and removes windows, and sends days in week order", () => {
    const state = run(
      fromSchedule(schedule),
      { type: "addWindow", tier: "primary", index: 1 },
      { type: "updateWindow", tier: "primary", index: 1, at: 1, patch: { from: "22:00", to: "06:00" } },
      { type: "toggleDay", tier: "primary", index: 1, at: 1, day: "mon" },
      { type: "toggleDay", tier: "primary", index: 1, at: 1, day: "sun" },
      { type: "toggleDay", tier: "primary", index: 1, at: 1, day: "sat" },
      { type: "removeWindow", tier: "primary", index: 1, at: 0 },
    );
    expect(toInput(state).tiers.primary?.[1]?.coverage).toEqual([
      { days: ["tue", "wed", "thu", "fri", "sat", "sun"], from: "22:00", to: "06:00" },
    ]);
  });
});

describe("schedule fields", () => {
  it("edits zone, pairing and holidays, leaving trailing blank holidays out", () => {
    const state = run(
      fromSchedule(schedule),
      { type: "setTimeZone", timeZone: "America/New_York" },
      { type: "setPairing", pairing: "" },
      { type: "addHoliday", date: "2026-12-26" },
      { type: "addHoliday" },
      { type: "setHoliday", index: 0, date: "2026-12-24" },
      { type: "setHoliday", index: 9, date: "2027-01-01" },
    );
    const body = toInput(state);
    expect(body.time_zone).toBe("America/New_York");
    expect(body.pairing).toBe("");
    expect(body.holidays).toEqual(["2026-12-24", "2026-12-26"]);
    expect(toInput(run(state, { type: "removeHoliday", index: 0 })).holidays).toEqual(["2026-12-26"]);
  });

  it("replaces everything on load and is clean again", () => {
    const edited = run(fromSchedule(schedule), { type: "setName", name: "x" });
    const reloaded = run(edited, { type: "load", state: fromSchedule({ ...schedule, version: 4 }) });
    expect(reloaded.dirty).toBe(false);
    expect(reloaded.name).toBe("payments-oncall");
    expect(toInput(reloaded).version).toBe(4);
  });
});

describe("helpers", () => {
  it("move copies and swaps neighbours", () => {
    const list = ["a", "b", "c"];
    expect(move(list, 0, 1)).toEqual(["b", "a", "c"]);
    expect(move(list, 2, -1)).toEqual(["a", "c", "b"]);
    expect(move(list, 2, 1)).toEqual(["a", "b", "c"]);
    expect(move(list, 5, -1)).toEqual(["a", "b", "c"]);
    expect(list).toEqual(["a", "b", "c"]);
  });

  it("knows the preset shift lengths", () => {
    expect(isShiftPreset("1w")).toBe(true);
    expect(isShiftPreset("12h")).toBe(true);
    expect(isShiftPreset("90m")).toBe(false);
  });

  it("starts new layers on the coming Monday at 09:00", () => {
    expect(nextMonday9(new Date(2026, 10, 22, 23, 0))).toBe("2026-11-23T09:00"); // a Sunday
    expect(nextMonday9(new Date(2026, 10, 23, 8, 0))).toBe("2026-11-30T09:00"); // a Monday: the next one
    expect(nextMonday9(new Date(2026, 11, 30, 12, 0))).toBe("2027-01-04T09:00"); // across the year
  });
});

import { describe, expect, it } from "vitest";
import type { Schedule, Shift } from "../api/types";
import {
  BUSINESS_HOURS_COLORS,
  GAP_COLOR,
  TIER_COLORS,
  calendarEvents,
  eventProps,
  gapToEvent,
  layerStyles,
  pairingTitle,
  shiftToEvent,
} from "./events";

const schedule: Pick<Schedule, "tiers" | "members"> = {
  tiers: {
    primary: [
      { id: "10", name: "ops-24x7", participants: ["1"], start: "2026-01-05T09:00", shift: "1w", coverage: [] },
      {
        id: "11",
        name: "dev-business-hours",
        participants: ["2", "3"],
        start: "2026-01-05T09:00",
        shift: "1d",
        coverage: [{ days: ["mon", "tue", "wed", "thu", "fri"], from: "09:00", to: "17:00" }],
      },
    ],
    secondary: [{ id: "12", name: "dev-secondary", participants: ["3"], start: "2026-01-05T09:00", shift: "1w", coverage: [] }],
    shadow: [{ id: "13", name: "learners", participants: ["4"], start: "2026-01-05T09:00", shift: "1w", coverage: [] }],
  },
  members: [
    { id: "1", name: "Olga Petrova", discipline: "ops" },
    { id: "2", name: "Dan Miller", discipline: "dev" },
    { id: "3", name: "Dina Weber", discipline: "dev" },
    { id: "4", name: "Nia Okafor", discipline: "dev" },
  ],
};

function shift(over: Partial<Shift>): Shift {
  return {
    tier: "primary",
    user_id: "1",
    user_name: "Olga Petrova",
    discipline: "ops",
    start: "2026-01-05T16:00:00Z",
    end: "2026-01-06T08:00:00Z",
    source: { kind: "layer", id: "10", name: "ops-24x7" },
    whole_shift: { start: "2026-01-05T16:00:00Z", end: "2026-01-12T08:00:00Z" },
    ...over,
  };
}

const classes = (e: { className?: unknown }) => String(e.className).split(" ");

describe("layerStyles", () => {
  it("calls a layer with weekly windows business hours and one without always", () => {
    const styles = layerStyles(schedule);
    expect(Object.fromEntries(styles)).toEqual({ "10": "always", "11": "business-hours", "12": "always", "13": "always" });
  });
});

describe("shiftToEvent", () => {
  const styles = layerStyles(schedule);

  it("colours each tier its own way and names engineer, tier and layer", () => {
    const primary = shiftToEvent(shift({}), styles, "9", 0);
    const secondary = shiftToEvent(
      shift({ tier: "secondary", user_id: "3", user_name: "Dina Weber", source: { kind: "layer", id: "12", name: "dev-secondary" } }),
      styles,
      "9",
      1,
    );
    expect(primary.title).toBe("Olga Petrova · primary (ops-24x7)");
    expect(primary.color).toBe(TIER_COLORS.primary);
    expect(classes(primary)).toEqual(["rota-event", "rota-event--primary", "rota-event--always"]);
    expect(secondary.color).toBe(TIER_COLORS.secondary);
    expect(secondary.color).not.toBe(primary.color);
    expect(classes(secondary)).toContain("rota-event--secondary");
    expect(primary.start).toBe("2026-01-05T16:00:00Z");
    expect(primary.end).toBe("2026-01-06T08:00:00Z");
  });

  it("draws business-hours layers lighter than 24×7 ones", () => {
    const bh = shiftToEvent(
      shift({ user_id: "2", user_name: "Dan Miller", discipline: "dev", source: { kind: "layer", id: "11", name: "dev-business-hours" } }),
      styles,
      "9",
      0,
    );
    expect(bh.color).toBe(BUSINESS_HOURS_COLORS.primary);
    expect(bh.color).not.toBe(TIER_COLORS.primary);
    expect(classes(bh)).toContain("rota-event--business-hours");
    expect(bh.title).toBe("Dan Miller · primary (dev-business-hours)");
  });

  it("marks shadow shifts in the title and by class", () => {
    const e = shiftToEvent(
      shift({ tier: "shadow", user_id: "4", user_name: "Nia Okafor", source: { kind: "layer", id: "13", name: "learners" } }),
      styles,
      "9",
      0,
    );
    expect(e.title).toBe("Nia Okafor · shadow (learners)");
    expect(classes(e)).toContain("rota-event--shadow");
    expect(e.color).toBe(TIER_COLORS.shadow);
  });

  it("marks overrides whatever layer they cover", () => {
    const e = shiftToEvent(shift({ user_id: "3", user_name: "Dina Weber", source: { kind: "override", id: "7" } }), styles, "9", 0);
    expect(e.title).toBe("Dina Weber · primary (override)");
    expect(classes(e)).toContain("rota-event--override");
    expect(e.color).toBe(TIER_COLORS.primary);
  });

  it("marks the viewer's own shifts and carries the shift for click handling", () => {
    const s = shift({});
    const mine = shiftToEvent(s, styles, "1", 0);
    const theirs = shiftToEvent(s, styles, "2", 0);
    expect(classes(mine)).toContain("rota-event--mine");
    expect(classes(theirs)).not.toContain("rota-event--mine");
    expect(eventProps(mine.extendedProps as Record<string, unknown>)).toMatchObject({ kind: "shift", shift: s, mine: true, style: "always" });
  });

  it("falls back to the user id and an unknown layer to always", () => {
    const e = shiftToEvent(shift({ user_name: "", source: { kind: "layer", id: "99" } }), styles, "9", 0);
    expect(e.title).toBe("1 · primary (layer)");
    expect(classes(e)).toContain("rota-event--always");
  });
});

describe("gaps and pairing violations", () => {
  it("turns a gap into a red background event naming the tier", () => {
    const e = gapToEvent({ tier: "secondary", start: "2026-01-10T00:00:00Z", end: "2026-01-11T00:00:00Z" });
    expect(e.display).toBe("background");
    expect(e.color).toBe(GAP_COLOR);
    expect(e.title).toBe("Coverage gap: no secondary on call");
    expect(classes(e)).toEqual(["rota-gap", "rota-gap--secondary"]);
    expect(eventProps(e.extendedProps as Record<string, unknown>)?.kind).toBe("gap");
  });

  it("explains a broken pairing with names", () => {
    const names = new Map([
      ["2", "Dan Miller"],
      ["3", "Dina Weber"],
    ]);
    expect(pairingTitle({ primary_id: "2", secondary_id: "3", discipline: "dev" }, names)).toBe(
      "Pairing broken: Dan Miller and Dina Weber are both dev",
    );
    expect(pairingTitle({ primary_id: "3", secondary_id: "3", discipline: "dev" }, names)).toBe(
      "Pairing broken: Dina Weber is both primary and secondary (dev)",
    );
    expect(pairingTitle({ primary_id: "5", secondary_id: "3" }, names)).toBe("Pairing broken: 5 and Dina Weber are of the same discipline");
  });
});

describe("calendarEvents", () => {
  it("lists shifts by tier then start, then gaps and violations as backgrounds", () => {
    const events = calendarEvents(
      {
        shifts: [
          shift({ tier: "shadow", user_id: "4", user_name: "Nia Okafor", source: { kind: "layer", id: "13", name: "learners" } }),
          shift({ start: "2026-01-06T08:00:00Z", end: "2026-01-06T16:00:00Z" }),
          shift({ tier: "secondary", user_id: "3", user_name: "Dina Weber", source: { kind: "layer", id: "12", name: "dev-secondary" } }),
          shift({}),
        ],
        gaps: [{ tier: "primary", start: "2026-01-10T00:00:00Z", end: "2026-01-10T09:00:00Z" }],
        pairing_violations: [
          { start: "2026-01-05T08:00:00Z", end: "2026-01-05T16:00:00Z", discipline: "dev", primary_id: "2", secondary_id: "3" },
          { discipline: "dev" },
        ],
      },
      schedule,
      "1",
    );
    expect(events.map((e) => e.title)).toEqual([
      "Olga Petrova · primary (ops-24x7)",
      "Olga Petrova · primary (ops-24x7)",
      "Dina Weber · secondary (dev-secondary)",
      "Nia Okafor · shadow (learners)",
      "Coverage gap: no primary on call",
      "Pairing broken: Dan Miller and Dina Weber are both dev",
    ]);
    expect(events[0]?.start).toBe("2026-01-05T16:00:00Z");
    expect(events.slice(0, 4).map((e) => (e.extendedProps as { tierRank: number }).tierRank)).toEqual([0, 0, 1, 2]);
    expect(events.slice(4).every((e) => e.display === "background")).toBe(true);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it("draws shifts behind, as backgrounds, when a range is being overridden", () => {
    const res = { shifts: [shift({}), shift({ tier: "shadow", user_id: "4", source: { kind: "layer", id: "13", name: "learners" } })] };
    const normal = calendarEvents(res, schedule, "1");
    const behind = calendarEvents(res, schedule, "1", { shiftsBehind: true });
    expect(normal.every((e) => e.display === undefined)).toBe(true);
    expect(behind.map((e) => e.display)).toEqual(["background", "background"]);
    expect(behind.map((e) => e.title)).toEqual(normal.map((e) => e.title));
    expect(classes(behind[0]!)).toContain("rota-event--behind");
    // The shift still rides along, so the event says whose it is.
    expect(eventProps(behind[0]!.extendedProps as Record<string, unknown>)).toMatchObject({ kind: "shift", mine: true });
  });

  it("copes with an empty answer", () => {
    expect(calendarEvents({}, schedule, "1")).toEqual([]);
  });

  it("reads back nothing from events it did not make", () => {
    expect(eventProps({})).toBeNull();
    expect(eventProps({ kind: "other" })).toBeNull();
  });
});

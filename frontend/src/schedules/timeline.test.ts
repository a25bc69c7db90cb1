import { describe, expect, it } from "vitest";
import type { Shift, SourceKind, Timeline } from "../api/types";
import { engineersOf, timelineRows } from "./timeline";

const shift = (tier: Shift["tier"], user: string, start: string, end: string, kind: SourceKind = "layer"): Shift => ({
  tier,
  user_id: user,
  user_name: user.toUpperCase(),
  discipline: "ops",
  start,
  end,
  source: { kind, id: "", name: "" },
});

const base: Timeline = {
  time_zone: "Europe/Berlin",
  from: "2027-01-04T00:00:00Z",
  to: "2027-01-18T00:00:00Z",
  layers: [
    { index: 0, position: 0, tier: "primary", id: "1", name: "ops", shifts: [shift("primary", "olga", "2026-12-28T08:00:00Z", "2027-01-11T08:00:00Z")] },
    { index: 1, position: 0, tier: "shadow", id: "3", name: "learners", shifts: [shift("shadow", "nia", "2027-01-04T08:00:00Z", "2027-01-11T08:00:00Z")] },
    { index: 2, position: 1, tier: "primary", id: "2", name: "", shifts: [shift("primary", "dan", "2027-01-04T08:00:00Z", "2027-01-04T16:00:00Z")] },
  ],
  final: [
    shift("primary", "olga", "2027-01-04T00:00:00Z", "2027-01-04T08:00:00Z"),
    shift("primary", "dina", "2027-01-04T08:00:00Z", "2027-01-04T10:00:00Z", "override"),
    shift("primary", "dan", "2027-01-04T10:00:00Z", "2027-01-04T16:00:00Z"),
    shift("shadow", "nia", "2027-01-04T08:00:00Z", "2027-01-11T08:00:00Z"),
  ],
  overrides: [],
  gaps: [{ tier: "primary", start: "2027-01-17T00:00:00Z", end: "2027-01-19T00:00:00Z" }],
  warnings: [],
};

describe("timelineRows", () => {
  it("lists each tier's layers in precedence order, then the tier's final row", () => {
    const rows = timelineRows(base);
    expect(rows.map((r) => r.label)).toEqual(["Primary · ops", "Primary · layer 2", "Primary · final", "Shadow · learners", "Shadow · final"]);
    expect(rows.map((r) => r.field)).toEqual(["tiers.primary[0]", "tiers.primary[1]", undefined, "tiers.shadow[0]", undefined]);
  });

  it("clips bars to the range and marks overrides and gaps on the final row", () => {
    const [ops, , final] = timelineRows(base);
    expect(ops!.bars[0]!.start).toBe(Date.parse(base.from)); // began before the range
    expect(final!.bars.map((b) => [b.kind, b.who])).toEqual([
      ["turn", "OLGA"],
      ["override", "DINA"],
      ["turn", "DAN"],
      ["gap", "Nobody on call"],
    ]);
    expect(final!.bars[3]!.end).toBe(Date.parse(base.to)); // the gap runs past the range
  });

  it("leaves out tiers without layers and names each engineer once", () => {
    const rows = timelineRows({ ...base, layers: base.layers.filter((l) => l.tier === "primary"), final: base.final.filter((s) => s.tier === "primary") });
    expect(rows.some((r) => r.tier === "shadow")).toBe(false);
    expect(engineersOf(rows).map((e) => e.name)).toEqual(["OLGA", "DAN", "DINA"]);
  });
});

import { describe, expect, it } from "vitest";
import type { Timeline } from "../../api/types";
import { timelineRows } from "../../schedules/timeline";
import { timelineChart } from "./ScheduleTimeline";

const t: Timeline = {
  time_zone: "UTC",
  from: "2027-01-04T00:00:00Z",
  to: "2027-01-06T00:00:00Z",
  layers: [
    { index: 0, position: 0, tier: "primary", id: "1", name: "ops", shifts: [{ tier: "primary", user_id: "1", user_name: "Olga", discipline: "ops", start: "2027-01-04T00:00:00Z", end: "2027-01-05T00:00:00Z", source: { kind: "layer", id: "1", name: "ops" } }] },
    { index: 1, position: 0, tier: "secondary", id: "2", name: "dev", shifts: [{ tier: "secondary", user_id: "2", user_name: "Dina", discipline: "dev", start: "2027-01-04T00:00:00Z", end: "2027-01-06T00:00:00Z", source: { kind: "layer", id: "2", name: "dev" } }] },
  ],
  final: [
    { tier: "primary", user_id: "1", user_name: "Olga", discipline: "ops", start: "2027-01-04T00:00:00Z", end: "2027-01-05T00:00:00Z", source: { kind: "layer", id: "1", name: "ops" } },
    { tier: "secondary", user_id: "2", user_name: "Dina", discipline: "dev", start: "2027-01-04T00:00:00Z", end: "2027-01-06T00:00:00Z", source: { kind: "layer", id: "2", name: "dev" } },
  ],
  overrides: [],
  gaps: [{ tier: "primary", start: "2027-01-05T00:00:00Z", end: "2027-01-06T00:00:00Z" }],
  warnings: [],
};

describe("timelineChart", () => {
  it("puts every bar on the row it belongs to, engineers and gaps in their own datasets", () => {
    const rows = timelineRows(t);
    const cfg = timelineChart(rows, t);
    const labels = cfg.data.labels as string[];
    expect(labels).toEqual(rows.map((r) => r.label));
    const placed: Record<string, string[]> = {};
    for (const ds of cfg.data.datasets) {
      for (const p of ds.data as unknown as { y: string; bar: { who: string } }[]) {
        expect(labels).toContain(p.y);
        (placed[p.y] ??= []).push(`${ds.label}:${p.bar.who}`);
      }
    }
    expect(placed).toEqual({
      "Primary · ops": ["Olga:Olga"],
      "Primary · final": ["Olga:Olga", "Nobody on call:Nobody on call"],
      "Secondary · dev": ["Dina:Dina"],
      "Secondary · final": ["Dina:Dina"],
    });
  });
});

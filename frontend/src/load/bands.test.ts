import { describe, expect, it } from "vitest";
import { bandSeries, fairnessWords, heatLevel, heatMax } from "./bands";

describe("bands", () => {
  it("orders engineers by interruptions and splits them by band", () => {
    const e = (name: string, business: number, off_hours: number, sleep: number) => ({
      id: name, email: "", name, pages: 0, flags: [], hours_on_call: { primary: 0, secondary: 0, shadow: 0 },
      interruptions: { total: business + off_hours + sleep, business, off_hours, sleep },
    });
    expect(bandSeries([e("Ann", 1, 0, 0), e("Bo", 0, 1, 2), e("Al", 1, 0, 0)])).toEqual({
      labels: ["Bo", "Al", "Ann"],
      series: { business: [0, 1, 1], off_hours: [1, 0, 0], sleep: [2, 0, 0] },
    });
  });

  it("shades the heat map against its largest cell", () => {
    expect(heatMax([[0, 2], [5, 1]])).toBe(5);
    expect([0, 1, 2, 3, 4, 5].map((n) => heatLevel(n, 5))).toEqual([0, 1, 2, 3, 4, 4]);
    expect(heatLevel(3, 0)).toBe(0);
  });

  it("reads the Gini coefficient", () => {
    expect([0, 0.2, 0.5].map(fairnessWords)).toEqual(["even", "somewhat uneven", "uneven"]);
  });
});

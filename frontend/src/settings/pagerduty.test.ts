import { describe, expect, it } from "vitest";
import type { PagerDutyImport } from "../api/pagerduty";
import { connectionText, faithfulnessText, importHeadline, planLineKind } from "./pagerduty";

const base: PagerDutyImport = {
  id: "1", dry_run: true, status: "ok", error: "", error_lines: [], started_at: "", finished_at: "",
  plan: ["+ team payments"], summary: "1 to create, 0 to update, 0 to delete", notes: [],
  created: 1, updated: 0, deleted: 0, skipped: [], changed: [], checks: [], faithful: true,
};

describe("PagerDuty wording", () => {
  it("reads plan lines by their sign", () => {
    expect(planLineKind("+ team payments")).toBe("create");
    expect(planLineKind("~ schedule a: name x → y")).toBe("update");
    expect(planLineKind("- member x")).toBe("delete");
    expect(planLineKind("note: x")).toBe("other");
  });
  it("never shows more of a token than its last four characters", () => {
    const c = { connected: true, source: "settings" as const, token_last4: "6789", stored: true, connected_at: null, connected_by: "", api_url: "" };
    expect(connectionText(c)).toBe("Connected with a stored token ending 6789.");
    expect(connectionText({ ...c, source: "environment" })).toContain("ROTA_PAGERDUTY_TOKEN");
    expect(connectionText({ ...c, connected: false })).toBe("Not connected.");
  });
  it("sums imports up", () => {
    expect(importHeadline(base)).toBe("Preview: 1 to create, 0 to update, 0 to delete");
    expect(importHeadline({ ...base, plan: [] })).toBe("Preview: Rota already matches PagerDuty");
    expect(importHeadline({ ...base, dry_run: false })).toBe("Imported: 1 created, 0 updated, 0 deleted");
    expect(importHeadline({ ...base, status: "failed" })).toBe("The preview failed");
    const check = { pagerduty_id: "P", team: "t", name: "s", from: "", to: "", faithful: true, differences: [], total_differences: 0 };
    expect(faithfulnessText({ ...base, checks: [check] })).toBe("All 1 schedule(s) match PagerDuty's final schedule.");
    expect(faithfulnessText({ ...base, checks: [check, { ...check, faithful: false }] })).toBe("1 of 2 schedule(s) differ from PagerDuty's final schedule.");
  });
});

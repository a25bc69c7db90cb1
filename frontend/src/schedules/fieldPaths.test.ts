import { describe, expect, it } from "vitest";
import { editorReducer, emptyState, type EditorState } from "./editorState";
import { editorFieldPaths, errorId, fieldId, parentPath, resolveFieldPath } from "./fieldPaths";

function editor(): EditorState {
  let s = emptyState("Europe/Berlin");
  s = editorReducer(s, { type: "addHoliday", date: "2026-12-25" });
  s = editorReducer(s, { type: "addLayer", tier: "primary", start: "2026-01-05T09:00" });
  s = editorReducer(s, { type: "addLayer", tier: "primary", start: "2026-01-05T09:00" });
  s = editorReducer(s, { type: "updateLayer", tier: "primary", index: 1, patch: { coverage: "windows" } });
  s = editorReducer(s, { type: "addWindow", tier: "primary", index: 1 });
  s = editorReducer(s, { type: "addLayer", tier: "shadow", start: "2026-01-05T09:00" });
  return s;
}

describe("fieldId", () => {
  it("makes a DOM id from a path", () => {
    expect(fieldId("tiers.primary[1].shift")).toBe("field-tiers-primary-1-shift");
    expect(fieldId("holidays[0]")).toBe("field-holidays-0");
    expect(fieldId("name")).toBe("field-name");
    expect(errorId("time_zone")).toBe("field-time-zone-error");
  });

  it("gives different paths different ids", () => {
    const ids = [...editorFieldPaths(editor())].map(fieldId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("parentPath", () => {
  it.each([
    ["tiers.primary[0].coverage[2].days[1]", "tiers.primary[0].coverage[2].days"],
    ["tiers.primary[0].coverage[2].days", "tiers.primary[0].coverage[2]"],
    ["tiers.primary[0].coverage[2]", "tiers.primary[0].coverage"],
    ["tiers.primary[0]", "tiers.primary"],
    ["tiers.primary", "tiers"],
    ["holidays[3]", "holidays"],
    ["tiers", null],
  ])("%s → %s", (path, parent) => {
    expect(parentPath(path)).toBe(parent);
  });
});

describe("resolveFieldPath", () => {
  const known = editorFieldPaths(editor());

  it.each([
    // The server's paths that a control holds exactly.
    ["name", "name"],
    ["time_zone", "time_zone"],
    ["pairing", "pairing"],
    ["holidays[0]", "holidays[0]"],
    ["tiers.primary[1].shift", "tiers.primary[1].shift"],
    ["tiers.primary[0].start", "tiers.primary[0].start"],
    ["tiers.primary[0].participants", "tiers.primary[0].participants"],
    ["tiers.primary[1].coverage[1].to", "tiers.primary[1].coverage[1].to"],
    ["tiers.shadow[0].name", "tiers.shadow[0].name"],
    // Deeper than any control: the nearest one above.
    ["tiers.primary[0].participants[1]", "tiers.primary[0].participants"],
    ["tiers.primary[1].coverage[0].days[2]", "tiers.primary[1].coverage[0].days"],
    // A window of a layer set to always: its coverage control.
    ["tiers.primary[0].coverage[0].from", "tiers.primary[0].coverage"],
    // A holiday or layer the form no longer has: the list it was in.
    ["holidays[4]", "holidays"],
    ["tiers.secondary[0].shift", "tiers.secondary"],
    ["tiers.bogus", "tiers"],
  ])("%s is shown at %s", (path, control) => {
    expect(resolveFieldPath(path, known)).toBe(control);
  });

  it("has no control for paths outside the form", () => {
    expect(resolveFieldPath("version", known)).toBeNull();
    expect(resolveFieldPath("body", known)).toBeNull();
    expect(resolveFieldPath(undefined, known)).toBeNull();
    expect(resolveFieldPath("", known)).toBeNull();
  });

  it("lists window controls only for layers with windows", () => {
    expect(known.has("tiers.primary[1].coverage[0].days")).toBe(true);
    expect(known.has("tiers.primary[1].coverage[1].from")).toBe(true);
    expect(known.has("tiers.primary[0].coverage[0].days")).toBe(false);
    expect(known.has("tiers.primary[2].shift")).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import type { Rule } from "../api/types";
import { fromRules, rulesErrorPath, rulesFieldPaths, rulesReducer, toRulesInput, type RulesAction, type RulesState } from "./rulesState";

const rules: Rule[] = [
  { id: "1", name: "payments team", match: [{ label: "team", equals: "payments" }], service_id: "1" },
  { id: "2", name: "edge by source", match: [{ field: "source", regex: "edge-.*" }, { label: "env", equals: "prod" }], service_id: "3" },
];

function apply(state: RulesState, ...actions: RulesAction[]): RulesState {
  return actions.reduce(rulesReducer, state);
}

describe("loading and saving", () => {
  it("round-trips the server's rules in order", () => {
    const state = fromRules(rules);
    expect(state.dirty).toBe(false);
    expect(toRulesInput(state)).toEqual([
      { name: "payments team", match: [{ label: "team", equals: "payments" }], service_id: "1" },
      { name: "edge by source", match: [{ field: "source", regex: "edge-.*" }, { label: "env", equals: "prod" }], service_id: "3" },
    ]);
  });
});

describe("rulesReducer", () => {
  it("adds a rule with one empty label match, aimed at the service given", () => {
    const state = apply(fromRules(rules), { type: "addRule", serviceId: "4" });
    expect(state.dirty).toBe(true);
    expect(toRulesInput(state)[2]).toEqual({ name: "", match: [{ label: "", equals: "" }], service_id: "4" });
  });

  it("moves and removes rules: order is what decides", () => {
    const moved = apply(fromRules(rules), { type: "moveRule", rule: 1, by: -1 });
    expect(toRulesInput(moved).map((r) => r.name)).toEqual(["edge by source", "payments team"]);
    const removed = apply(moved, { type: "removeRule", rule: 0 });
    expect(toRulesInput(removed).map((r) => r.name)).toEqual(["payments team"]);
    expect(toRulesInput(apply(fromRules(rules), { type: "moveRule", rule: 0, by: -1 })).map((r) => r.name)).toEqual(["payments team", "edge by source"]);
  });

  it("edits a match: subject, name, operator and value", () => {
    const state = apply(
      fromRules(rules),
      { type: "updateMatch", rule: 0, match: 0, patch: { subject: "field" } },
      { type: "updateMatch", rule: 0, match: 0, patch: { name: "severity", op: "regex", value: "critical|error" } },
      { type: "addMatch", rule: 0 },
      { type: "updateMatch", rule: 0, match: 1, patch: { name: " team ", value: "pay" } },
      { type: "setName", rule: 0, name: "  loud  " },
      { type: "setService", rule: 0, serviceId: "9" },
    );
    expect(toRulesInput(state)[0]).toEqual({
      name: "loud",
      match: [{ field: "severity", regex: "critical|error" }, { label: "team", equals: "pay" }],
      service_id: "9",
    });
  });

  it("switching a match to field starts from summary, and back to label from an empty name", () => {
    const toField = apply(fromRules(rules), { type: "updateMatch", rule: 0, match: 0, patch: { subject: "field" } });
    expect(toRulesInput(toField)[0]!.match[0]).toEqual({ field: "summary", equals: "payments" });
    const toLabel = apply(toField, { type: "updateMatch", rule: 0, match: 0, patch: { subject: "label" } });
    expect(toRulesInput(toLabel)[0]!.match[0]).toEqual({ label: "", equals: "payments" });
  });

  it("removes a match", () => {
    const state = apply(fromRules(rules), { type: "removeMatch", rule: 1, match: 0 });
    expect(toRulesInput(state)[1]!.match).toEqual([{ label: "env", equals: "prod" }]);
  });
});

describe("field paths", () => {
  const state = fromRules(rules);

  it("names the value control after its operator and the name control after its subject", () => {
    const paths = rulesFieldPaths(state);
    expect(paths.has("rules[1].match[0].regex")).toBe(true);
    expect(paths.has("rules[1].match[0].equals")).toBe(false);
    expect(paths.has("rules[1].match[0].field")).toBe(true);
    expect(paths.has("rules[0].match[0].label")).toBe(true);
  });

  const cases: { path: string; want: string | null }[] = [
    { path: "rules[1].match[0].regex", want: "rules[1].match[0].regex" },
    { path: "rules[1].match[0].field", want: "rules[1].match[0].field" },
    { path: "rules[0].match[0]", want: "rules[0].match[0]" },
    { path: "rules[0].match", want: "rules[0].match" },
    // The router says .service; the handler says .service_id: both land on the picker.
    { path: "rules[1].service", want: "rules[1].service_id" },
    { path: "rules[1].service_id", want: "rules[1].service_id" },
    { path: "rules[1]", want: "rules[1].name" },
    { path: "rules[0].match[0].equals", want: "rules[0].match[0].equals" },
    // A path for a control not shown climbs to the nearest one that is.
    { path: "rules[0].match[0].regex", want: "rules[0].match[0]" },
    { path: "rules[5].name", want: "rules" },
    { path: "body", want: null },
  ];
  for (const tc of cases) {
    it(`${tc.path} → ${tc.want ?? "the form"}`, () => {
      expect(rulesErrorPath(tc.path, state)).toBe(tc.want);
    });
  }
});

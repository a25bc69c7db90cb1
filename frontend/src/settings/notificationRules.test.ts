import { describe, expect, it } from "vitest";
import type { ContactMethod, NotificationRule } from "../api/types";
import {
  describeDelay,
  fromNotificationRules,
  methodLabel,
  notificationRuleErrorPath,
  parseDelayMinutes,
  ruleFieldPaths,
  rulesEditorReducer,
  toNotificationRules,
  type RulesEditorAction,
  type RulesEditorState,
} from "./notificationRules";

const sms: ContactMethod = { id: "1", type: "sms", address: "+15551230001", verified: true };
const voice: ContactMethod = { id: "2", type: "voice", address: "+15551230002", verified: true };
const rules: NotificationRule[] = [
  { contact_method_id: "1", delay: "0m", urgency: "any" },
  { contact_method_id: "2", delay: "1h30m", urgency: "high" },
];

function apply(state: RulesEditorState, ...actions: RulesEditorAction[]): RulesEditorState {
  return actions.reduce(rulesEditorReducer, state);
}

describe("delays", () => {
  it.each([
    ["0m", 0],
    ["2m", 2],
    ["90m", 90],
    ["1h", 60],
    ["1h30m", 90],
    ["2h0m0s", 120],
  ])("reads %s as %i minutes", (delay, minutes) => {
    expect(parseDelayMinutes(delay)).toBe(minutes);
  });

  it.each(["", "m", "5", "30s", "1.5h", "-1m"])("refuses %j", (delay) => {
    expect(parseDelayMinutes(delay)).toBeNull();
  });

  it("says a delay in words", () => {
    expect([0, 1, 5, 60, 90].map(describeDelay)).toEqual(["at once", "after 1 minute", "after 5 minutes", "after 1 h", "after 1 h 30 min"]);
  });

  it("names a number for the picker", () => {
    expect([methodLabel(sms), methodLabel(voice)]).toEqual(["SMS +15551230001", "Voice call +15551230002"]);
  });
});

describe("loading and the PUT body", () => {
  it("round-trips the server's rules, delays as whole minutes", () => {
    const state = fromNotificationRules(rules);
    expect(state.dirty).toBe(false);
    expect(state.rules.map((r) => r.minutes)).toEqual(["0", "90"]);
    expect(toNotificationRules(state)).toEqual([
      { contact_method_id: "1", delay: "0m", urgency: "any" },
      { contact_method_id: "2", delay: "90m", urgency: "high" },
    ]);
  });

  it("treats a rule without urgency as any", () => {
    expect(toNotificationRules(fromNotificationRules([{ contact_method_id: "1", delay: "5m" }]))[0]!.urgency).toBe("any");
  });

  it("sends a delay that is not whole minutes as typed, so the server names the field", () => {
    const state = apply(fromNotificationRules(rules), { type: "update", rule: 1, patch: { minutes: " 2.5 " } });
    expect(toNotificationRules(state)[1]!.delay).toBe("2.5");
    expect(toNotificationRules(apply(state, { type: "update", rule: 1, patch: { minutes: "" } }))[1]!.delay).toBe("");
  });

  it("sends an empty list when every rule is removed: the default", () => {
    const state = apply(fromNotificationRules(rules), { type: "remove", rule: 1 }, { type: "remove", rule: 0 });
    expect(state.dirty).toBe(true);
    expect(toNotificationRules(state)).toEqual([]);
  });
});

describe("rulesEditorReducer", () => {
  it("adds the first rule at once on the first verified number", () => {
    const state = apply(fromNotificationRules([]), { type: "add", verified: [sms, voice] });
    expect(state.dirty).toBe(true);
    expect(toNotificationRules(state)).toEqual([{ contact_method_id: "1", delay: "0m", urgency: "any" }]);
  });

  it("adds later rules on a number not used yet, 2 minutes after the last", () => {
    const state = apply(fromNotificationRules([]), { type: "add", verified: [sms, voice] }, { type: "add", verified: [sms, voice] }, { type: "add", verified: [sms, voice] });
    expect(toNotificationRules(state)).toEqual([
      { contact_method_id: "1", delay: "0m", urgency: "any" },
      { contact_method_id: "2", delay: "2m", urgency: "any" },
      { contact_method_id: "1", delay: "4m", urgency: "any" },
    ]);
  });

  it("leaves the number empty when none is verified", () => {
    expect(toNotificationRules(apply(fromNotificationRules([]), { type: "add", verified: [] }))[0]!.contact_method_id).toBe("");
  });

  it("edits a rule's number, delay and urgency", () => {
    const loaded = fromNotificationRules(rules);
    const state = apply(
      loaded,
      { type: "update", rule: 0, patch: { contactMethodId: "2" } },
      { type: "update", rule: 0, patch: { minutes: "5" } },
      { type: "update", rule: 0, patch: { urgency: "low" } },
    );
    expect(toNotificationRules(state)[0]).toEqual({ contact_method_id: "2", delay: "5m", urgency: "low" });
    // Keys survive edits, so React keeps each row's focus.
    expect(state.rules.map((r) => r.key)).toEqual(loaded.rules.map((r) => r.key));
  });

  it("ignores an edit of a rule that is not there", () => {
    const state = fromNotificationRules(rules);
    expect(rulesEditorReducer(state, { type: "update", rule: 5, patch: { minutes: "1" } })).toBe(state);
  });
});

describe("field paths", () => {
  const state = fromNotificationRules(rules);

  it("lists each rule's controls and the Add button", () => {
    expect([...ruleFieldPaths(state)].sort()).toEqual(
      ["rules", "rules[0].contact_method_id", "rules[0].delay", "rules[0].urgency", "rules[1].contact_method_id", "rules[1].delay", "rules[1].urgency"].sort(),
    );
  });

  const cases: { path: string | undefined; want: string | null }[] = [
    // An unverified or unknown number: the server names the rule's method.
    { path: "rules[0].contact_method_id", want: "rules[0].contact_method_id" },
    { path: "rules[1].delay", want: "rules[1].delay" },
    { path: "rules[1].urgency", want: "rules[1].urgency" },
    // A whole rule lands on its number picker.
    { path: "rules[1]", want: "rules[1].contact_method_id" },
    // A rule the editor does not show, or something deeper, climbs to the nearest control.
    { path: "rules[4].delay", want: "rules" },
    { path: "rules[0].delay.minutes", want: "rules[0].delay" },
    { path: "rules", want: "rules" },
    { path: " rules[0].urgency ", want: "rules[0].urgency" },
    { path: "body", want: null },
    { path: undefined, want: null },
  ];
  for (const tc of cases) {
    it(`${String(tc.path)} → ${tc.want ?? "the form"}`, () => {
      expect(notificationRuleErrorPath(tc.path, state)).toBe(tc.want);
    });
  }
});

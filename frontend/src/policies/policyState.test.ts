import { describe, expect, it } from "vitest";
import type { Policy } from "../api/types";
import { fieldId } from "../schedules/fieldPaths";
import {
  emptyPolicy,
  formatMinutes,
  fromPolicy,
  minutes,
  policyErrorPath,
  policyFieldPaths,
  policyReducer,
  suggestAfter,
  toPolicyInput,
  type PolicyAction,
  type PolicyState,
} from "./policyState";

const policy: Policy = {
  id: "1",
  team_id: "1",
  name: "payments-default",
  repeat: 2,
  repeat_after: "30m",
  version: 4,
  steps: [
    { after: "0m", targets: [{ schedule_id: "5", tier: "primary" }] },
    { after: "5m", targets: [{ schedule_id: "5", tier: "secondary" }, { user_id: "2" }] },
    { after: "15m", targets: [{ user_id: "3" }] },
  ],
};

function apply(state: PolicyState, ...actions: PolicyAction[]): PolicyState {
  return actions.reduce(policyReducer, state);
}

describe("loading and saving", () => {
  it("round-trips a policy unchanged, with the version edited", () => {
    const state = fromPolicy(policy);
    expect(state.dirty).toBe(false);
    expect(toPolicyInput(state)).toEqual({
      name: "payments-default",
      repeat: 2,
      repeat_after: "30m",
      version: 4,
      steps: policy.steps,
    });
  });

  it("starts a new policy with one step firing at once and no version", () => {
    const input = toPolicyInput({ ...emptyPolicy({ scheduleId: "5" }), name: " night " });
    expect(input).toEqual({ name: "night", repeat: 0, repeat_after: "30m", steps: [{ after: "0m", targets: [{ schedule_id: "5", tier: "primary" }] }] });
    expect(input).not.toHaveProperty("version");
  });

  it("sends a repeat that is not a whole number as -1, for the server to refuse at repeat", () => {
    expect(toPolicyInput({ ...fromPolicy(policy), repeat: "two" }).repeat).toBe(-1);
    expect(toPolicyInput({ ...fromPolicy(policy), repeat: " 3 " }).repeat).toBe(3);
  });

  it("sends a tier as it is, so a bad one is named by the server", () => {
    const state = apply(fromPolicy(policy), { type: "updateTarget", step: 0, target: 0, patch: { tier: "shadow" } });
    expect(toPolicyInput(state).steps[0]!.targets).toEqual([{ schedule_id: "5", tier: "shadow" }]);
  });
});

describe("policyReducer", () => {
  it("adds a step five minutes after the last", () => {
    const state = apply(fromPolicy(policy), { type: "addStep", defaults: { scheduleId: "5" } });
    expect(state.dirty).toBe(true);
    expect(state.steps).toHaveLength(4);
    expect(toPolicyInput(state).steps[3]).toEqual({ after: "20m", targets: [{ schedule_id: "5", tier: "primary" }] });
  });

  it("moves a step's targets but leaves the times in order", () => {
    const state = apply(fromPolicy(policy), { type: "moveStep", step: 2, by: -1 });
    expect(toPolicyInput(state).steps).toEqual([
      { after: "0m", targets: [{ schedule_id: "5", tier: "primary" }] },
      { after: "5m", targets: [{ user_id: "3" }] },
      { after: "15m", targets: [{ schedule_id: "5", tier: "secondary" }, { user_id: "2" }] },
    ]);
  });

  it("does nothing when a step would move past either end", () => {
    const start = fromPolicy(policy);
    expect(toPolicyInput(apply(start, { type: "moveStep", step: 0, by: -1 })).steps).toEqual(policy.steps);
    expect(toPolicyInput(apply(start, { type: "moveStep", step: 2, by: 1 })).steps).toEqual(policy.steps);
  });

  it("removing the first step makes the next one fire at once", () => {
    const state = apply(fromPolicy(policy), { type: "removeStep", step: 0 });
    expect(toPolicyInput(state).steps.map((s) => s.after)).toEqual(["0m", "15m"]);
  });

  it("adds, moves, changes and removes targets within a step", () => {
    const state = apply(
      fromPolicy(policy),
      { type: "addTarget", step: 0, kind: "user", defaults: { userId: "7" } },
      { type: "moveTarget", step: 0, target: 1, by: -1 },
      { type: "updateTarget", step: 0, target: 1, patch: { tier: "secondary" } },
      { type: "removeTarget", step: 1, target: 0 },
    );
    const steps = toPolicyInput(state).steps;
    expect(steps[0]!.targets).toEqual([{ user_id: "7" }, { schedule_id: "5", tier: "secondary" }]);
    expect(steps[1]!.targets).toEqual([{ user_id: "2" }]);
  });

  it("turns a schedule target into an engineer target and back", () => {
    const state = apply(fromPolicy(policy), { type: "updateTarget", step: 0, target: 0, patch: { kind: "user", userId: "3" } });
    expect(toPolicyInput(state).steps[0]!.targets).toEqual([{ user_id: "3" }]);
    const back = apply(state, { type: "updateTarget", step: 0, target: 0, patch: { kind: "schedule" } });
    expect(toPolicyInput(back).steps[0]!.targets).toEqual([{ schedule_id: "5", tier: "primary" }]);
  });

  it("edits name, repeat, repeat_after and a step's wait", () => {
    const state = apply(
      fromPolicy(policy),
      { type: "setName", name: "nights" },
      { type: "setRepeat", repeat: "0" },
      { type: "setRepeatAfter", repeatAfter: "1h" },
      { type: "setAfter", step: 1, after: "10m" },
    );
    expect(toPolicyInput(state)).toMatchObject({ name: "nights", repeat: 0, repeat_after: "1h" });
    expect(toPolicyInput(state).steps[1]!.after).toBe("10m");
  });
});

describe("minutes", () => {
  it("reads and writes waits as the server does", () => {
    expect(minutes("0m")).toBe(0);
    expect(minutes("1h30m")).toBe(90);
    expect(minutes("soon")).toBeNull();
    expect(minutes("")).toBeNull();
    expect([0, 45, 60, 90].map(formatMinutes)).toEqual(["0m", "45m", "1h", "1h30m"]);
    expect(suggestAfter([])).toBe("0m");
    expect(suggestAfter(fromPolicy(policy).steps)).toBe("20m");
  });
});

describe("field paths", () => {
  const state = fromPolicy(policy);

  it("lists a control for every field of every step and target", () => {
    const paths = policyFieldPaths(state);
    for (const p of ["name", "repeat", "repeat_after", "steps", "steps[1].after", "steps[1].targets", "steps[1].targets[0].tier", "steps[1].targets[1].user_id"]) {
      expect(paths.has(p), p).toBe(true);
    }
    // An engineer target has no tier control, a schedule target no engineer picker.
    expect(paths.has("steps[1].targets[1].tier")).toBe(false);
    expect(paths.has("steps[0].targets[0].user_id")).toBe(false);
  });

  const cases: { path: string; want: string | null }[] = [
    { path: "steps[1].after", want: "steps[1].after" },
    { path: "steps[0].targets[0].tier", want: "steps[0].targets[0].tier" },
    { path: "steps[0].targets[0]", want: "steps[0].targets[0]" },
    // The store names a missing schedule or user without _id.
    { path: "steps[0].targets[0].schedule", want: "steps[0].targets[0].schedule_id" },
    { path: "steps[2].targets[0].user", want: "steps[2].targets[0].user_id" },
    { path: "steps[1]", want: "steps[1].after" },
    { path: "steps[9].after", want: "steps" },
    { path: "repeat_after", want: "repeat_after" },
    { path: "version", want: null },
    { path: "", want: null },
  ];
  for (const tc of cases) {
    it(`${tc.path || "(none)"} → ${tc.want ?? "the form"}`, () => {
      expect(policyErrorPath(tc.path, state)).toBe(tc.want);
    });
  }

  it("gives each control the id its path makes", () => {
    expect(fieldId("steps[0].targets[1].tier")).toBe("field-steps-0-targets-1-tier");
  });
});

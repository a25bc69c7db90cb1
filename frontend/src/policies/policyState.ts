// The escalation policy editor's state: everything the form edits, kept on
// the client until Save, a reducer for every change, the PUT/POST body, and
// the field paths of the controls. Step and target indices here are the
// indices of the body, so the server's paths (steps[1].after,
// steps[0].targets[0].tier) point straight back at the control.

import type { Policy, PolicyInput, Step, Target } from "../api/types";
import { resolveFieldPath } from "../schedules/fieldPaths";

export type TargetKind = "schedule" | "user";

export interface TargetDraft {
  /** key is a client-side identity for React lists. */
  key: string;
  kind: TargetKind;
  scheduleId: string;
  /** tier is primary or secondary; kept as the server sent it otherwise, so the server can name it. */
  tier: string;
  userId: string;
}

export interface StepDraft {
  key: string;
  /** after is the time since the pass started, as typed: "0m", "5m", "1h". */
  after: string;
  targets: TargetDraft[];
}

export interface PolicyState {
  name: string;
  /** repeat is kept as typed so a bad value reaches the server, which names it. */
  repeat: string;
  repeatAfter: string;
  steps: StepDraft[];
  version?: number;
  dirty: boolean;
}

let seq = 0;
function key(prefix: string): string {
  seq += 1;
  return `${prefix}${seq}`;
}

/** newTarget is a target of a kind, pointing at the first choice offered (or nothing yet). */
export function newTarget(kind: TargetKind, defaults: { scheduleId?: string; userId?: string } = {}): TargetDraft {
  return { key: key("t"), kind, scheduleId: kind === "schedule" ? (defaults.scheduleId ?? "") : "", tier: "primary", userId: kind === "user" ? (defaults.userId ?? "") : "" };
}

/**
 * suggestAfter offers the wait for a new step: 0m for the first, else 5
 * minutes after the last step that reads as whole minutes or hours.
 */
export function suggestAfter(steps: readonly StepDraft[]): string {
  if (steps.length === 0) return "0m";
  const last = minutes(steps[steps.length - 1]!.after);
  return last === null ? "" : formatMinutes(last + 5);
}

/** minutes reads "5m", "1h", "1h30m" as a number of minutes, or null. */
export function minutes(text: string): number | null {
  const m = /^\s*(?:(\d+)h)?(?:(\d+)m)?\s*$/.exec(text);
  if (!m || (m[1] === undefined && m[2] === undefined)) return null;
  return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0);
}

/** formatMinutes writes minutes as the server does: "0m", "45m", "1h", "1h30m". */
export function formatMinutes(total: number): string {
  if (total === 0) return "0m";
  if (total % 60 === 0) return `${total / 60}h`;
  if (total > 60) return `${Math.floor(total / 60)}h${total % 60}m`;
  return `${total}m`;
}

function targetFromApi(t: Target): TargetDraft {
  if (t.user_id) return { key: key("t"), kind: "user", scheduleId: "", tier: "primary", userId: t.user_id };
  return { key: key("t"), kind: "schedule", scheduleId: t.schedule_id ?? "", tier: t.tier || "primary", userId: "" };
}

/** emptyPolicy is the form for a new policy: one step that pages at once, with a first target to fill in. */
export function emptyPolicy(defaults: { scheduleId?: string } = {}): PolicyState {
  return {
    name: "",
    repeat: "0",
    repeatAfter: "30m",
    steps: [{ key: key("s"), after: "0m", targets: [newTarget("schedule", defaults)] }],
    dirty: false,
  };
}

/** fromPolicy loads a policy into the form. */
export function fromPolicy(p: Policy): PolicyState {
  return {
    name: p.name,
    repeat: String(p.repeat),
    repeatAfter: p.repeat_after,
    steps: p.steps.map((s) => ({ key: key("s"), after: s.after, targets: s.targets.map(targetFromApi) })),
    version: p.version,
    dirty: false,
  };
}

function targetToApi(t: TargetDraft): Target {
  return t.kind === "user" ? { user_id: t.userId } : { schedule_id: t.scheduleId, tier: t.tier };
}

/**
 * toPolicyInput builds the POST/PUT body. A repeat that is not a whole
 * number is sent as -1 so that the server refuses it at "repeat" rather
 * than the app guessing; the version edited rides along for an update.
 */
export function toPolicyInput(state: PolicyState): PolicyInput {
  const repeat = /^\s*\d+\s*$/.test(state.repeat) ? Number(state.repeat) : -1;
  const steps: Step[] = state.steps.map((s) => ({ after: s.after.trim(), targets: s.targets.map(targetToApi) }));
  const input: PolicyInput = { name: state.name.trim(), repeat, repeat_after: state.repeatAfter.trim(), steps };
  if (state.version !== undefined) input.version = state.version;
  return input;
}

export type TargetPatch = Partial<Pick<TargetDraft, "kind" | "scheduleId" | "tier" | "userId">>;

export type PolicyAction =
  | { type: "load"; state: PolicyState }
  | { type: "setName"; name: string }
  | { type: "setRepeat"; repeat: string }
  | { type: "setRepeatAfter"; repeatAfter: string }
  | { type: "addStep"; defaults?: { scheduleId?: string } }
  | { type: "removeStep"; step: number }
  | { type: "moveStep"; step: number; by: -1 | 1 }
  | { type: "setAfter"; step: number; after: string }
  | { type: "addTarget"; step: number; kind: TargetKind; defaults?: { scheduleId?: string; userId?: string } }
  | { type: "removeTarget"; step: number; target: number }
  | { type: "moveTarget"; step: number; target: number; by: -1 | 1 }
  | { type: "updateTarget"; step: number; target: number; patch: TargetPatch };

function move<T>(list: readonly T[], i: number, by: -1 | 1): T[] {
  const j = i + by;
  if (i < 0 || i >= list.length || j < 0 || j >= list.length) return [...list];
  const out = [...list];
  const [item] = out.splice(i, 1);
  out.splice(j, 0, item as T);
  return out;
}

function withStep(state: PolicyState, i: number, change: (s: StepDraft) => StepDraft): PolicyState {
  const step = state.steps[i];
  if (!step) return state;
  const steps = [...state.steps];
  steps[i] = change(step);
  return { ...state, steps, dirty: true };
}

/**
 * policyReducer applies one edit; every edit marks the form dirty. Moving
 * a step moves its targets with it but not its wait: the waits stay in
 * place, so the steps keep firing in increasing order of time.
 */
export function policyReducer(state: PolicyState, action: PolicyAction): PolicyState {
  switch (action.type) {
    case "load":
      return action.state;
    case "setName":
      return { ...state, name: action.name, dirty: true };
    case "setRepeat":
      return { ...state, repeat: action.repeat, dirty: true };
    case "setRepeatAfter":
      return { ...state, repeatAfter: action.repeatAfter, dirty: true };
    case "addStep": {
      const step: StepDraft = { key: key("s"), after: suggestAfter(state.steps), targets: [newTarget("schedule", action.defaults)] };
      return { ...state, steps: [...state.steps, step], dirty: true };
    }
    case "removeStep": {
      if (action.step < 0 || action.step >= state.steps.length) return state;
      const steps = state.steps.filter((_, i) => i !== action.step);
      // The first step always fires at once.
      if (action.step === 0 && steps[0]) steps[0] = { ...steps[0], after: "0m" };
      return { ...state, steps, dirty: true };
    }
    case "moveStep": {
      const moved = move(state.steps, action.step, action.by);
      const steps = moved.map((s, i) => ({ ...s, after: state.steps[i]!.after }));
      return { ...state, steps, dirty: true };
    }
    case "setAfter":
      return withStep(state, action.step, (s) => ({ ...s, after: action.after }));
    case "addTarget":
      return withStep(state, action.step, (s) => ({ ...s, targets: [...s.targets, newTarget(action.kind, action.defaults)] }));
    case "removeTarget":
      return withStep(state, action.step, (s) => ({ ...s, targets: s.targets.filter((_, j) => j !== action.target) }));
    case "moveTarget":
      return withStep(state, action.step, (s) => ({ ...s, targets: move(s.targets, action.target, action.by) }));
    case "updateTarget":
      return withStep(state, action.step, (s) => {
        const t = s.targets[action.target];
        if (!t) return s;
        const targets = [...s.targets];
        targets[action.target] = { ...t, ...action.patch };
        return { ...s, targets };
      });
  }
}

// Field paths.

export function stepPath(step: number): string {
  return `steps[${step}]`;
}

export function targetPath(step: number, target: number): string {
  return `steps[${step}].targets[${target}]`;
}

/** policyFieldPaths lists the path of every control the editor shows for a state. */
export function policyFieldPaths(state: PolicyState): Set<string> {
  const paths = new Set<string>(["name", "repeat", "repeat_after", "steps"]);
  state.steps.forEach((s, i) => {
    paths.add(`${stepPath(i)}.after`);
    paths.add(`${stepPath(i)}.targets`);
    s.targets.forEach((t, j) => {
      const base = targetPath(i, j);
      paths.add(base);
      if (t.kind === "user") paths.add(`${base}.user_id`);
      else {
        paths.add(`${base}.schedule_id`);
        paths.add(`${base}.tier`);
      }
    });
  });
  return paths;
}

/**
 * policyErrorPath finds the control for a server field path. The server
 * names a missing schedule or user as …targets[j].schedule / .user, and a
 * whole step as steps[i]; those land on the schedule or user picker and on
 * the step's wait.
 */
export function policyErrorPath(path: string | undefined, state: PolicyState): string | null {
  if (!path) return null;
  const normal = path
    .trim()
    .replace(/(targets\[\d+\])\.schedule$/, "$1.schedule_id")
    .replace(/(targets\[\d+\])\.user$/, "$1.user_id")
    .replace(/^(steps\[\d+\])$/, "$1.after");
  return resolveFieldPath(normal, policyFieldPaths(state));
}

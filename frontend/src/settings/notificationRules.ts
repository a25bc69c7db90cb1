// The notification rules editor's state: an ordered list of rules, each "this
// many minutes after I am paged, use this verified number, for alerts of
// this urgency". The whole list is sent with PUT /me/notification-rules; an
// empty list means the default (SMS at once, a call after 2 minutes).
// Indices here are the body's, so rules[1].delay points back at its control.

import type { ContactMethod, NotificationRule, RuleUrgency } from "../api/types";
import { resolveFieldPath } from "../schedules/fieldPaths";

export interface RuleDraft {
  key: string;
  contactMethodId: string;
  /** minutes is the delay as typed, in whole minutes ("0", "2", "15"). */
  minutes: string;
  urgency: RuleUrgency;
}

export interface RulesEditorState {
  rules: RuleDraft[];
  dirty: boolean;
}

/** DEFAULT_RULES_TEXT says what happens without rules of your own. */
export const DEFAULT_RULES_TEXT = "Default: SMS at once, a call after 2 minutes";

export const URGENCY_OPTIONS: readonly { value: RuleUrgency; label: string }[] = [
  { value: "any", label: "Any urgency" },
  { value: "high", label: "High urgency only" },
  { value: "low", label: "Low urgency only" },
];

let seq = 0;
function nextKey(): string {
  seq += 1;
  return `n${seq}`;
}

/**
 * parseDelayMinutes reads the API's delay ("0m", "2m", "90m", "1h",
 * "1h30m") as whole minutes, or null when it is not whole minutes.
 */
export function parseDelayMinutes(delay: string): number | null {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:0s)?$/.exec(delay.trim());
  if (!m || (m[1] === undefined && m[2] === undefined)) return null;
  return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0);
}

/** formatDelay writes minutes as the API reads them: 0 → "0m", 5 → "5m", 90 → "90m". */
export function formatDelay(minutes: number): string {
  return `${minutes}m`;
}

/** describeDelay says a delay in words: "at once", "after 1 minute", "after 1 h 30 min". */
export function describeDelay(minutes: number): string {
  if (minutes === 0) return "at once";
  if (minutes === 1) return "after 1 minute";
  if (minutes < 60) return `after ${minutes} minutes`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `after ${h} h` : `after ${h} h ${m} min`;
}

/** methodTypeLabel names a contact method's kind: "SMS", "Voice call" or "PagerDuty". */
export function methodTypeLabel(type: ContactMethod["type"]): string {
  if (type === "voice") return "Voice call";
  if (type === "pagerduty") return "PagerDuty";
  return "SMS";
}

/** methodLabel names a number for a picker: "SMS +15551230002" (a PagerDuty key by its last four characters). */
export function methodLabel(m: Pick<ContactMethod, "type" | "address">): string {
  if (m.type === "pagerduty") return `PagerDuty key …${m.address.slice(-4)}`;
  return `${methodTypeLabel(m.type)} ${m.address}`;
}

/** fromNotificationRules loads the server's rules into the editor. */
export function fromNotificationRules(rules: readonly NotificationRule[]): RulesEditorState {
  return {
    rules: rules.map((r) => {
      const minutes = parseDelayMinutes(r.delay);
      return { key: nextKey(), contactMethodId: r.contact_method_id, minutes: minutes === null ? r.delay : String(minutes), urgency: r.urgency ?? "any" };
    }),
    dirty: false,
  };
}

/**
 * toNotificationRules builds the PUT body's rules in order. A delay that is
 * not whole minutes is sent as typed, so the server names its field.
 */
export function toNotificationRules(state: RulesEditorState): NotificationRule[] {
  return state.rules.map((r) => {
    const typed = r.minutes.trim();
    const delay = /^\d+$/.test(typed) ? formatDelay(Number(typed)) : typed;
    return { contact_method_id: r.contactMethodId, delay, urgency: r.urgency };
  });
}

/**
 * newRule starts a rule on the first verified number no rule uses yet (or
 * the first verified one), at once when it is the first rule and else 2
 * minutes after the last, for any urgency.
 */
export function newRule(state: RulesEditorState, verified: readonly ContactMethod[]): RuleDraft {
  const used = new Set(state.rules.map((r) => r.contactMethodId));
  const method = verified.find((m) => !used.has(m.id)) ?? verified[0];
  const last = state.rules.at(-1);
  const lastMinutes = last && /^\d+$/.test(last.minutes.trim()) ? Number(last.minutes.trim()) : null;
  const minutes = last === undefined ? 0 : (lastMinutes ?? 0) + 2;
  return { key: nextKey(), contactMethodId: method?.id ?? "", minutes: String(minutes), urgency: "any" };
}

export type RulePatch = Partial<Pick<RuleDraft, "contactMethodId" | "minutes" | "urgency">>;

export type RulesEditorAction =
  | { type: "load"; state: RulesEditorState }
  | { type: "add"; verified: readonly ContactMethod[] }
  | { type: "remove"; rule: number }
  | { type: "update"; rule: number; patch: RulePatch };

/** rulesEditorReducer applies one edit; every edit marks the editor dirty. */
export function rulesEditorReducer(state: RulesEditorState, action: RulesEditorAction): RulesEditorState {
  switch (action.type) {
    case "load":
      return action.state;
    case "add":
      return { rules: [...state.rules, newRule(state, action.verified)], dirty: true };
    case "remove":
      return { rules: state.rules.filter((_, i) => i !== action.rule), dirty: true };
    case "update": {
      const rule = state.rules[action.rule];
      if (!rule) return state;
      const rules = [...state.rules];
      rules[action.rule] = { ...rule, ...action.patch };
      return { rules, dirty: true };
    }
  }
}

// Field paths.

export function rulePath(rule: number): string {
  return `rules[${rule}]`;
}

/** ruleFieldPaths lists the path of every control the editor shows: each rule's three, and "rules" (the Add button). */
export function ruleFieldPaths(state: RulesEditorState): Set<string> {
  const paths = new Set<string>(["rules"]);
  state.rules.forEach((_, i) => {
    for (const f of ["contact_method_id", "delay", "urgency"]) paths.add(`${rulePath(i)}.${f}`);
  });
  return paths;
}

/**
 * notificationRuleErrorPath finds the control for a server field path:
 * rules[0].contact_method_id (an unverified or unknown number) lands on that
 * rule's number picker, a whole rule rules[0] on its number picker too, and
 * a path for no control on the nearest one above, else null (the form).
 */
export function notificationRuleErrorPath(path: string | undefined, state: RulesEditorState): string | null {
  if (!path) return null;
  const normal = path.trim().replace(/^(rules\[\d+\])$/, "$1.contact_method_id");
  return resolveFieldPath(normal, ruleFieldPaths(state));
}

// The routing rules editor's state: an ordered list of rules (first match
// wins), each with matches on a label or an alert field, by equals or regex,
// and a target service. The whole list is sent with PUT; indices here are
// the body's, so rules[1].match[0].regex points back at its control.

import type { Rule, RuleMatch } from "../api/types";
import { resolveFieldPath } from "../schedules/fieldPaths";

export type MatchSubject = "label" | "field";
export type MatchOp = "equals" | "regex";

export interface MatchDraft {
  key: string;
  subject: MatchSubject;
  /** name is the label's name, or the field (summary, source, severity, dedup_key). */
  name: string;
  op: MatchOp;
  value: string;
}

export interface RuleDraft {
  key: string;
  id?: string;
  name: string;
  matches: MatchDraft[];
  serviceId: string;
}

export interface RulesState {
  rules: RuleDraft[];
  dirty: boolean;
}

let seq = 0;
function key(prefix: string): string {
  seq += 1;
  return `${prefix}${seq}`;
}

export function newMatch(): MatchDraft {
  return { key: key("m"), subject: "label", name: "", op: "equals", value: "" };
}

export function newRule(serviceId = ""): RuleDraft {
  return { key: key("r"), name: "", matches: [newMatch()], serviceId };
}

function matchFromApi(m: RuleMatch): MatchDraft {
  const subject: MatchSubject = m.field ? "field" : "label";
  const op: MatchOp = m.regex ? "regex" : "equals";
  return { key: key("m"), subject, name: (subject === "field" ? m.field : m.label) ?? "", op, value: (op === "regex" ? m.regex : m.equals) ?? "" };
}

/** fromRules loads the server's rules into the form. */
export function fromRules(rules: readonly Rule[]): RulesState {
  return {
    rules: rules.map((r) => {
      const d: RuleDraft = { key: key("r"), name: r.name ?? "", matches: r.match.map(matchFromApi), serviceId: r.service_id };
      if (r.id) d.id = r.id;
      return d;
    }),
    dirty: false,
  };
}

function matchToApi(m: MatchDraft): RuleMatch {
  const out: RuleMatch = m.subject === "field" ? { field: m.name } : { label: m.name.trim() };
  if (m.op === "regex") out.regex = m.value;
  else out.equals = m.value;
  return out;
}

/** toRulesInput builds the PUT body's rules, in order. */
export function toRulesInput(state: RulesState): Rule[] {
  return state.rules.map((r) => ({ name: r.name.trim(), match: r.matches.map(matchToApi), service_id: r.serviceId }));
}

export type MatchPatch = Partial<Pick<MatchDraft, "subject" | "name" | "op" | "value">>;

export type RulesAction =
  | { type: "load"; state: RulesState }
  | { type: "addRule"; serviceId?: string }
  | { type: "removeRule"; rule: number }
  | { type: "moveRule"; rule: number; by: -1 | 1 }
  | { type: "setName"; rule: number; name: string }
  | { type: "setService"; rule: number; serviceId: string }
  | { type: "addMatch"; rule: number }
  | { type: "removeMatch"; rule: number; match: number }
  | { type: "updateMatch"; rule: number; match: number; patch: MatchPatch };

function move<T>(list: readonly T[], i: number, by: -1 | 1): T[] {
  const j = i + by;
  if (i < 0 || i >= list.length || j < 0 || j >= list.length) return [...list];
  const out = [...list];
  const [item] = out.splice(i, 1);
  out.splice(j, 0, item as T);
  return out;
}

function withRule(state: RulesState, i: number, change: (r: RuleDraft) => RuleDraft): RulesState {
  const rule = state.rules[i];
  if (!rule) return state;
  const rules = [...state.rules];
  rules[i] = change(rule);
  return { rules, dirty: true };
}

/** rulesReducer applies one edit; every edit marks the form dirty. */
export function rulesReducer(state: RulesState, action: RulesAction): RulesState {
  switch (action.type) {
    case "load":
      return action.state;
    case "addRule":
      return { rules: [...state.rules, newRule(action.serviceId)], dirty: true };
    case "removeRule":
      return { rules: state.rules.filter((_, i) => i !== action.rule), dirty: true };
    case "moveRule":
      return { rules: move(state.rules, action.rule, action.by), dirty: true };
    case "setName":
      return withRule(state, action.rule, (r) => ({ ...r, name: action.name }));
    case "setService":
      return withRule(state, action.rule, (r) => ({ ...r, serviceId: action.serviceId }));
    case "addMatch":
      return withRule(state, action.rule, (r) => ({ ...r, matches: [...r.matches, newMatch()] }));
    case "removeMatch":
      return withRule(state, action.rule, (r) => ({ ...r, matches: r.matches.filter((_, j) => j !== action.match) }));
    case "updateMatch":
      return withRule(state, action.rule, (r) => {
        const m = r.matches[action.match];
        if (!m) return r;
        const next = { ...m, ...action.patch };
        // A label name means nothing as a field: switching starts from the first field.
        if (action.patch.subject && action.patch.subject !== m.subject && action.patch.name === undefined) {
          next.name = action.patch.subject === "field" ? "summary" : "";
        }
        const matches = [...r.matches];
        matches[action.match] = next;
        return { ...r, matches };
      });
  }
}

// Field paths.

export function rulePath(rule: number): string {
  return `rules[${rule}]`;
}

export function matchPath(rule: number, match: number): string {
  return `rules[${rule}].match[${match}]`;
}

/** nameControlPath is the path of a match's label or field control, which follows its subject. */
export function nameControlPath(rule: number, match: number, m: Pick<MatchDraft, "subject">): string {
  return `${matchPath(rule, match)}.${m.subject}`;
}

/** valueControlPath is the path of a match's value control: .equals or .regex, as its operator says. */
export function valueControlPath(rule: number, match: number, m: Pick<MatchDraft, "op">): string {
  return `${matchPath(rule, match)}.${m.op}`;
}

/** rulesFieldPaths lists the path of every control the editor shows for a state. */
export function rulesFieldPaths(state: RulesState): Set<string> {
  const paths = new Set<string>(["rules"]);
  state.rules.forEach((r, i) => {
    paths.add(`${rulePath(i)}.name`);
    paths.add(`${rulePath(i)}.service_id`);
    paths.add(`${rulePath(i)}.match`);
    r.matches.forEach((m, j) => {
      paths.add(matchPath(i, j));
      paths.add(`${matchPath(i, j)}.op`);
      paths.add(nameControlPath(i, j, m));
      paths.add(valueControlPath(i, j, m));
    });
  });
  return paths;
}

/**
 * rulesErrorPath finds the control for a server field path. The server
 * names a rule's missing service rules[i].service (and a bad one
 * rules[i].service_id), and a whole rule rules[i]; those land on the
 * service picker and the rule's name.
 */
export function rulesErrorPath(path: string | undefined, state: RulesState): string | null {
  if (!path) return null;
  const normal = path
    .trim()
    .replace(/^(rules\[\d+\])\.service$/, "$1.service_id")
    .replace(/^(rules\[\d+\])$/, "$1.name");
  return resolveFieldPath(normal, rulesFieldPaths(state));
}

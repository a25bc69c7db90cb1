// The service settings form: name, description, escalation policy,
// urgency, business hours (a zone and weekly windows, edited with the
// schedule editor's window controls) and the hold toggle. Window indices
// are the body's, so business_hours.windows[0].to names its control.

import type { IncidentMode, Service, ServiceInput, UrgencyRule, Weekday } from "../api/types";
import { WEEKDAYS } from "../api/types";
import { defaultWindow, type WindowDraft, type WindowPatch } from "../schedules/editorState";
import { resolveFieldPath } from "../schedules/fieldPaths";

export const URGENCY_RULES: readonly { value: UrgencyRule; label: string }[] = [
  { value: "from-severity", label: "From severity (critical and error are high)" },
  { value: "high", label: "Always high" },
  { value: "low", label: "Always low" },
];

export interface ServiceFormState {
  name: string;
  description: string;
  policyId: string;
  urgency: UrgencyRule;
  timeZone: string;
  windows: WindowDraft[];
  hold: boolean;
  /** incidents is the service's mode as loaded or chosen; undefined sends nothing, which keeps the stored mode (manual for a new service). */
  incidents?: IncidentMode;
  version?: number;
  dirty: boolean;
}

/** emptyService is the form for a new service: urgency from severity, business hours a working week in the viewer's zone. */
export function emptyService(timeZone: string): ServiceFormState {
  return { name: "", description: "", policyId: "", urgency: "from-severity", timeZone, windows: [defaultWindow()], hold: false, dirty: false };
}

let seq = 0;

/** fromService loads a service into the form. */
export function fromService(s: Service): ServiceFormState {
  return {
    name: s.name,
    description: s.description ?? "",
    policyId: s.escalation_policy_id ?? "",
    urgency: s.urgency,
    timeZone: s.business_hours.time_zone ?? "",
    windows: (s.business_hours.windows ?? []).map((w) => {
      seq += 1;
      return { key: `bw${seq}`, days: [...w.days], from: w.from, to: w.to };
    }),
    hold: s.hold_low_outside_hours,
    ...(s.incidents ? { incidents: s.incidents } : {}),
    version: s.version,
    dirty: false,
  };
}

/**
 * toServiceInput builds the POST/PUT body. Without windows the zone is not
 * sent either: a service without business hours has none.
 */
export function toServiceInput(state: ServiceFormState): ServiceInput {
  const windows = state.windows.map((w) => ({ days: WEEKDAYS.filter((d) => w.days.includes(d)), from: w.from.trim(), to: w.to.trim() }));
  const input: ServiceInput = {
    name: state.name.trim(),
    description: state.description.trim(),
    urgency: state.urgency,
    business_hours: windows.length > 0 ? { time_zone: state.timeZone.trim(), windows } : { windows: [] },
    hold_low_outside_hours: state.hold,
  };
  if (state.policyId) input.escalation_policy_id = state.policyId;
  if (state.incidents) input.incidents = state.incidents;
  if (state.version !== undefined) input.version = state.version;
  return input;
}

export type ServiceAction =
  | { type: "load"; state: ServiceFormState }
  | { type: "set"; patch: Partial<Pick<ServiceFormState, "name" | "description" | "policyId" | "urgency" | "timeZone" | "hold" | "incidents">> }
  | { type: "addWindow" }
  | { type: "removeWindow"; at: number }
  | { type: "updateWindow"; at: number; patch: WindowPatch }
  | { type: "toggleDay"; at: number; day: Weekday };

/** serviceReducer applies one edit. Removing the last window also turns holding off, which needs business hours. */
export function serviceReducer(state: ServiceFormState, action: ServiceAction): ServiceFormState {
  switch (action.type) {
    case "load":
      return action.state;
    case "set":
      return { ...state, ...action.patch, dirty: true };
    case "addWindow":
      return { ...state, windows: [...state.windows, defaultWindow()], dirty: true };
    case "removeWindow": {
      const windows = state.windows.filter((_, i) => i !== action.at);
      return { ...state, windows, hold: windows.length > 0 && state.hold, dirty: true };
    }
    case "updateWindow":
    case "toggleDay": {
      const w = state.windows[action.at];
      if (!w) return state;
      const windows = [...state.windows];
      windows[action.at] =
        action.type === "updateWindow"
          ? { ...w, ...action.patch }
          : { ...w, days: w.days.includes(action.day) ? w.days.filter((d) => d !== action.day) : [...w.days, action.day] };
      return { ...state, windows, dirty: true };
    }
  }
}

export function windowBase(at: number): string {
  return `business_hours.windows[${at}]`;
}

/** serviceFieldPaths lists the path of every control the form shows. */
export function serviceFieldPaths(state: ServiceFormState): Set<string> {
  const paths = new Set(["name", "description", "escalation_policy_id", "urgency", "business_hours", "business_hours.time_zone", "business_hours.windows", "hold_low_outside_hours", "incidents"]);
  state.windows.forEach((_, i) => {
    for (const f of ["days", "from", "to"]) paths.add(`${windowBase(i)}.${f}`);
  });
  return paths;
}

/** serviceErrorPath finds the control for a server field path (a day inside a window lands on the window's days). */
export function serviceErrorPath(path: string | undefined, state: ServiceFormState): string | null {
  return resolveFieldPath(path, serviceFieldPaths(state));
}

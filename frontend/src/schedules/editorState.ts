// The schedule editor's state: everything the form edits, kept on the
// client until Save, with a reducer for every change and the function that
// builds the API body. Layer and participant indices here are the indices
// of the body, so the server's field paths (tiers.primary[1].shift) point
// straight back at the control that holds the value.

import type { Layer, Pairing, Schedule, ScheduleInput, TierName, Weekday, Window } from "../api/types";
import { WEEKDAYS } from "../api/types";

export type CoverageMode = "always" | "windows";

export interface WindowDraft {
  key: string;
  days: Weekday[];
  from: string;
  to: string;
}

export interface LayerDraft {
  /** key is a client-side identity for React lists; id is the server's. */
  key: string;
  id?: string;
  name: string;
  participants: string[];
  start: string;
  shift: string;
  coverage: CoverageMode;
  /** windows are kept while coverage is "always" so switching back restores them. */
  windows: WindowDraft[];
}

export interface EditorState {
  name: string;
  timeZone: string;
  holidays: string[];
  pairing: Pairing;
  tiers: Record<TierName, LayerDraft[]>;
  /** version is the schedule's version when loaded; absent for a new schedule. */
  version?: number;
  /** dirty is true once anything was edited since load or save. */
  dirty: boolean;
}

let keySeq = 0;
/** newKey makes a client-side key for a list item. */
export function newKey(prefix: string): string {
  keySeq += 1;
  return `${prefix}${keySeq}`;
}

/** SHIFT_PRESETS are the shift lengths offered without typing. */
export const SHIFT_PRESETS: readonly { value: string; label: string }[] = [
  { value: "8h", label: "8 hours" },
  { value: "12h", label: "12 hours" },
  { value: "1d", label: "1 day" },
  { value: "1w", label: "1 week" },
  { value: "2w", label: "2 weeks" },
];

export function isShiftPreset(shift: string): boolean {
  return SHIFT_PRESETS.some((p) => p.value === shift);
}

/** defaultWindow is a working week, 09:00–17:00. */
export function defaultWindow(): WindowDraft {
  return { key: newKey("w"), days: ["mon", "tue", "wed", "thu", "fri"], from: "09:00", to: "17:00" };
}

/** nextMonday9 is the start offered for a new layer: the coming Monday at 09:00 (local wall time). */
export function nextMonday9(today: Date = new Date()): string {
  const d = new Date(today.getFullYear(), today.getMonth(), today.getDate());
  const add = (8 - d.getDay()) % 7 || 7;
  d.setDate(d.getDate() + add);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T09:00`;
}

export function newLayer(tier: TierName, index: number, start: string): LayerDraft {
  return {
    key: newKey("l"),
    name: index === 0 ? tier : `${tier}-${index + 1}`,
    participants: [],
    start,
    shift: "1w",
    coverage: "always",
    windows: [],
  };
}

function layerFromApi(layer: Layer): LayerDraft {
  const windows = layer.coverage.map((w) => ({ key: newKey("w"), days: [...w.days], from: w.from, to: w.to }));
  const draft: LayerDraft = {
    key: newKey("l"),
    name: layer.name,
    participants: [...layer.participants],
    start: layer.start,
    shift: layer.shift,
    coverage: windows.length > 0 ? "windows" : "always",
    windows,
  };
  if (layer.id) draft.id = layer.id;
  return draft;
}

/** emptyState is the form for a new schedule. */
export function emptyState(timeZone: string): EditorState {
  return { name: "", timeZone, holidays: [], pairing: "", tiers: { primary: [], secondary: [], shadow: [] }, dirty: false };
}

/** fromSchedule loads a schedule into the form. */
export function fromSchedule(s: Schedule): EditorState {
  return {
    name: s.name,
    timeZone: s.time_zone,
    holidays: [...s.holidays],
    pairing: s.pairing === "mixed" ? "mixed" : "",
    tiers: {
      primary: (s.tiers.primary ?? []).map(layerFromApi),
      secondary: (s.tiers.secondary ?? []).map(layerFromApi),
      shadow: (s.tiers.shadow ?? []).map(layerFromApi),
    },
    version: s.version,
    dirty: false,
  };
}

function windowToApi(w: WindowDraft): Window {
  // Days go out in week order whatever order they were ticked in.
  return { days: WEEKDAYS.filter((d) => w.days.includes(d)), from: w.from, to: w.to };
}

function layerToApi(l: LayerDraft): Layer {
  const layer: Layer = {
    name: l.name.trim(),
    participants: [...l.participants],
    start: l.start,
    shift: l.shift.trim(),
    coverage: l.coverage === "windows" ? l.windows.map(windowToApi) : [],
  };
  if (l.id) layer.id = l.id;
  return layer;
}

/**
 * toInput builds the POST/PUT body. Blank holiday rows are left out (their
 * indices would not match the form otherwise, so they are only trimmed from
 * the end), and the version edited rides along for an update.
 */
export function toInput(state: EditorState): ScheduleInput {
  const holidays = [...state.holidays];
  while (holidays.length > 0 && holidays[holidays.length - 1] === "") holidays.pop();
  const input: ScheduleInput = {
    name: state.name.trim(),
    time_zone: state.timeZone.trim(),
    holidays,
    pairing: state.pairing,
    tiers: {
      primary: state.tiers.primary.map(layerToApi),
      secondary: state.tiers.secondary.map(layerToApi),
      shadow: state.tiers.shadow.map(layerToApi),
    },
  };
  if (state.version !== undefined) input.version = state.version;
  return input;
}

export type LayerPatch = Partial<Pick<LayerDraft, "name" | "start" | "shift" | "coverage">>;
export type WindowPatch = Partial<Pick<WindowDraft, "from" | "to">>;

export type EditorAction =
  | { type: "load"; state: EditorState }
  | { type: "setName"; name: string }
  | { type: "setTimeZone"; timeZone: string }
  | { type: "setPairing"; pairing: Pairing }
  | { type: "addHoliday"; date?: string }
  | { type: "setHoliday"; index: number; date: string }
  | { type: "removeHoliday"; index: number }
  | { type: "addLayer"; tier: TierName; start: string }
  | { type: "removeLayer"; tier: TierName; index: number }
  | { type: "moveLayer"; tier: TierName; index: number; by: -1 | 1 }
  | { type: "updateLayer"; tier: TierName; index: number; patch: LayerPatch }
  | { type: "addParticipant"; tier: TierName; index: number; userId: string }
  | { type: "removeParticipant"; tier: TierName; index: number; at: number }
  | { type: "moveParticipant"; tier: TierName; index: number; at: number; by: -1 | 1 }
  | { type: "addWindow"; tier: TierName; index: number }
  | { type: "removeWindow"; tier: TierName; index: number; at: number }
  | { type: "updateWindow"; tier: TierName; index: number; at: number; patch: WindowPatch }
  | { type: "toggleDay"; tier: TierName; index: number; at: number; day: Weekday };

/** move returns a copy of list with item i moved by one place, or list itself at an end. */
export function move<T>(list: readonly T[], i: number, by: -1 | 1): T[] {
  const j = i + by;
  if (i < 0 || i >= list.length || j < 0 || j >= list.length) return [...list];
  const out = [...list];
  const [item] = out.splice(i, 1);
  out.splice(j, 0, item as T);
  return out;
}

function withLayer(
  state: EditorState,
  tier: TierName,
  index: number,
  change: (l: LayerDraft) => LayerDraft,
): EditorState {
  const layers = state.tiers[tier];
  const layer = layers[index];
  if (!layer) return state;
  const next = [...layers];
  next[index] = change(layer);
  return { ...state, tiers: { ...state.tiers, [tier]: next }, dirty: true };
}

function withWindow(layer: LayerDraft, at: number, change: (w: WindowDraft) => WindowDraft): LayerDraft {
  const w = layer.windows[at];
  if (!w) return layer;
  const windows = [...layer.windows];
  windows[at] = change(w);
  return { ...layer, windows };
}

/** editorReducer applies one edit; every edit marks the form dirty. */
export function editorReducer(state: EditorState, action: EditorAction): EditorState {
  switch (action.type) {
    case "load":
      return action.state;
    case "setName":
      return { ...state, name: action.name, dirty: true };
    case "setTimeZone":
      return { ...state, timeZone: action.timeZone, dirty: true };
    case "setPairing":
      return { ...state, pairing: action.pairing, dirty: true };
    case "addHoliday":
      return { ...state, holidays: [...state.holidays, action.date ?? ""], dirty: true };
    case "setHoliday": {
      if (action.index < 0 || action.index >= state.holidays.length) return state;
      const holidays = [...state.holidays];
      holidays[action.index] = action.date;
      return { ...state, holidays, dirty: true };
    }
    case "removeHoliday":
      return { ...state, holidays: state.holidays.filter((_, i) => i !== action.index), dirty: true };
    case "addLayer": {
      const layers = state.tiers[action.tier];
      const layer = newLayer(action.tier, layers.length, action.start);
      return { ...state, tiers: { ...state.tiers, [action.tier]: [...layers, layer] }, dirty: true };
    }
    case "removeLayer": {
      const layers = state.tiers[action.tier].filter((_, i) => i !== action.index);
      return { ...state, tiers: { ...state.tiers, [action.tier]: layers }, dirty: true };
    }
    case "moveLayer": {
      const layers = move(state.tiers[action.tier], action.index, action.by);
      return { ...state, tiers: { ...state.tiers, [action.tier]: layers }, dirty: true };
    }
    case "updateLayer":
      return withLayer(state, action.tier, action.index, (l) => {
        const next = { ...l, ...action.patch };
        // Switching to windows with none yet offers a working week to edit.
        if (action.patch.coverage === "windows" && next.windows.length === 0) next.windows = [defaultWindow()];
        return next;
      });
    case "addParticipant":
      return withLayer(state, action.tier, action.index, (l) =>
        l.participants.includes(action.userId) ? l : { ...l, participants: [...l.participants, action.userId] },
      );
    case "removeParticipant":
      return withLayer(state, action.tier, action.index, (l) => ({
        ...l,
        participants: l.participants.filter((_, i) => i !== action.at),
      }));
    case "moveParticipant":
      return withLayer(state, action.tier, action.index, (l) => ({
        ...l,
        participants: move(l.participants, action.at, action.by),
      }));
    case "addWindow":
      return withLayer(state, action.tier, action.index, (l) => ({ ...l, windows: [...l.windows, defaultWindow()] }));
    case "removeWindow":
      return withLayer(state, action.tier, action.index, (l) => ({
        ...l,
        windows: l.windows.filter((_, i) => i !== action.at),
      }));
    case "updateWindow":
      return withLayer(state, action.tier, action.index, (l) =>
        withWindow(l, action.at, (w) => ({ ...w, ...action.patch })),
      );
    case "toggleDay":
      return withLayer(state, action.tier, action.index, (l) =>
        withWindow(l, action.at, (w) => ({
          ...w,
          days: w.days.includes(action.day) ? w.days.filter((d) => d !== action.day) : [...w.days, action.day],
        })),
      );
  }
}

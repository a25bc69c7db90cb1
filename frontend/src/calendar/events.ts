// Turning the API's resolved shifts, coverage gaps and pairing violations
// into FullCalendar events: one colour per tier, a lighter style for
// business-hours layers, shadow and overrides marked in the title and by
// class, gaps and pairing violations as background events. Pure, so that the
// rules are unit tested without a browser.

import type { EventInput } from "@fullcalendar/react";
import type { Engineer, Gap, PairingViolation, Schedule, Shift, ShiftsResponse, TierName } from "../api/types";
import { TIERS } from "../api/types";

/** LayerStyle says how a shift's source is drawn. */
export type LayerStyle = "always" | "business-hours" | "override";

/** TIER_COLORS are the fill colours per tier; shadow is drawn outlined. */
export const TIER_COLORS: Record<TierName, string> = {
  primary: "#2f5bd3",
  secondary: "#0f7b6c",
  shadow: "#6b7280",
};

/** BUSINESS_HOURS_COLORS are the lighter fills for business-hours layers. */
export const BUSINESS_HOURS_COLORS: Record<TierName, string> = {
  primary: "#7b9be8",
  secondary: "#5fb3a6",
  shadow: "#9ca3af",
};

export const GAP_COLOR = "#dc2626";
export const PAIRING_COLOR = "#d97706";

/** ShiftEventProps ride along on a shift's event for click handling. */
export interface ShiftEventProps {
  kind: "shift";
  shift: Shift;
  mine: boolean;
  style: LayerStyle;
}

export interface GapEventProps {
  kind: "gap";
  gap: Gap;
}

export interface PairingEventProps {
  kind: "pairing";
  violation: PairingViolation;
}

export type RotaEventProps = ShiftEventProps | GapEventProps | PairingEventProps;

/**
 * layerStyles maps each layer id of a schedule to how its shifts are drawn:
 * a layer with weekly windows is business hours, one without covers always.
 */
export function layerStyles(schedule: Pick<Schedule, "tiers">): Map<string, LayerStyle> {
  const out = new Map<string, LayerStyle>();
  for (const tier of TIERS) {
    for (const layer of schedule.tiers[tier] ?? []) {
      if (layer.id) out.set(layer.id, layer.coverage.length > 0 ? "business-hours" : "always");
    }
  }
  return out;
}

/** styleOf says how one shift is drawn. */
export function styleOf(shift: Shift, styles: Map<string, LayerStyle>): LayerStyle {
  if (shift.source.kind === "override") return "override";
  return styles.get(shift.source.id) ?? "always";
}

/**
 * shiftTitle names the engineer, the tier and where the shift came from:
 * "Olga · primary (ops-24x7)", "Dina · primary (override)",
 * "Nia · shadow (learners)".
 */
export function shiftTitle(shift: Shift): string {
  const who = shift.user_name || shift.user_id;
  const from = shift.source.kind === "override" ? "override" : shift.source.name || "layer";
  return `${who} · ${shift.tier} (${from})`;
}

/** shiftClassName lists the classes a shift's event carries. */
export function shiftClassName(shift: Shift, style: LayerStyle, mine: boolean): string {
  const classes = ["rota-event", `rota-event--${shift.tier}`, `rota-event--${style}`];
  if (mine) classes.push("rota-event--mine");
  return classes.join(" ");
}

/** shiftColor is the fill of a shift: the tier's, lighter for business hours. */
export function shiftColor(shift: Shift, style: LayerStyle): string {
  return style === "business-hours" ? BUSINESS_HOURS_COLORS[shift.tier] : TIER_COLORS[shift.tier];
}

/**
 * shiftToEvent makes one shift's event. behind draws it as a background
 * event, which takes no pointer events, so that a range can be selected
 * over it.
 */
export function shiftToEvent(shift: Shift, styles: Map<string, LayerStyle>, meId: string, index: number, behind = false): EventInput {
  const style = styleOf(shift, styles);
  const mine = shift.user_id === meId;
  const props: ShiftEventProps = { kind: "shift", shift, mine, style };
  const event: EventInput = {
    id: `shift-${shift.tier}-${shift.source.kind}-${shift.source.id}-${shift.start}-${index}`,
    title: shiftTitle(shift),
    start: shift.start,
    end: shift.end,
    color: shiftColor(shift, style),
    className: shiftClassName(shift, style, mine),
    extendedProps: { ...props, tierRank: TIERS.indexOf(shift.tier) },
  };
  if (behind) {
    event.display = "background";
    event.className = `${String(event.className)} rota-event--behind`;
  }
  return event;
}

/** gapTitle says which tier nobody covers. */
export function gapTitle(gap: Gap): string {
  return `Coverage gap: no ${gap.tier} on call`;
}

export function gapToEvent(gap: Gap): EventInput {
  const props: GapEventProps = { kind: "gap", gap };
  return {
    id: `gap-${gap.tier}-${gap.start}`,
    title: gapTitle(gap),
    start: gap.start,
    end: gap.end,
    display: "background",
    color: GAP_COLOR,
    className: `rota-gap rota-gap--${gap.tier}`,
    extendedProps: props,
  };
}

/** pairingTitle explains a broken dev/ops pairing with the engineers' names. */
export function pairingTitle(v: PairingViolation, names: Map<string, string>): string {
  const name = (id: string) => names.get(id) ?? id;
  const discipline = v.discipline ? ` (${v.discipline})` : "";
  if (v.primary_id && v.primary_id === v.secondary_id) {
    return `Pairing broken: ${name(v.primary_id)} is both primary and secondary${discipline}`;
  }
  const who = [v.primary_id, v.secondary_id].filter((id): id is string => !!id).map(name);
  const both = v.discipline ? `both ${v.discipline}` : "of the same discipline";
  return who.length > 0 ? `Pairing broken: ${who.join(" and ")} are ${both}` : `Pairing broken: primary and secondary are ${both}`;
}

export function pairingToEvent(v: PairingViolation, names: Map<string, string>): EventInput | null {
  if (!v.start || !v.end) return null;
  const props: PairingEventProps = { kind: "pairing", violation: v };
  return {
    id: `pairing-${v.start}`,
    title: pairingTitle(v, names),
    start: v.start,
    end: v.end,
    display: "background",
    color: PAIRING_COLOR,
    className: "rota-pairing",
    extendedProps: props,
  };
}

/** memberNames maps user ids to names for titles. */
export function memberNames(members: readonly Engineer[]): Map<string, string> {
  return new Map(members.map((m) => [m.id, m.name]));
}

/** CalendarEventOptions change how calendarEvents draws a range. */
export interface CalendarEventOptions {
  /**
   * shiftsBehind draws shifts as background events, for the calendar's
   * "Override a range" mode: a selection can then start and end anywhere,
   * on a shift or not.
   */
  shiftsBehind?: boolean;
}

/**
 * calendarEvents builds every event for one fetched range: shifts in tier
 * order (primary, secondary, shadow), then gaps and pairing violations as
 * background events.
 */
export function calendarEvents(
  res: ShiftsResponse,
  schedule: Pick<Schedule, "tiers" | "members">,
  meId: string,
  options: CalendarEventOptions = {},
): EventInput[] {
  const styles = layerStyles(schedule);
  const names = memberNames(schedule.members);
  const rank = (t: TierName) => TIERS.indexOf(t);
  const shifts = [...(res.shifts ?? [])].sort(
    (a, b) => rank(a.tier) - rank(b.tier) || a.start.localeCompare(b.start),
  );
  const events: EventInput[] = shifts.map((s, i) => shiftToEvent(s, styles, meId, i, options.shiftsBehind));
  for (const g of res.gaps ?? []) events.push(gapToEvent(g));
  for (const v of res.pairing_violations ?? []) {
    const e = pairingToEvent(v, names);
    if (e) events.push(e);
  }
  return events;
}

/** eventProps reads back the props calendarEvents attached. */
export function eventProps(extendedProps: Record<string, unknown>): RotaEventProps | null {
  const kind = extendedProps["kind"];
  if (kind === "shift" || kind === "gap" || kind === "pairing") return extendedProps as unknown as RotaEventProps;
  return null;
}

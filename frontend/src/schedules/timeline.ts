// The timeline view's model: which rows it draws, in which order, and the
// bars on each — computed from the API's timeline, apart from the chart so
// that it can be tested without a canvas.

import type { Timeline, TierName } from "../api/types";
import { TIERS } from "../api/types";

export type BarKind = "turn" | "override" | "gap";

/** Bar is one stretch on a row: an engineer's turn, an override, or a gap (nobody on call). */
export interface Bar {
  start: number; // epoch milliseconds, clipped to the timeline's range
  end: number;
  kind: BarKind;
  userId: string; // "" for a gap
  who: string;
}

/** Row is one line of the timeline: a layer on its own, or a tier's final schedule. */
export interface Row {
  key: string;
  label: string;
  kind: "layer" | "final";
  tier: TierName;
  /** field is the editor's path of the layer (tiers.<tier>[i]). */
  field?: string;
  bars: Bar[];
}

const TIER_LABEL: Record<TierName, string> = { primary: "Primary", secondary: "Secondary", shadow: "Shadow" };

/**
 * timelineRows orders the rows as they read top to bottom: for each tier
 * that has layers, its layers in precedence order (a later one wins where
 * it has a turn), then the tier's final schedule with overrides and gaps.
 */
export function timelineRows(t: Timeline): Row[] {
  const from = Date.parse(t.from);
  const to = Date.parse(t.to);
  const clip = (s: string, e: string): [number, number] | null => {
    const a = Math.max(Date.parse(s), from);
    const b = Math.min(Date.parse(e), to);
    return b > a ? [a, b] : null;
  };
  const rows: Row[] = [];
  for (const tier of TIERS) {
    const layers = t.layers.filter((l) => l.tier === tier).sort((a, b) => a.index - b.index);
    if (layers.length === 0) continue;
    for (const l of layers) {
      const bars: Bar[] = [];
      for (const sh of l.shifts) {
        const c = clip(sh.start, sh.end);
        if (c) bars.push({ start: c[0], end: c[1], kind: "turn", userId: sh.user_id, who: sh.user_name || sh.user_id });
      }
      rows.push({ key: `layer-${l.index}`, label: `${TIER_LABEL[tier]} · ${l.name || `layer ${l.position + 1}`}`, kind: "layer", tier, field: `tiers.${tier}[${l.position}]`, bars });
    }
    const bars: Bar[] = [];
    for (const sh of t.final) {
      if (sh.tier !== tier) continue;
      const c = clip(sh.start, sh.end);
      if (c) bars.push({ start: c[0], end: c[1], kind: sh.source.kind === "override" ? "override" : "turn", userId: sh.user_id, who: sh.user_name || sh.user_id });
    }
    for (const g of t.gaps) {
      if (g.tier !== tier) continue;
      const c = clip(g.start, g.end);
      if (c) bars.push({ start: c[0], end: c[1], kind: "gap", userId: "", who: "Nobody on call" });
    }
    bars.sort((a, b) => a.start - b.start);
    rows.push({ key: `final-${tier}`, label: `${TIER_LABEL[tier]} · final`, kind: "final", tier, bars });
  }
  return rows;
}

/** engineersOf lists the engineers on the rows, each once, in order of first appearance. */
export function engineersOf(rows: readonly Row[]): { id: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const r of rows) for (const b of r.bars) if (b.kind !== "gap" && !seen.has(b.userId)) seen.set(b.userId, b.who);
  return [...seen].map(([id, name]) => ({ id, name }));
}

/** PALETTE colours engineers on the timeline; the gap colour is apart from all of them. */
export const PALETTE = ["#2563eb", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#ca8a04", "#db2777", "#4d7c0f", "#7c3aed", "#0f766e"];
export const GAP_COLOR = "#dc2626";

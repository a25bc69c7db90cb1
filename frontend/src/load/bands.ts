// The pure shaping of load figures for display, kept apart from React so
// it can be tested on its own.

import type { EngineerLoad, TeamLoad } from "../api/types";

/** BANDS are PagerDuty's interruption bands in the order the charts stack them. */
export const BANDS = [
  { key: "business", label: "Business hours", color: "#4f7fd9" },
  { key: "off_hours", label: "Off hours", color: "#e0a030" },
  { key: "sleep", label: "Sleep hours", color: "#c8413b" },
] as const;

export type BandKey = (typeof BANDS)[number]["key"];

/** bandSeries gives, per band, each engineer's interruptions, most interrupted engineer first. */
export function bandSeries(engineers: readonly EngineerLoad[]): { labels: string[]; series: Record<BandKey, number[]> } {
  const sorted = [...engineers].sort((a, b) => b.interruptions.total - a.interruptions.total || a.name.localeCompare(b.name));
  return {
    labels: sorted.map((e) => e.name),
    series: {
      business: sorted.map((e) => e.interruptions.business),
      off_hours: sorted.map((e) => e.interruptions.off_hours),
      sleep: sorted.map((e) => e.interruptions.sleep),
    },
  };
}

export const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;

/** heatLevel buckets a count into 0–4 against the map's largest, for the cell's shade. */
export function heatLevel(n: number, max: number): number {
  if (n <= 0 || max <= 0) return 0;
  return Math.min(4, Math.ceil((n / max) * 4));
}

/** heatMax is the largest count of a heat map. */
export function heatMax(map: readonly (readonly number[])[]): number {
  return map.reduce((m, day) => Math.max(m, ...day), 0);
}

/** nameOf finds an engineer's name in a team's report, falling back to the id. */
export function nameOf(team: TeamLoad, userId: string): string {
  return team.engineers.find((e) => e.id === userId)?.name ?? `user ${userId}`;
}

/** fairnessWords reads a Gini coefficient as words. */
export function fairnessWords(gini: number): string {
  if (gini < 0.15) return "even";
  if (gini < 0.3) return "somewhat uneven";
  return "uneven";
}

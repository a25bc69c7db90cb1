// An alert's timeline as people read it: each entry kind gets a label and a
// small symbol, the actor is named when there is one, and entries are shown
// oldest first in the order the server wrote them.

import type { TimelineEntry } from "../api/types";

export interface KindDisplay {
  label: string;
  /** icon is a short symbol shown beside the entry; it is decoration (aria-hidden). */
  icon: string;
  tone: "danger" | "warning" | "success" | "neutral" | "info";
}

const KINDS: Record<string, KindDisplay> = {
  created: { label: "Triggered", icon: "!", tone: "danger" },
  deduped: { label: "Repeated", icon: "×", tone: "neutral" },
  routed: { label: "Routed", icon: "→", tone: "info" },
  held: { label: "Held", icon: "‖", tone: "warning" },
  released: { label: "Released", icon: "▶", tone: "info" },
  suppressed: { label: "Suppressed", icon: "∅", tone: "neutral" },
  step_fired: { label: "Escalation step", icon: "↑", tone: "info" },
  paged: { label: "Paged", icon: "✉", tone: "info" },
  page_sent: { label: "Page sent", icon: "↗", tone: "success" },
  page_failed: { label: "Page failed", icon: "✕", tone: "danger" },
  acknowledged: { label: "Acknowledged", icon: "✓", tone: "warning" },
  resolved: { label: "Resolved", icon: "✔", tone: "success" },
  escalated: { label: "Escalated", icon: "⇡", tone: "warning" },
  escalation_exhausted: { label: "Escalation exhausted", icon: "■", tone: "danger" },
  no_one_on_call: { label: "Nobody on call", icon: "?", tone: "danger" },
  note: { label: "Note", icon: "✎", tone: "info" },
};

/** kindDisplay names a timeline entry's kind; a kind this app does not know is shown by its own name. */
export function kindDisplay(kind: string): KindDisplay {
  const known = KINDS[kind];
  if (known) return known;
  const words = kind.replace(/_/g, " ").trim();
  return { label: words ? words[0]!.toUpperCase() + words.slice(1) : "Event", icon: "•", tone: "neutral" };
}

export interface TimelineRow {
  id: string;
  at: string;
  kind: string;
  label: string;
  icon: string;
  tone: KindDisplay["tone"];
  message: string;
  /** actor is who did it ("by Olga Petrova"), or empty for Rota itself or a monitor. */
  actor: string;
}

/**
 * timelineRows turns the server's entries into rows. The actor's name comes
 * from the entry, else from the users the page knows, else from the id.
 * Rows keep the server's order (the order things happened in the database,
 * which is also the order of ids), even when clocks in the history disagree.
 */
export function timelineRows(entries: readonly TimelineEntry[], userNames: ReadonlyMap<string, string> = new Map()): TimelineRow[] {
  return entries.map((e) => {
    const k = kindDisplay(e.kind);
    const who = e.actor_name || (e.actor_id ? (userNames.get(e.actor_id) ?? `user ${e.actor_id}`) : "");
    return { id: e.id, at: e.at, kind: e.kind, label: k.label, icon: k.icon, tone: k.tone, message: e.message, actor: who ? `by ${who}` : "" };
  });
}

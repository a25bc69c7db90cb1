// How incidents read in the app: status and severity labels and tones, the
// forward-only status moves the detail page offers, durations written from
// the API's seconds, and the timeline with its corrections tied to the
// entries they correct.

import type { BadgeTone } from "../alerts/display";
import type { IncidentEntry, IncidentSeverity, IncidentStatus, ReviewStatus } from "../api/types";
import { INCIDENT_STATUSES } from "../api/types";
import { formatDuration } from "../lib/time";

const STATUS: Record<IncidentStatus, { label: string; tone: BadgeTone }> = {
  triggered: { label: "Triggered", tone: "danger" },
  acknowledged: { label: "Acknowledged", tone: "warning" },
  mitigated: { label: "Mitigated", tone: "info" },
  resolved: { label: "Resolved", tone: "success" },
};

/** incidentStatusDisplay names a status; one this app does not know is shown as it is. */
export function incidentStatusDisplay(status: string): { label: string; tone: BadgeTone } {
  return STATUS[status as IncidentStatus] ?? { label: status, tone: "neutral" };
}

const SEVERITY_TONE: Record<IncidentSeverity, BadgeTone> = { SEV1: "danger", SEV2: "warning", SEV3: "info", SEV4: "neutral" };

/** severityTone colours a severity: SEV1 loudest. */
export function severityTone(sev: string): BadgeTone {
  return SEVERITY_TONE[sev as IncidentSeverity] ?? "neutral";
}

const REVIEW: Record<ReviewStatus | "none", string> = { none: "Not started", draft: "Draft", in_review: "In review", published: "Published" };

/** reviewStatusLabel names a review's step. */
export function reviewStatusLabel(status: string): string {
  return REVIEW[status as ReviewStatus] ?? status;
}

export type Move = "acknowledge" | "mitigate" | "resolve";

export interface MoveButton {
  move: Move;
  label: string;
  to: IncidentStatus;
  /** enabled is false for a status the incident has reached or passed: incidents never go back. */
  enabled: boolean;
}

const MOVES: readonly { move: Move; label: string; to: IncidentStatus }[] = [
  { move: "acknowledge", label: "Acknowledge", to: "acknowledged" },
  { move: "mitigate", label: "Mitigate", to: "mitigated" },
  { move: "resolve", label: "Resolve", to: "resolved" },
];

/** moveButtons lists the status moves, each enabled only when it goes forward (skipping is allowed). */
export function moveButtons(status: IncidentStatus): MoveButton[] {
  const at = INCIDENT_STATUSES.indexOf(status);
  return MOVES.map((m) => ({ ...m, enabled: INCIDENT_STATUSES.indexOf(m.to) > at }));
}

/** formatSeconds writes a duration from the API's seconds; without samples it is a dash. */
export function formatSeconds(seconds: number | null | undefined, samples?: number): string {
  if (seconds === null || seconds === undefined || samples === 0) return "—";
  if (seconds > 0 && seconds < 1) return "under 1 s";
  if (seconds > 0 && seconds < 60) return `${Math.round(seconds)} s`;
  return formatDuration(seconds * 1000);
}

/** formatRate writes a 0–1 rate as a whole percentage ("25 %"); without deployments it is a dash. */
export function formatRate(rate: number, deployments: number): string {
  if (deployments === 0) return "—";
  return `${Math.round(rate * 1000) / 10} %`;
}

const KIND_LABEL: Record<string, string> = {
  opened: "Opened",
  alert_triggered: "Alert triggered",
  paged: "Paged",
  acknowledged: "Acknowledged",
  escalated: "Escalated",
  held: "Held",
  released: "Released",
  alert_resolved: "Alert resolved",
  linked: "Linked",
  status_changed: "Status changed",
  edited: "Edited",
  change_deployed: "Change deployed",
  note: "Note",
};

const KIND_TONE: Record<string, BadgeTone> = {
  opened: "danger",
  alert_triggered: "danger",
  paged: "info",
  acknowledged: "warning",
  escalated: "warning",
  held: "warning",
  released: "info",
  alert_resolved: "success",
  linked: "neutral",
  status_changed: "info",
  edited: "neutral",
  change_deployed: "info",
  note: "neutral",
};

export interface IncidentTimelineRow {
  seq: number;
  at: string;
  kind: string;
  label: string;
  tone: BadgeTone;
  /** text is the note's own words, or the system's sentence for anything else. */
  text: string;
  /** by is who did it ("Olga Petrova"), empty for Rota itself. */
  by: string;
  /** human is true for notes and corrections, which people wrote. */
  human: boolean;
  /** corrects is the seq of the entry this note corrects, 0 when none. */
  corrects: number;
  /** correctedBy are the seqs of later notes correcting this entry, in the order they were written. */
  correctedBy: number[];
}

/**
 * incidentTimelineRows keeps the server's display order (by time, then by
 * the order of appending) and ties each correction to the entry it
 * corrects, both ways: nothing is edited in place, a correction is an entry
 * of its own.
 */
export function incidentTimelineRows(entries: readonly IncidentEntry[]): IncidentTimelineRow[] {
  const correctedBy = new Map<number, number[]>();
  for (const e of [...entries].sort((a, b) => a.seq - b.seq)) {
    if (e.corrects) correctedBy.set(e.corrects, [...(correctedBy.get(e.corrects) ?? []), e.seq]);
  }
  return entries.map((e) => {
    const human = e.kind === "note";
    const label = human && e.corrects ? "Correction" : (KIND_LABEL[e.kind] ?? e.kind.replace(/_/g, " "));
    return {
      seq: e.seq,
      at: e.at,
      kind: e.kind,
      label,
      tone: KIND_TONE[e.kind] ?? "neutral",
      text: human ? (e.text ?? e.description) : e.description,
      by: e.actor?.name ?? "",
      human,
      corrects: e.corrects ?? 0,
      correctedBy: correctedBy.get(e.seq) ?? [],
    };
  });
}

const ACTION_STATUS: Record<string, string> = { open: "Open", in_progress: "In progress", done: "Done", wont_do: "Won’t do" };

/** actionStatusLabel names an action item's status. */
export function actionStatusLabel(status: string): string {
  return ACTION_STATUS[status] ?? status;
}

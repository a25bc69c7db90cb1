// How an alert is shown: its status and urgency as words and badge
// variants, which actions make sense for it, its count and its age. Pure,
// so the list, the detail page and the tests agree.

import type { Alert, AlertStatus, PageStatus, Urgency } from "../api/types";
import { formatDuration } from "../lib/time";

export type BadgeTone = "danger" | "warning" | "success" | "neutral" | "info";

export interface Display {
  label: string;
  tone: BadgeTone;
}

const STATUS: Record<AlertStatus, Display> = {
  triggered: { label: "Triggered", tone: "danger" },
  acknowledged: { label: "Acknowledged", tone: "warning" },
  resolved: { label: "Resolved", tone: "success" },
};

/** statusDisplay names an alert status; an unknown one is shown as sent, in a neutral badge. */
export function statusDisplay(status: string): Display {
  return STATUS[status as AlertStatus] ?? { label: status || "unknown", tone: "neutral" };
}

/** urgencyDisplay names an urgency: high is loud, low is quiet. */
export function urgencyDisplay(urgency: Urgency | string): Display {
  if (urgency === "high") return { label: "High", tone: "danger" };
  if (urgency === "low") return { label: "Low", tone: "neutral" };
  return { label: urgency || "unknown", tone: "neutral" };
}

const PAGE_STATUS: Record<PageStatus, Display> = {
  pending: { label: "Pending", tone: "info" },
  sending: { label: "Sending", tone: "info" },
  sent: { label: "Sent", tone: "success" },
  failed: { label: "Failed", tone: "danger" },
  cancelled: { label: "Cancelled", tone: "neutral" },
};

/** pageStatusDisplay names where a page is in the outbox. */
export function pageStatusDisplay(status: string): Display {
  return PAGE_STATUS[status as PageStatus] ?? { label: status || "unknown", tone: "neutral" };
}

export interface AlertActions {
  ack: boolean;
  resolve: boolean;
  escalate: boolean;
}

/**
 * alertActions says which buttons apply: acknowledge only a triggered
 * alert; resolve anything not yet resolved; escalate an open alert unless it
 * arrived during maintenance (it never pages).
 */
export function alertActions(alert: Pick<Alert, "status" | "suppressed">): AlertActions {
  const open = alert.status === "triggered" || alert.status === "acknowledged";
  return {
    ack: alert.status === "triggered",
    resolve: open,
    escalate: open && !alert.suppressed,
  };
}

/** countLabel is "×N" for an alert that folded N events together, and empty for one. */
export function countLabel(count: number | undefined): string {
  return count !== undefined && count > 1 ? `×${count}` : "";
}

/** alertAge is how long ago an alert was created: "now", "4 min", "3 h 20 min", "2 d 4 h". */
export function alertAge(createdAt: string, now: Date): string {
  const ms = now.getTime() - new Date(createdAt).getTime();
  if (ms < 60_000) return "now";
  return formatDuration(ms);
}

/** updatedAgo says how fresh the list is: "updated just now", "updated 7 s ago", "updated 2 min ago". */
export function updatedAgo(at: Date | undefined, now: Date): string {
  if (!at) return "";
  const s = Math.max(0, Math.floor((now.getTime() - at.getTime()) / 1000));
  if (s < 2) return "updated just now";
  if (s < 60) return `updated ${s} s ago`;
  return `updated ${formatDuration(s * 1000)} ago`;
}

/** stepLabel shows an escalation position for people: step 2, pass 1 (the API counts from 0). */
export function stepLabel(step: number | undefined, loop: number | undefined): string {
  return `step ${(step ?? 0) + 1}, pass ${(loop ?? 0) + 1}`;
}

/** bulkAckSummary words the answer to "Acknowledge selected": how many worked, and why the others did not. */
export function bulkAckSummary(results: readonly { alert_id: string; error?: string }[]): { ok: boolean; text: string } {
  const failed = results.filter((r) => r.error);
  const done = results.length - failed.length;
  const plural = (n: number) => (n === 1 ? "alert" : "alerts");
  if (failed.length === 0) return { ok: true, text: `Acknowledged ${done} ${plural(done)}.` };
  const reasons = [...new Set(failed.map((r) => r.error))].join("; ");
  const head = done > 0 ? `Acknowledged ${done} ${plural(done)}; ` : "";
  return { ok: false, text: `${head}${failed.length} ${plural(failed.length)} could not be acknowledged: ${reasons}.` };
}

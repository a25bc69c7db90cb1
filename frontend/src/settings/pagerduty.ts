// Pure wording for Settings → PagerDuty, kept apart from React.

import type { PagerDutyConnection, PagerDutyImport } from "../api/pagerduty";

export type PlanLineKind = "create" | "update" | "delete" | "other";

/** planLineKind reads a plan line's sign: + create, ~ update, - delete. */
export function planLineKind(line: string): PlanLineKind {
  switch (line.charAt(0)) {
    case "+":
      return "create";
    case "~":
      return "update";
    case "-":
      return "delete";
  }
  return "other";
}

/** connectionText says where the token in use comes from, never the token. */
export function connectionText(c: PagerDutyConnection): string {
  if (!c.connected) return "Not connected.";
  const token = `token ending ${c.token_last4}`;
  if (c.source === "environment") return `Connected with ROTA_PAGERDUTY_TOKEN (${token}); it wins over a token stored here.`;
  return `Connected with a stored ${token}.`;
}

/** importHeadline sums an import up in one line. */
export function importHeadline(r: PagerDutyImport): string {
  if (r.status === "failed") return r.dry_run ? "The preview failed" : "The import failed";
  const counts = `${r.created} to create, ${r.updated} to update, ${r.deleted} to delete`;
  if (r.dry_run) return r.plan.length === 0 ? "Preview: Rota already matches PagerDuty" : `Preview: ${counts}`;
  return `Imported: ${r.created} created, ${r.updated} updated, ${r.deleted} deleted`;
}

/** faithfulnessText says how the imported schedules compare with PagerDuty's final schedules. */
export function faithfulnessText(r: PagerDutyImport): string {
  if (r.checks.length === 0) return "No schedule was imported.";
  const off = r.checks.filter((c) => !c.faithful).length;
  if (off === 0) return `All ${r.checks.length} schedule(s) match PagerDuty's final schedule.`;
  return `${off} of ${r.checks.length} schedule(s) differ from PagerDuty's final schedule.`;
}

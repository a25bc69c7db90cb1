import { describe, expect, it } from "vitest";
import type { TimelineEntry } from "../api/types";
import { kindDisplay, timelineRows } from "./timeline";

describe("kindDisplay", () => {
  it("names the kinds the engine writes", () => {
    expect(kindDisplay("created")).toMatchObject({ label: "Triggered", tone: "danger" });
    expect(kindDisplay("acknowledged")).toMatchObject({ label: "Acknowledged", tone: "warning" });
    expect(kindDisplay("page_failed")).toMatchObject({ label: "Page failed", tone: "danger" });
    expect(kindDisplay("no_one_on_call").label).toBe("Nobody on call");
  });

  it("shows a kind it does not know by its own name", () => {
    expect(kindDisplay("snoozed_by_bot")).toEqual({ label: "Snoozed by bot", icon: "•", tone: "neutral" });
    expect(kindDisplay("").label).toBe("Event");
  });
});

describe("timelineRows", () => {
  const entries: TimelineEntry[] = [
    { id: "1", at: "2026-03-10T12:00:00Z", kind: "created", message: "high urgency, severity critical" },
    { id: "2", at: "2026-03-10T12:00:00Z", kind: "paged", message: "paged user 3 via schedule payments-oncall primary" },
    { id: "3", at: "2026-03-10T12:02:00Z", kind: "acknowledged", message: "acknowledged: escalation stopped", actor_id: "3" },
    { id: "4", at: "2026-03-10T12:03:00Z", kind: "resolved", message: "resolved", actor_id: "9", actor_name: "Dina Weber" },
    { id: "5", at: "2026-03-10T11:59:00Z", kind: "escalated", message: "escalated by hand", actor_id: "42" },
  ];

  it("labels each entry and names the actor", () => {
    const rows = timelineRows(entries, new Map([["3", "Omar Haddad"]]));
    expect(rows.map((r) => [r.label, r.actor])).toEqual([
      ["Triggered", ""],
      ["Paged", ""],
      ["Acknowledged", "by Omar Haddad"],
      ["Resolved", "by Dina Weber"],
      ["Escalated", "by user 42"],
    ]);
    expect(rows[2]).toMatchObject({ id: "3", kind: "acknowledged", message: "acknowledged: escalation stopped", icon: "✓" });
  });

  it("keeps the server's order even when a clock disagrees", () => {
    expect(timelineRows(entries).map((r) => r.id)).toEqual(["1", "2", "3", "4", "5"]);
  });
});

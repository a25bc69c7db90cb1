import { describe, expect, it } from "vitest";
import { alertActions, alertAge, bulkAckSummary, countLabel, pageStatusDisplay, statusDisplay, stepLabel, updatedAgo, urgencyDisplay } from "./display";

describe("statusDisplay", () => {
  it("names each status with its own tone", () => {
    expect(statusDisplay("triggered")).toEqual({ label: "Triggered", tone: "danger" });
    expect(statusDisplay("acknowledged")).toEqual({ label: "Acknowledged", tone: "warning" });
    expect(statusDisplay("resolved")).toEqual({ label: "Resolved", tone: "success" });
  });

  it("shows a status it does not know as sent, in a neutral badge", () => {
    expect(statusDisplay("snoozed")).toEqual({ label: "snoozed", tone: "neutral" });
    expect(statusDisplay("")).toEqual({ label: "unknown", tone: "neutral" });
  });
});

describe("urgencyDisplay", () => {
  it("makes high loud and low quiet", () => {
    expect(urgencyDisplay("high")).toEqual({ label: "High", tone: "danger" });
    expect(urgencyDisplay("low")).toEqual({ label: "Low", tone: "neutral" });
    expect(urgencyDisplay("medium").label).toBe("medium");
  });
});

describe("pageStatusDisplay", () => {
  it("marks failed pages as danger and sent ones as success", () => {
    expect(pageStatusDisplay("failed").tone).toBe("danger");
    expect(pageStatusDisplay("sent")).toEqual({ label: "Sent", tone: "success" });
    expect(pageStatusDisplay("cancelled").tone).toBe("neutral");
  });
});

describe("alertActions", () => {
  const cases = [
    { name: "triggered: everything", alert: { status: "triggered" as const }, want: { ack: true, resolve: true, escalate: true } },
    { name: "acknowledged: no second ack, but resolve and re-escalate", alert: { status: "acknowledged" as const }, want: { ack: false, resolve: true, escalate: true } },
    { name: "resolved: nothing", alert: { status: "resolved" as const }, want: { ack: false, resolve: false, escalate: false } },
    { name: "suppressed by maintenance: never escalates", alert: { status: "triggered" as const, suppressed: true }, want: { ack: true, resolve: true, escalate: false } },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      expect(alertActions(tc.alert)).toEqual(tc.want);
    });
  }
});

describe("countLabel", () => {
  it("shows ×N only for deduplicated alerts", () => {
    expect(countLabel(1)).toBe("");
    expect(countLabel(undefined)).toBe("");
    expect(countLabel(2)).toBe("×2");
    expect(countLabel(1200)).toBe("×1200");
  });
});

describe("alertAge and updatedAgo", () => {
  const now = new Date("2026-03-10T12:00:00Z");

  it("says how old an alert is", () => {
    expect(alertAge("2026-03-10T11:59:30Z", now)).toBe("now");
    expect(alertAge("2026-03-10T11:56:00Z", now)).toBe("4 min");
    expect(alertAge("2026-03-10T08:40:00Z", now)).toBe("3 h 20 min");
    expect(alertAge("2026-03-08T08:00:00Z", now)).toBe("2 d 4 h");
  });

  it("says how fresh the list is", () => {
    expect(updatedAgo(undefined, now)).toBe("");
    expect(updatedAgo(new Date("2026-03-10T11:59:59.5Z"), now)).toBe("updated just now");
    expect(updatedAgo(new Date("2026-03-10T11:59:53Z"), now)).toBe("updated 7 s ago");
    expect(updatedAgo(new Date("2026-03-10T11:58:00Z"), now)).toBe("updated 2 min ago");
    // A clock a little ahead of the browser's is not "in the future".
    expect(updatedAgo(new Date("2026-03-10T12:00:03Z"), now)).toBe("updated just now");
  });
});

describe("stepLabel", () => {
  it("counts steps and passes from one, as people do", () => {
    expect(stepLabel(0, 0)).toBe("step 1, pass 1");
    expect(stepLabel(2, 1)).toBe("step 3, pass 2");
    expect(stepLabel(undefined, undefined)).toBe("step 1, pass 1");
  });
});

describe("bulkAckSummary", () => {
  it("counts what worked", () => {
    expect(bulkAckSummary([{ alert_id: "1" }, { alert_id: "2" }])).toEqual({ ok: true, text: "Acknowledged 2 alerts." });
    expect(bulkAckSummary([{ alert_id: "1" }])).toEqual({ ok: true, text: "Acknowledged 1 alert." });
  });

  it("says why the others failed, each reason once", () => {
    const out = bulkAckSummary([
      { alert_id: "1" },
      { alert_id: "2", error: "the alert is already resolved" },
      { alert_id: "3", error: "the alert is already resolved" },
      { alert_id: "4", error: "not your team's alert" },
    ]);
    expect(out.ok).toBe(false);
    expect(out.text).toBe("Acknowledged 1 alert; 3 alerts could not be acknowledged: the alert is already resolved; not your team's alert.");
  });
});

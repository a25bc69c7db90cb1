import { describe, expect, it } from "vitest";
import type { IncidentEntry } from "../api/types";
import { formatRate, formatSeconds, incidentTimelineRows, moveButtons } from "./display";
import { DEFAULT_INCIDENT_FILTER, incidentFilterFromSearch, incidentFilterToSearch, incidentQuery } from "./filters";

describe("moveButtons", () => {
  it.each([
    ["triggered", [true, true, true]],
    ["acknowledged", [false, true, true]],
    ["mitigated", [false, false, true]],
    ["resolved", [false, false, false]],
  ] as const)("from %s offers only forward moves", (status, enabled) => {
    expect(moveButtons(status).map((b) => b.enabled)).toEqual(enabled);
  });
});

describe("formatSeconds and formatRate", () => {
  it.each([
    [0, undefined, "0 min"],
    [42, undefined, "42 s"],
    [300, 1, "5 min"],
    [3 * 3600 + 20 * 60, 2, "3 h 20 min"],
    [100, 0, "—"],
  ] as const)("%s s over %s samples is %s", (s, n, want) => {
    expect(formatSeconds(s, n)).toBe(want);
  });

  it("writes a rate as a percentage, and a dash without deployments", () => {
    expect(formatRate(0.25, 4)).toBe("25 %");
    expect(formatRate(1 / 3, 3)).toBe("33.3 %");
    expect(formatRate(0, 0)).toBe("—");
  });
});

describe("incidentTimelineRows", () => {
  const entries: IncidentEntry[] = [
    { seq: 1, at: "2027-01-13T09:00:00Z", kind: "opened", description: "Opened SEV2 by Rota from alert 7" },
    { seq: 3, at: "2027-01-13T09:02:00Z", kind: "note", description: "Note by Olga Petrova: rolled back", text: "rolled back", actor: { id: "1", name: "Olga Petrova" } },
    { seq: 2, at: "2027-01-13T09:05:00Z", kind: "acknowledged", description: "Acknowledged by Olga Petrova", actor: { id: "1", name: "Olga Petrova" } },
    { seq: 4, at: "2027-01-13T09:06:00Z", kind: "note", description: "…", text: "the rollback was at 09:03", corrects: 3, actor: { id: "1", name: "Olga Petrova" } },
  ];

  it("keeps the server's order and ties each correction to the entry it corrects", () => {
    const rows = incidentTimelineRows(entries);
    expect(rows.map((r) => r.seq)).toEqual([1, 3, 2, 4]);
    expect(rows.map((r) => r.label)).toEqual(["Opened", "Note", "Acknowledged", "Correction"]);
    expect(rows[1]).toMatchObject({ text: "rolled back", human: true, by: "Olga Petrova", correctedBy: [4] });
    expect(rows[3]).toMatchObject({ corrects: 3, text: "the rollback was at 09:03" });
    expect(rows[0]).toMatchObject({ text: "Opened SEV2 by Rota from alert 7", by: "", human: false });
  });
});

describe("incident filters", () => {
  it("reads the address, ignoring what it does not know, and writes only what differs from the default", () => {
    const f = incidentFilterFromSearch(new URLSearchParams("status=open&severity=SEV1&team=2&review=overdue&bogus=1"));
    expect(f).toEqual({ status: "open", severity: "SEV1", teamId: "2", serviceId: "", from: "", to: "", overdue: true });
    expect(incidentFilterToSearch(f).toString()).toBe("status=open&severity=SEV1&team=2&review=overdue");
    expect(incidentFilterFromSearch(new URLSearchParams("status=nope&severity=SEV9"))).toEqual(DEFAULT_INCIDENT_FILTER);
    expect(incidentQuery(f)).toEqual({ limit: 100, status: "open", severity: "SEV1", team: "2", review: "overdue" });
    expect(incidentQuery(DEFAULT_INCIDENT_FILTER)).toEqual({ limit: 100 });
  });

  it("filters by the days an incident started in, both included, and refuses days that do not exist", () => {
    const f = incidentFilterFromSearch(new URLSearchParams("from=2026-11-01&to=2026-11-30"));
    expect([f.from, f.to]).toEqual(["2026-11-01", "2026-11-30"]);
    expect(incidentFilterToSearch(f).toString()).toBe("from=2026-11-01&to=2026-11-30");
    const q = incidentQuery(f);
    expect(q.from).toBe(new Date(2026, 10, 1).toISOString());
    expect(q.to).toBe(new Date(2026, 11, 1).toISOString()); // the end of the 30th
    const bad = incidentFilterFromSearch(new URLSearchParams("from=2026-02-30&to=yesterday"));
    expect([bad.from, bad.to]).toEqual(["", ""]);
  });
});

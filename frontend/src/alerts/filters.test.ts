import { describe, expect, it } from "vitest";
import { ApiClient, type FetchLike } from "../api/client";
import { alertQuery, DEFAULT_FILTER, filterFromSearch, filterToSearch, isFiltered, MAX_LIMIT, type AlertFilter } from "./filters";

describe("alertQuery", () => {
  const cases: { name: string; filter: Partial<AlertFilter>; limit?: number; want: Record<string, unknown> }[] = [
    { name: "the default asks for open alerts", filter: {}, want: { status: "open", limit: 50 } },
    { name: "all sends no status", filter: { status: "all" }, want: { limit: 50 } },
    { name: "one status", filter: { status: "acknowledged" }, want: { status: "acknowledged", limit: 50 } },
    {
      name: "every filter",
      filter: { teamId: "3", serviceId: "9", status: "triggered", urgency: "low", held: true },
      limit: 100,
      want: { team_id: "3", service_id: "9", status: "triggered", urgency: "low", held: true, limit: 100 },
    },
    { name: "held false is left out", filter: { held: false }, want: { status: "open", limit: 50 } },
    { name: "the limit is clamped to what the API takes", filter: {}, limit: 10_000, want: { status: "open", limit: MAX_LIMIT } },
    { name: "and never below one", filter: {}, limit: 0, want: { status: "open", limit: 1 } },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      expect(alertQuery({ ...DEFAULT_FILTER, ...tc.filter }, tc.limit)).toEqual(tc.want);
    });
  }

  it("becomes the query string the API reads", async () => {
    const urls: string[] = [];
    const fetch: FetchLike = async (url) => {
      urls.push(url);
      return new Response(JSON.stringify({ alerts: [] }), { headers: { "Content-Type": "application/json" } });
    };
    const client = new ApiClient({ fetch });
    await client.alerts(alertQuery({ teamId: "3", serviceId: "", status: "resolved", urgency: "high", held: true }, 100));
    await client.alerts(alertQuery({ ...DEFAULT_FILTER, status: "all" }));
    expect(urls).toEqual(["/api/v1/alerts?team_id=3&status=resolved&urgency=high&held=true&limit=100", "/api/v1/alerts?limit=50"]);
  });
});

describe("the filter in the address bar", () => {
  it("round-trips every filter", () => {
    const f: AlertFilter = { teamId: "2", serviceId: "7", status: "resolved", urgency: "high", held: true };
    const search = filterToSearch(f);
    expect(search.toString()).toBe("team=2&service=7&status=resolved&urgency=high&held=true");
    expect(filterFromSearch(search)).toEqual(f);
  });

  it("leaves the defaults out, so the plain list has a plain address", () => {
    expect(filterToSearch(DEFAULT_FILTER).toString()).toBe("");
    expect(isFiltered(DEFAULT_FILTER)).toBe(false);
    expect(isFiltered({ ...DEFAULT_FILTER, status: "all" })).toBe(true);
  });

  it("falls back to the default for anything it does not know", () => {
    expect(filterFromSearch(new URLSearchParams("status=snoozed&urgency=medium&held=yes"))).toEqual(DEFAULT_FILTER);
  });
});

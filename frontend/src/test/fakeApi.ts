// A route table as a fake fetch, for mounting pages in unit tests: each
// "METHOD /path" (query string ignored) answers with a fixed JSON body, or a
// function of the request that returns a Response or a body.

import type { FetchLike } from "../api/client";
import { apiError, json, type RecordedRequest } from "./fakeRota";

export type Handler = ((req: RecordedRequest) => unknown) | object;

export interface FakeApi {
  fetch: FetchLike;
  requests: RecordedRequest[];
  /** on replaces or adds a route. */
  on(route: string, handler: Handler): void;
}

export function fakeApi(routes: Record<string, Handler>): FakeApi {
  const table = new Map(Object.entries(routes));
  const requests: RecordedRequest[] = [];
  const fetch: FetchLike = async (url, init) => {
    const method = init?.method ?? "GET";
    const body: unknown = typeof init?.body === "string" ? JSON.parse(init.body) : undefined;
    const req = { method, url, init, body };
    requests.push(req);
    const handler = table.get(`${method} ${url.split("?")[0]}`);
    if (!handler) return apiError(404, "not_found", `No route ${method} ${url}.`);
    const out: unknown = typeof handler === "function" ? (handler as (r: RecordedRequest) => unknown)(req) : handler;
    if (out instanceof Response) return out;
    if (out === undefined) return new Response(null, { status: 204 });
    return json(200, out);
  };
  return { fetch, requests, on: (route, handler) => table.set(route, handler) };
}

// A fake of the Rota API's auth endpoints for unit tests: a FetchLike that
// keeps a session the way the server's cookie would, and records requests.

import type { FetchLike } from "../api/client";
import type { PermissionsResponse, User } from "../api/types";
import { permissionsFor } from "./permissions";

export const alice: User = {
  id: "u_1",
  email: "alice@example.com",
  name: "Alice Admin",
  discipline: "ops",
  time_zone: "Europe/Berlin",
  is_admin: true,
};

export interface RecordedRequest {
  method: string;
  url: string;
  init: RequestInit | undefined;
  body: unknown;
}

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8" },
  });
}

export function apiError(status: number, code: string, message: string, field?: string): Response {
  return json(status, { error: field ? { code, message, field } : { code, message } });
}

export interface FakeRota {
  fetch: FetchLike;
  requests: RecordedRequest[];
  /** expire drops the session as if the cookie ran out. */
  expire(): void;
  signedIn(): boolean;
}

export function fakeRota(opts: { user?: User; password?: string; signedIn?: boolean; permissions?: PermissionsResponse } = {}): FakeRota {
  const user = opts.user ?? alice;
  const permissions = opts.permissions ?? permissionsFor({ orgAdmin: user.is_admin });
  const password = opts.password ?? "correct horse";
  let session = opts.signedIn ?? false;
  const requests: RecordedRequest[] = [];

  const fetch: FetchLike = async (url, init) => {
    const method = init?.method ?? "GET";
    const body: unknown = typeof init?.body === "string" ? JSON.parse(init.body) : undefined;
    requests.push({ method, url, init, body });
    const route = `${method} ${url}`;
    switch (route) {
      case "POST /api/v1/auth/login": {
        const { email, password: pw } = (body ?? {}) as { email?: string; password?: string };
        if (!email) return apiError(400, "invalid", "Email is required.", "email");
        if ((pw ?? "").length > 72) return apiError(400, "invalid", "Password is too long.", "password");
        if (email !== user.email || pw !== password) {
          return apiError(401, "unauthenticated", "Invalid email or password.");
        }
        session = true;
        return json(200, { user });
      }
      case "POST /api/v1/auth/logout":
        session = false;
        return new Response(null, { status: 204 });
      case "GET /api/v1/me":
        return session ? json(200, { user }) : apiError(401, "unauthenticated", "Not signed in.");
      case "GET /api/v1/me/permissions":
        return session ? json(200, permissions) : apiError(401, "unauthenticated", "Not signed in.");
      default:
        return apiError(404, "not_found", `No route ${route}.`);
    }
  };

  return {
    fetch,
    requests,
    expire: () => {
      session = false;
    },
    signedIn: () => session,
  };
}

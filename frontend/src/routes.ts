// Where things live in the app, and the pure decisions the auth guard makes,
// kept apart from React so they can be tested on their own.

import type { AuthState } from "./auth/AuthContext";

export const SIGN_IN_PATH = "/sign-in";
export const HOME_PATH = "/now";
/** CHOOSE_PASSWORD_PATH is where a one-time password is replaced, before anything else. */
export const CHOOSE_PASSWORD_PATH = "/choose-password";

export interface NavItem {
  path: string;
  label: string;
}

/** NAV_ITEMS are the app's sections, in the order the sidebar shows them. */
export const NAV_ITEMS: readonly NavItem[] = [
  { path: "/now", label: "Now" },
  { path: "/calendar", label: "Calendar" },
  { path: "/alerts", label: "Alerts" },
  { path: "/services", label: "Services" },
  { path: "/policies", label: "Policies" },
  { path: "/routing", label: "Routing" },
  { path: "/incidents", label: "Incidents" },
  { path: "/load", label: "Load" },
  { path: "/teams", label: "Teams" },
  { path: "/users", label: "Users" },
  { path: "/settings", label: "Settings" },
];

/** ReturnTo is the router state the guard leaves for the sign-in page. */
export interface ReturnTo {
  from: string;
}

/**
 * afterSignInPath picks where to go once signed in: back to the page the
 * visitor asked for when that is a page of this app, else Now. Anything that
 * could leave the app (another origin, "//host", a scheme) or loop back to
 * sign-in gives Now.
 */
export function afterSignInPath(state: unknown): string {
  if (typeof state !== "object" || state === null) return HOME_PATH;
  const from = (state as Partial<ReturnTo>).from;
  if (typeof from !== "string") return HOME_PATH;
  if (!from.startsWith("/") || from.startsWith("//") || from.includes("\\")) return HOME_PATH;
  const pathname = from.split(/[?#]/, 1)[0] ?? "";
  if (pathname === "/" || pathname === SIGN_IN_PATH || pathname.startsWith(SIGN_IN_PATH + "/")) return HOME_PATH;
  return from;
}

export type GuardDecision =
  | { kind: "wait" }
  | { kind: "render" }
  | { kind: "redirect"; to: string; state?: ReturnTo };

export interface Place {
  pathname: string;
  search?: string;
  hash?: string;
}

/**
 * guardPage decides what a page behind sign-in shows: nothing yet while the
 * session is being checked, the page when signed in, and otherwise a
 * redirect to sign-in that remembers where the visitor was going.
 */
export function guardPage(auth: AuthState, place: Place): GuardDecision {
  switch (auth.status) {
    case "loading":
      return { kind: "wait" };
    case "signed-in":
      return { kind: "render" };
    case "must-change-password":
      return { kind: "redirect", to: CHOOSE_PASSWORD_PATH };
    case "signed-out": {
      const from = place.pathname + (place.search ?? "") + (place.hash ?? "");
      const decision: GuardDecision = { kind: "redirect", to: SIGN_IN_PATH };
      if (place.pathname !== "/") decision.state = { from };
      return decision;
    }
  }
}

/**
 * guardSignIn decides what the sign-in page shows: the form when signed
 * out, and the next page when the visitor is already signed in.
 */
export function guardSignIn(auth: AuthState, routerState: unknown): GuardDecision {
  switch (auth.status) {
    case "loading":
      return { kind: "wait" };
    case "signed-out":
      return { kind: "render" };
    case "must-change-password":
      return { kind: "redirect", to: CHOOSE_PASSWORD_PATH };
    case "signed-in":
      return { kind: "redirect", to: afterSignInPath(routerState) };
  }
}

/**
 * guardChoosePassword decides what the choose-password page shows: the
 * form while a one-time password must be replaced, Now once it has been,
 * and sign-in to anyone not signed in.
 */
export function guardChoosePassword(auth: AuthState): GuardDecision {
  switch (auth.status) {
    case "loading":
      return { kind: "wait" };
    case "must-change-password":
      return { kind: "render" };
    case "signed-in":
      return { kind: "redirect", to: HOME_PATH };
    case "signed-out":
      return { kind: "redirect", to: SIGN_IN_PATH };
  }
}

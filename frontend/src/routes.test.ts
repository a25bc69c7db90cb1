import { describe, expect, it } from "vitest";
import type { AuthState } from "./auth/AuthContext";
import { alice } from "./test/fakeRota";
import { afterSignInPath, CHOOSE_PASSWORD_PATH, guardChoosePassword, guardPage, guardSignIn, HOME_PATH, NAV_ITEMS, SIGN_IN_PATH } from "./routes";

const loading: AuthState = { status: "loading" };
const signedOut: AuthState = { status: "signed-out" };
const signedIn: AuthState = { status: "signed-in", user: alice };
const oneTime: AuthState = { status: "must-change-password", user: alice };

describe("afterSignInPath", () => {
  const cases: { name: string; state: unknown; want: string }[] = [
    { name: "no state", state: null, want: HOME_PATH },
    { name: "not an object", state: "/teams", want: HOME_PATH },
    { name: "no from", state: {}, want: HOME_PATH },
    { name: "from a page", state: { from: "/teams" }, want: "/teams" },
    { name: "keeps query and hash", state: { from: "/calendar?week=2026-W05#mon" }, want: "/calendar?week=2026-W05#mon" },
    { name: "root goes to Now", state: { from: "/" }, want: HOME_PATH },
    { name: "sign-in itself", state: { from: "/sign-in" }, want: HOME_PATH },
    { name: "sign-in with a query", state: { from: "/sign-in?x=1" }, want: HOME_PATH },
    { name: "another origin", state: { from: "https://evil.example/" }, want: HOME_PATH },
    { name: "protocol-relative", state: { from: "//evil.example/now" }, want: HOME_PATH },
    { name: "backslash trick", state: { from: "/\\evil.example" }, want: HOME_PATH },
    { name: "javascript: URL", state: { from: "javascript:alert(1)" }, want: HOME_PATH },
    { name: "a number", state: { from: 42 }, want: HOME_PATH },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      expect(afterSignInPath(tc.state)).toBe(tc.want);
    });
  }
});

describe("guardPage", () => {
  it("waits while the session is checked", () => {
    expect(guardPage(loading, { pathname: "/teams" })).toEqual({ kind: "wait" });
  });

  it("renders for a signed-in user", () => {
    expect(guardPage(signedIn, { pathname: "/teams" })).toEqual({ kind: "render" });
  });

  it("sends a signed-out visitor to sign-in, remembering the whole address", () => {
    expect(guardPage(signedOut, { pathname: "/alerts", search: "?status=open", hash: "#a1" })).toEqual({
      kind: "redirect",
      to: SIGN_IN_PATH,
      state: { from: "/alerts?status=open#a1" },
    });
  });

  it("remembers nothing for the root, which means Now anyway", () => {
    expect(guardPage(signedOut, { pathname: "/" })).toEqual({ kind: "redirect", to: SIGN_IN_PATH });
  });

  it("round-trips through afterSignInPath for every section", () => {
    for (const item of NAV_ITEMS) {
      const decision = guardPage(signedOut, { pathname: item.path });
      expect(decision.kind).toBe("redirect");
      if (decision.kind === "redirect") expect(afterSignInPath(decision.state)).toBe(item.path);
    }
  });
});

describe("guardSignIn", () => {
  it("shows the form when signed out", () => {
    expect(guardSignIn(signedOut, null)).toEqual({ kind: "render" });
  });

  it("waits while the session is checked", () => {
    expect(guardSignIn(loading, null)).toEqual({ kind: "wait" });
  });

  it("moves a signed-in user on to Now or where they were going", () => {
    expect(guardSignIn(signedIn, null)).toEqual({ kind: "redirect", to: HOME_PATH });
    expect(guardSignIn(signedIn, { from: "/load" })).toEqual({ kind: "redirect", to: "/load" });
  });
});

describe("NAV_ITEMS", () => {
  it("lists the sections in order", () => {
    expect(NAV_ITEMS.map((i) => i.label)).toEqual(["Now", "Calendar", "Alerts", "Services", "Policies", "Routing", "Incidents", "Load", "Teams", "Users", "Settings"]);
  });
});

describe("one-time passwords", () => {
  it("send every page, and sign-in, to choosing a password", () => {
    expect(guardPage(oneTime, { pathname: "/alerts" })).toEqual({ kind: "redirect", to: CHOOSE_PASSWORD_PATH });
    expect(guardSignIn(oneTime, { from: "/load" })).toEqual({ kind: "redirect", to: CHOOSE_PASSWORD_PATH });
  });

  it("show the choose-password page only while a password must be chosen", () => {
    expect(guardChoosePassword(oneTime)).toEqual({ kind: "render" });
    expect(guardChoosePassword(loading)).toEqual({ kind: "wait" });
    expect(guardChoosePassword(signedIn)).toEqual({ kind: "redirect", to: HOME_PATH });
    expect(guardChoosePassword(signedOut)).toEqual({ kind: "redirect", to: SIGN_IN_PATH });
  });
});

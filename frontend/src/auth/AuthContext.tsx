import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useApi } from "../api/ApiContext";
import { isApiError } from "../api/client";
import type { LoginRequest, User } from "../api/types";

/**
 * AuthState is what the app knows about the session: still asking the server,
 * signed in as someone, signed in with a one-time password that must be
 * replaced before anything else, or not signed in. `error` is set when the
 * server could not be asked at all, so the sign-in page can say so.
 */
export type AuthState =
  | { status: "loading" }
  | { status: "signed-in"; user: User }
  | { status: "must-change-password"; user?: User }
  | { status: "signed-out"; error?: string };

export interface Auth {
  state: AuthState;
  /** signIn starts a session; with a one-time password the state becomes must-change-password. */
  signIn(credentials: LoginRequest): Promise<User>;
  signOut(): Promise<void>;
  /** updateUser replaces the signed-in user after they changed their own profile. */
  updateUser(user: User): void;
  /**
   * knowsOneTimePassword says whether the one-time password just typed at
   * sign-in is still in memory, so the choose-password page need not ask
   * for it again (after a reload it must).
   */
  knowsOneTimePassword: boolean;
  /**
   * choosePassword replaces a one-time password with the user's own
   * (current defaults to the one typed at sign-in) and carries on signed in.
   */
  choosePassword(password: string, current?: string): Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

const PASSWORD_CHANGE_REQUIRED = "password_change_required";

/** AuthProvider asks the server who is signed in and keeps that up to date. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const client = useApi();
  const [state, setState] = useState<AuthState>({ status: "loading" });
  // The one-time password typed at sign-in, in memory only, to replace it
  // without asking for it twice.
  const oneTime = useRef<string | null>(null);
  const [knowsOneTimePassword, setKnows] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    client
      .me(controller.signal)
      .then((user) => setState({ status: "signed-in", user }))
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        if (isApiError(err) && err.code === PASSWORD_CHANGE_REQUIRED) {
          setState({ status: "must-change-password" });
        } else if (isApiError(err) && err.isUnauthenticated) {
          setState({ status: "signed-out" });
        } else {
          const reason = isApiError(err) ? ` ${err.message}` : "";
          setState({ status: "signed-out", error: `Could not check your session.${reason}` });
        }
      });
    return () => controller.abort();
  }, [client]);

  // Any call that finds the session gone sends the user back to sign-in;
  // one refused for a one-time password sends them to choose a password.
  useEffect(() => client.onUnauthenticated(() => setState({ status: "signed-out" })), [client]);
  useEffect(
    () =>
      client.onPasswordChangeRequired(() =>
        setState((prev) => (prev.status === "must-change-password" ? prev : { status: "must-change-password", ...(prev.status === "signed-in" ? { user: prev.user } : {}) })),
      ),
    [client],
  );

  const signIn = useCallback(
    async (credentials: LoginRequest) => {
      const { user, mustChangePassword } = await client.login(credentials);
      if (mustChangePassword) {
        oneTime.current = credentials.password;
        setKnows(true);
        setState({ status: "must-change-password", user });
      } else {
        setState({ status: "signed-in", user });
      }
      return user;
    },
    [client],
  );

  const forgetOneTime = useCallback(() => {
    oneTime.current = null;
    setKnows(false);
  }, []);

  const signOut = useCallback(async () => {
    forgetOneTime();
    try {
      await client.logout();
    } finally {
      // Even if the server could not be told, forget the user here.
      setState({ status: "signed-out" });
    }
  }, [client, forgetOneTime]);

  const choosePassword = useCallback(
    async (password: string, current?: string) => {
      await client.changePassword(current ?? oneTime.current ?? "", password);
      forgetOneTime();
      const user = await client.me();
      setState({ status: "signed-in", user });
    },
    [client, forgetOneTime],
  );

  const updateUser = useCallback((user: User) => {
    setState((prev) => (prev.status === "signed-in" && prev.user.id === user.id ? { status: "signed-in", user } : prev));
  }, []);

  const value = useMemo<Auth>(
    () => ({ state, signIn, signOut, updateUser, knowsOneTimePassword, choosePassword }),
    [state, signIn, signOut, updateUser, knowsOneTimePassword, choosePassword],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

/** useAuth returns the session state and the sign-in and sign-out actions. */
export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error("useAuth must be used inside <AuthProvider>");
  return auth;
}

/** useCurrentUser returns the signed-in user; only pages behind RequireAuth may call it. */
export function useCurrentUser(): User {
  const { state } = useAuth();
  if (state.status !== "signed-in") throw new Error("useCurrentUser called while signed out");
  return state.user;
}

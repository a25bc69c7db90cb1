import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { useApi } from "../api/ApiContext";
import { isApiError } from "../api/client";
import type { LoginRequest, User } from "../api/types";

/**
 * AuthState is what the app knows about the session: still asking the server,
 * signed in as someone, or not signed in. `error` is set when the server could
 * not be asked at all, so the sign-in page can say so.
 */
export type AuthState =
  | { status: "loading" }
  | { status: "signed-in"; user: User }
  | { status: "signed-out"; error?: string };

export interface Auth {
  state: AuthState;
  signIn(credentials: LoginRequest): Promise<User>;
  signOut(): Promise<void>;
  /** updateUser replaces the signed-in user after they changed their own profile. */
  updateUser(user: User): void;
}

const AuthContext = createContext<Auth | null>(null);

/** AuthProvider asks the server who is signed in and keeps that up to date. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const client = useApi();
  const [state, setState] = useState<AuthState>({ status: "loading" });

  useEffect(() => {
    const controller = new AbortController();
    client
      .me(controller.signal)
      .then((user) => setState({ status: "signed-in", user }))
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        if (isApiError(err) && err.isUnauthenticated) {
          setState({ status: "signed-out" });
        } else {
          const reason = isApiError(err) ? ` ${err.message}` : "";
          setState({ status: "signed-out", error: `Could not check your session.${reason}` });
        }
      });
    return () => controller.abort();
  }, [client]);

  // Any call that finds the session gone sends the user back to sign-in.
  useEffect(() => client.onUnauthenticated(() => setState({ status: "signed-out" })), [client]);

  const signIn = useCallback(
    async (credentials: LoginRequest) => {
      const user = await client.login(credentials);
      setState({ status: "signed-in", user });
      return user;
    },
    [client],
  );

  const signOut = useCallback(async () => {
    try {
      await client.logout();
    } finally {
      // Even if the server could not be told, forget the user here.
      setState({ status: "signed-out" });
    }
  }, [client]);

  const updateUser = useCallback((user: User) => {
    setState((prev) => (prev.status === "signed-in" && prev.user.id === user.id ? { status: "signed-in", user } : prev));
  }, []);

  const value = useMemo<Auth>(() => ({ state, signIn, signOut, updateUser }), [state, signIn, signOut, updateUser]);
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

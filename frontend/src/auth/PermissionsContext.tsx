import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useApi } from "../api/ApiContext";
import type { OrgAction, Permissions, TeamAction } from "../api/types";
import { useAuth } from "./AuthContext";

/**
 * PermissionsView is what the signed-in user may do, as the server says
 * (GET /api/v1/me/permissions). The app shows or hides controls by it and
 * never works it out from is_admin or team roles itself; the server checks
 * every call again anyway.
 */
export interface PermissionsView {
  /** ready is true once the server has answered for this user (or failed to). */
  ready: boolean;
  /** error is why the permissions could not be loaded; may then answers false. */
  error: unknown;
  /** may tells whether the user may take a team action in the team; false while loading. */
  may(action: TeamAction, teamId: string | undefined): boolean;
  /** mayOrg tells whether the user may take an organisation-wide action; false while loading. */
  mayOrg(action: OrgAction): boolean;
  /** isMember tells whether the user belongs to the team (any role); false while loading. */
  isMember(teamId: string | undefined): boolean;
  /**
   * reload asks the server again, after something that may change the
   * answer (team members or roles changed, a team was created); it resolves
   * once the new answer is in.
   */
  reload(): Promise<void>;
}

interface Answer {
  userId: string;
  permissions?: Permissions;
  error?: unknown;
}

const PermissionsContext = createContext<PermissionsView | null>(null);

/** PermissionsProvider loads the signed-in user's permissions once per sign-in, for every page below it. */
export function PermissionsProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const { state } = useAuth();
  const userId = state.status === "signed-in" ? state.user.id : "";
  const [answer, setAnswer] = useState<Answer | null>(null);
  // Only the latest request's answer counts, so a slow reload cannot undo a newer one.
  const latest = useRef(0);

  const load = useCallback(
    async (id: string, signal?: AbortSignal) => {
      const n = ++latest.current;
      try {
        const permissions = await api.permissions(signal);
        if (n === latest.current && !signal?.aborted) setAnswer({ userId: id, permissions });
      } catch (error: unknown) {
        if (n !== latest.current || signal?.aborted) return;
        // Keep what we knew for this user: a failed reload should not hide every control.
        setAnswer((prev) => ({ userId: id, permissions: prev?.userId === id ? prev.permissions : undefined, error }));
      }
    },
    [api],
  );

  useEffect(() => {
    if (!userId) return;
    const controller = new AbortController();
    void load(userId, controller.signal);
    return () => controller.abort();
  }, [load, userId]);

  const reload = useCallback(() => (userId ? load(userId) : Promise.resolve()), [load, userId]);

  const value = useMemo<PermissionsView>(() => {
    const mine = answer && answer.userId === userId && userId !== "" ? answer : null;
    const teams = new Map((mine?.permissions?.teams ?? []).map((t) => [t.team_id, new Set(t.may)]));
    const org = new Set(mine?.permissions?.org ?? []);
    const memberOf = new Set((mine?.permissions?.teams ?? []).filter((t) => t.role !== "").map((t) => t.team_id));
    return {
      ready: mine !== null && (mine.permissions !== undefined || mine.error !== undefined),
      error: mine?.error,
      may: (action, teamId) => (teamId ? (teams.get(teamId)?.has(action) ?? false) : false),
      mayOrg: (action) => org.has(action),
      isMember: (teamId) => (teamId ? memberOf.has(teamId) : false),
      reload,
    };
  }, [answer, userId, reload]);

  return <PermissionsContext.Provider value={value}>{children}</PermissionsContext.Provider>;
}

/** usePermissions returns what the signed-in user may do. */
export function usePermissions(): PermissionsView {
  const permissions = useContext(PermissionsContext);
  if (!permissions) throw new Error("usePermissions must be used inside <PermissionsProvider>");
  return permissions;
}

import { createContext, useContext, type Dispatch } from "react";
import type { Schedule, Team, User } from "../../api/types";
import type { PolicyAction } from "../../policies/policyState";

export interface PolicyEditorContextValue {
  dispatch: Dispatch<PolicyAction>;
  /** errors maps a control's field path to the server's message for it. */
  errors: Readonly<Record<string, string>>;
  /** schedules are every schedule a step can target, the policy's team's first. */
  schedules: readonly Schedule[];
  teams: readonly Team[];
  teamId: string;
  users: readonly User[];
  readOnly: boolean;
}

export const PolicyEditorContext = createContext<PolicyEditorContextValue | null>(null);

export function usePolicyEditor(): PolicyEditorContextValue {
  const ctx = useContext(PolicyEditorContext);
  if (!ctx) throw new Error("usePolicyEditor must be used inside the policy editor");
  return ctx;
}

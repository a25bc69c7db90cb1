import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { LoadingScreen } from "../components/LoadingScreen";
import { guardPage } from "../routes";
import { useAuth } from "./AuthContext";

/** RequireAuth shows its children only to a signed-in user; others go to sign-in. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { state } = useAuth();
  const location = useLocation();
  const decision = guardPage(state, location);
  switch (decision.kind) {
    case "wait":
      return <LoadingScreen />;
    case "redirect":
      return <Navigate to={decision.to} replace state={decision.state} />;
    case "render":
      return children;
  }
}

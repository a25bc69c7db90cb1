import { useState } from "react";
import { useNavigate } from "react-router";
import { useAuth } from "../auth/AuthContext";
import { SIGN_IN_PATH } from "../routes";

/** SignOutButton ends the session and returns to the sign-in page. */
export function SignOutButton() {
  const { signOut } = useAuth();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);

  async function handleClick() {
    setBusy(true);
    try {
      await signOut();
    } catch {
      // signOut forgets the user even when the server could not be told.
    } finally {
      setBusy(false);
      void navigate(SIGN_IN_PATH, { replace: true });
    }
  }

  return (
    <button type="button" className="button button--quiet" onClick={handleClick} disabled={busy}>
      {busy ? "Signing out…" : "Sign out"}
    </button>
  );
}

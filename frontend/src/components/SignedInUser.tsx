import type { User } from "../api/types";

/** SignedInUser shows who is signed in, with their email as a tooltip. */
export function SignedInUser({ user }: { user: User }) {
  return (
    <span className="signed-in-user" data-testid="signed-in-user" title={user.email}>
      <span className="signed-in-user__label">Signed in as</span>{" "}
      <span className="signed-in-user__name">{user.name}</span>
      {user.is_admin ? <span className="signed-in-user__badge">Admin</span> : null}
    </span>
  );
}

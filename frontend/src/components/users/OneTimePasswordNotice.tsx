import type { User } from "../../api/types";
import { CopyField } from "../CopyField";

/**
 * OneTimePasswordNotice shows a user's one-time password the one time the
 * server sends it, with what to do with it: hand it over; it signs them in
 * once, to choose their own.
 */
export function OneTimePasswordNotice({ user, password, what, onDismiss }: { user: User; password: string; what: string; onDismiss: () => void }) {
  return (
    <div className="notice notice--success notice--block one-time-password" role="status" data-testid="one-time-password">
      <p>
        <strong>{what}</strong> Give {user.name} ({user.email}) this one-time password. It is shown only now; it signs them in once, to choose
        a password of their own.
      </p>
      <CopyField id={`otp-${user.id}`} label={`One-time password for ${user.email}`} value={password} />
      <button type="button" className="button button--quiet button--small" onClick={onDismiss}>
        Done
      </button>
    </div>
  );
}

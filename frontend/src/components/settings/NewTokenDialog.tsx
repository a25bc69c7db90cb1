import type { CreatedToken } from "../../api/types";
import { CopyField } from "../CopyField";
import { Dialog } from "../Dialog";

/** NewTokenDialog shows a new API token's secret, once, with a copy button. */
export function NewTokenDialog({ created, onClose }: { created: CreatedToken; onClose: () => void }) {
  return (
    <Dialog title={`API token ${created.token.name}`} onClose={onClose}>
      <div className="form" data-testid="token-secret-dialog">
        <p className="notice notice--warning" role="note">
          Copy the token now: it will not be shown again. Rota keeps only a hash of it.
        </p>
        <CopyField id="new-token-secret" label="Secret" value={created.secret} />
        <p className="form__hint">
          Send it as <code className="code-inline">Authorization: Bearer …</code>, or set <code className="code-inline">ROTA_API_TOKEN</code> for{" "}
          <code className="code-inline">rota --server URL</code>. It acts as you; revoke it here when it is no longer needed.
        </p>
        <div className="form__actions">
          <button type="button" className="button button--primary" onClick={onClose}>
            I have copied it
          </button>
        </div>
      </div>
    </Dialog>
  );
}

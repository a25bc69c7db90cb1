import { useState } from "react";
import { errorMessage } from "../lib/errors";
import { Dialog } from "./Dialog";

/** ConfirmDialog asks before something that cannot be undone; Cancel has the focus. */
export function ConfirmDialog({
  title,
  children,
  confirm,
  onConfirm,
  onClose,
}: {
  title: string;
  children: string;
  confirm: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function run() {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }
  return (
    <Dialog title={title} onClose={onClose}>
      <div className="form">
        <p className="dialog__text">{children}</p>
        {error ? (
          <p className="form__error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="form__actions">
          <button type="button" className="button button--quiet" data-autofocus onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="button button--danger" disabled={busy} onClick={() => void run()}>
            {busy ? `${confirm}…` : confirm}
          </button>
        </div>
      </div>
    </Dialog>
  );
}

import { useState } from "react";
import { ConfirmDialog } from "./ConfirmDialog";

/** DeleteButton asks before deleting something, saying what follows. */
export function DeleteButton({ what, consequence, onDelete }: { what: string; consequence: string; onDelete: () => Promise<void> }) {
  const [open, setOpen] = useState(false);
  return (
    <div className="danger-zone">
      <button type="button" className="button button--danger-quiet button--small" onClick={() => setOpen(true)}>
        Delete {what}
      </button>
      {open ? (
        <ConfirmDialog title={`Delete ${what}?`} confirm="Delete" onConfirm={onDelete} onClose={() => setOpen(false)}>
          {consequence}
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

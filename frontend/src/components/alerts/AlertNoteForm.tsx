import { useState, type FormEvent } from "react";
import { useApi } from "../../api/ApiContext";
import { errorField, errorMessage } from "../../lib/errors";
import { FormField, invalidProps } from "../FormField";

/** MAX_NOTE is the server's longest note. */
export const MAX_NOTE = 4000;

/** AlertNoteForm adds a note to the alert's timeline (whoever may acknowledge it; also once resolved). */
export function AlertNoteForm({ alertId, onAdded }: { alertId: string; onAdded: () => void }) {
  const api = useApi();
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.addAlertNote(alertId, text);
      setText("");
      onAdded();
    } catch (err) {
      setError({ field: errorField(err), message: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  }

  const fieldError = error?.message;
  return (
    <form className="form alert-note" aria-label="Add a note" onSubmit={(e) => void submit(e)}>
      <FormField id="alert-note" label="Note" error={fieldError}>
        <textarea id="alert-note" rows={3} maxLength={MAX_NOTE} value={text} onChange={(e) => setText(e.target.value)} placeholder="What you found, what you tried…" {...invalidProps("alert-note", fieldError)} />
      </FormField>
      <div className="form__actions form__actions--start">
        <button type="submit" className="button button--primary button--small" disabled={busy || text.trim() === ""}>
          {busy ? "Adding…" : "Add note"}
        </button>
      </div>
    </form>
  );
}

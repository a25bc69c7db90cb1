import { useEffect, useRef, useState, type FormEvent } from "react";
import { useApi } from "../../api/ApiContext";
import type { IncidentDetail } from "../../api/types";
import { errorMessage } from "../../lib/errors";
import { FieldError } from "../FieldError";

/**
 * NoteForm adds a note to an incident's timeline, or a correction of an
 * earlier entry (corrects is its seq): the timeline is append-only.
 */
export function NoteForm({
  incidentId,
  corrects,
  correctsText,
  onCancelCorrection,
  onAdded,
}: {
  incidentId: string;
  corrects: number;
  correctsText?: string | undefined;
  onCancelCorrection: () => void;
  onAdded: (d: IncidentDetail) => void;
}) {
  const api = useApi();
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (corrects) ref.current?.focus();
  }, [corrects]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const d = await api.addIncidentNote(incidentId, text.trim(), corrects || undefined);
      setText("");
      onAdded(d);
    } catch (err) {
      // The server names text or corrects; both belong to this one box.
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form note-form" aria-label={corrects ? "Correct an entry" : "Add a note"} noValidate onSubmit={(e) => void submit(e)}>
      {corrects ? (
        <p className="notice notice--info">
          <span>
            Correcting #{corrects}
            {correctsText ? `: “${correctsText}”` : ""}. The entry stays; your correction is added after it.
          </span>
          <button type="button" className="button button--quiet button--small" onClick={onCancelCorrection}>
            Cancel correction
          </button>
        </p>
      ) : null}
      <div className="form__field">
        <label htmlFor="incident-note">{corrects ? "Correction" : "Note"}</label>
        <textarea
          ref={ref}
          id="incident-note"
          rows={3}
          maxLength={10000}
          value={text}
          onChange={(e) => setText(e.target.value)}
          {...(error ? { "aria-invalid": true, "aria-describedby": "incident-note-error" } : {})}
        />
        <FieldError id="incident-note-error" message={error ?? undefined} />
      </div>
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? "Adding…" : corrects ? "Add correction" : "Add note"}
        </button>
      </div>
    </form>
  );
}

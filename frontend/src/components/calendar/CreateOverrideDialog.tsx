import { useState, type FormEvent } from "react";
import { useApi } from "../../api/ApiContext";
import type { Engineer, Override, TierName } from "../../api/types";
import { TIERS } from "../../api/types";
import { errorField, errorMessage } from "../../lib/errors";
import { fromZonedInputValue, toZonedInputValue } from "../../lib/time";
import { Dialog } from "../Dialog";
import { FormField, invalidProps } from "../FormField";

export interface CreateOverrideDialogProps {
  scheduleId: string;
  timeZone: string;
  members: Engineer[];
  meId: string;
  /** canPickAnyone is true for team admins; members override only themselves. */
  canPickAnyone: boolean;
  start: Date;
  end: Date;
  /** tier is the tier the dialog starts on; primary when absent. */
  tier?: TierName;
  onCreated: (o: Override) => void;
  onClose: () => void;
}

const FIELDS = ["tier", "user_id", "start", "end", "note"] as const;
type Field = (typeof FIELDS)[number];

/** CreateOverrideDialog puts someone on a tier for the selected range. */
export function CreateOverrideDialog(props: CreateOverrideDialogProps) {
  const { scheduleId, timeZone, members, meId, canPickAnyone, onCreated, onClose } = props;
  const api = useApi();
  const choices = canPickAnyone ? members : members.filter((m) => m.id === meId);
  const [tier, setTier] = useState<TierName>(props.tier ?? "primary");
  const [userId, setUserId] = useState(() => (choices.some((m) => m.id === meId) ? meId : (choices[0]?.id ?? "")));
  const [start, setStart] = useState(() => toZonedInputValue(props.start, timeZone));
  const [end, setEnd] = useState(() => toZonedInputValue(props.end, timeZone));
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setErrors({});
    setFormError(null);
    const from = fromZonedInputValue(start, timeZone);
    const to = fromZonedInputValue(end, timeZone);
    if (!from || !to) {
      setErrors(from ? { end: "Enter a date and time." } : { start: "Enter a date and time." });
      return;
    }
    setBusy(true);
    try {
      const created = await api.createOverride(scheduleId, { tier, user_id: userId, start: from, end: to, note: note.trim() || undefined });
      onCreated(created);
    } catch (err) {
      const field = errorField(err);
      if (field && (FIELDS as readonly string[]).includes(field)) setErrors({ [field]: errorMessage(err) });
      else setFormError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const id = (f: Field) => `override-${f}`;
  return (
    <Dialog title="Create override" onClose={onClose}>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        {formError ? (
          <p className="form__error" role="alert">
            {formError}
          </p>
        ) : null}
        <FormField id={id("tier")} label="Tier" error={errors.tier}>
          <select id={id("tier")} data-autofocus value={tier} onChange={(e) => setTier(e.target.value as TierName)} {...invalidProps(id("tier"), errors.tier)}>
            {TIERS.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </FormField>
        <FormField
          id={id("user_id")}
          label="Engineer"
          error={errors.user_id}
          hint={canPickAnyone ? undefined : "Team members can only put themselves on call; ask a team admin for anyone else."}
        >
          <select id={id("user_id")} value={userId} onChange={(e) => setUserId(e.target.value)} {...invalidProps(id("user_id"), errors.user_id)}>
            {choices.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name} ({m.discipline})
              </option>
            ))}
          </select>
        </FormField>
        <div className="form__row">
          <FormField id={id("start")} label={`Start (${timeZone})`} error={errors.start}>
            <input id={id("start")} type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} required {...invalidProps(id("start"), errors.start)} />
          </FormField>
          <FormField id={id("end")} label={`End (${timeZone})`} error={errors.end}>
            <input id={id("end")} type="datetime-local" value={end} onChange={(e) => setEnd(e.target.value)} required {...invalidProps(id("end"), errors.end)} />
          </FormField>
        </div>
        <FormField id={id("note")} label="Note (optional)" error={errors.note}>
          <textarea id={id("note")} value={note} rows={2} maxLength={500} onChange={(e) => setNote(e.target.value)} {...invalidProps(id("note"), errors.note)} />
        </FormField>
        <div className="form__actions">
          <button type="button" className="button button--quiet" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={busy || !userId}>
            {busy ? "Creating…" : "Create override"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

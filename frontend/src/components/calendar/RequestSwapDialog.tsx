import { useState, type FormEvent } from "react";
import { useApi } from "../../api/ApiContext";
import { wholeShift, type Engineer, type Shift, type Swap, type SwapKind } from "../../api/types";
import { errorField, errorMessage } from "../../lib/errors";
import { formatRange, fromZonedInputValue, toZonedInputValue } from "../../lib/time";
import { Dialog } from "../Dialog";
import { FormField, invalidProps } from "../FormField";

export interface RequestSwapDialogProps {
  scheduleId: string;
  timeZone: string;
  members: Engineer[];
  meId: string;
  /** shift is the stretch the viewer chose; the request starts as its whole shift. */
  shift: Shift;
  /** kind give offers the viewer's shift to someone; take asks the shift's engineer for it. */
  kind?: SwapKind;
  /** now clips the start: the past is not handed over. */
  now: Date;
  onRequested: (s: Swap) => void;
  onClose: () => void;
}

const FIELDS = ["target_id", "start", "end", "message", "tier"] as const;
type Field = (typeof FIELDS)[number];

/** startOfNextMinute is the first whole minute at or after t. */
function startOfNextMinute(t: Date): Date {
  return new Date(Math.ceil(t.getTime() / 60_000) * 60_000);
}

/**
 * RequestSwapDialog asks another member to take one of the viewer's shifts
 * (give), or asks a shift's engineer to hand it to the viewer (take). From
 * and until begin as the whole shift (from now, when it has begun) and can
 * be narrowed; the server hands over only the stretches in the range that
 * the giver is on call for, so business hours that another layer holds
 * inside a weekly shift stay where they are.
 */
export function RequestSwapDialog({ scheduleId, timeZone, members, meId, shift, kind = "give", now, onRequested, onClose }: RequestSwapDialogProps) {
  const api = useApi();
  const take = kind === "take";
  const others = members.filter((m) => m.id !== meId);
  const owner = members.find((m) => m.id === shift.user_id);
  const ownerName = owner?.name ?? shift.user_name ?? shift.user_id;
  const whole = wholeShift(shift);
  const wholeStart = new Date(whole.start);
  const from0 = wholeStart < now ? startOfNextMinute(now) : wholeStart;
  const over = new Date(whole.end) <= from0;
  const [targetId, setTargetId] = useState(take ? shift.user_id : (others[0]?.id ?? ""));
  const [start, setStart] = useState(() => toZonedInputValue(from0, timeZone));
  const [end, setEnd] = useState(() => toZonedInputValue(whole.end, timeZone));
  const [message, setMessage] = useState("");
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
      const swap = await api.requestSwap(scheduleId, { tier: shift.tier, kind, target_id: targetId, start: from, end: to, message: message.trim() || undefined });
      onRequested(swap);
    } catch (err) {
      const field = errorField(err);
      if (field === "tier" || (take && field === "target_id")) setFormError(errorMessage(err));
      else if (field && (FIELDS as readonly string[]).includes(field)) setErrors({ [field]: errorMessage(err) });
      else setFormError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const id = (f: Field) => `swap-${f}`;
  return (
    <Dialog title="Request swap" onClose={onClose}>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <p className="muted" data-testid="swap-whole-shift">
          {take ? `${ownerName}’s` : "Your"} {shift.tier} shift: {formatRange(whole.start, whole.end, { timeZone })}
        </p>
        <p className="form__hint">
          {take
            ? `You ask ${ownerName} to give you the times in this range when ${ownerName} is on call; the rest stays as it is.`
            : "Whoever accepts takes the times in this range when you are on call; hours another layer covers stay as they are."}
        </p>
        {over ? <p className="form__error">This shift is over.</p> : null}
        {formError ? (
          <p className="form__error" role="alert">
            {formError}
          </p>
        ) : null}
        {take ? null : (
          <>
            {others.length === 0 ? <p className="form__error">Nobody else is in this team to ask.</p> : null}
            <FormField id={id("target_id")} label="Ask" error={errors.target_id}>
              <select id={id("target_id")} data-autofocus value={targetId} onChange={(e) => setTargetId(e.target.value)} {...invalidProps(id("target_id"), errors.target_id)}>
                {others.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name} ({m.discipline})
                  </option>
                ))}
              </select>
            </FormField>
          </>
        )}
        <div className="form__row">
          <FormField id={id("start")} label={`From (${timeZone})`} error={errors.start}>
            <input id={id("start")} type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} required {...invalidProps(id("start"), errors.start)} />
          </FormField>
          <FormField id={id("end")} label={`Until (${timeZone})`} error={errors.end}>
            <input id={id("end")} type="datetime-local" value={end} onChange={(e) => setEnd(e.target.value)} required {...invalidProps(id("end"), errors.end)} />
          </FormField>
        </div>
        <FormField id={id("message")} label="Message (optional)" error={errors.message}>
          <textarea id={id("message")} value={message} rows={2} maxLength={500} onChange={(e) => setMessage(e.target.value)} {...invalidProps(id("message"), errors.message)} />
        </FormField>
        <div className="form__actions">
          <button type="button" className="button button--quiet" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={busy || !targetId || over}>
            {busy ? "Sending…" : take ? `Ask ${ownerName}` : "Request swap"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

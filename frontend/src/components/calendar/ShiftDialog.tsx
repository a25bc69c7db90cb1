import { wholeShift, type Shift } from "../../api/types";
import { shiftTitle } from "../../calendar/events";
import { formatRange } from "../../lib/time";
import { Dialog } from "../Dialog";

export interface ShiftDialogProps {
  shift: Shift;
  timeZone: string;
  /** mine is true when the shift is the viewer's. */
  mine: boolean;
  /** onGive, onTake and onOverride are left out when the viewer may not do that. */
  onGive?: () => void;
  onTake?: () => void;
  onOverride?: () => void;
  onClose: () => void;
}

/**
 * ShiftDialog is what clicking a shift opens: whose it is, the stretch
 * clicked and the whole shift it is part of (a weekly turn that business
 * hours cut into nights and a weekend is one shift), and what the viewer
 * can do with it: give it away, ask for it, or override the stretch.
 */
export function ShiftDialog({ shift, timeZone, mine, onGive, onTake, onOverride, onClose }: ShiftDialogProps) {
  const whole = wholeShift(shift);
  const split = whole.start !== shift.start || whole.end !== shift.end;
  const who = mine ? "You" : shift.user_name || shift.user_id;
  const give = mine ? onGive : undefined;
  const take = mine ? undefined : onTake;
  return (
    <Dialog title="Shift" onClose={onClose}>
      <div className="form">
        <p>
          <strong>{shiftTitle(shift)}</strong>
        </p>
        <dl className="shift-dialog__facts">
          <dt>This stretch</dt>
          <dd data-testid="shift-stretch">{formatRange(shift.start, shift.end, { timeZone })}</dd>
          <dt>Whole shift</dt>
          <dd data-testid="shift-whole">
            {formatRange(whole.start, whole.end, { timeZone })}
            {split ? <span className="muted"> ({who === "You" ? "yours" : `${who}’s`} where other layers do not take over)</span> : null}
          </dd>
        </dl>
        {!give && !take && !onOverride ? (
          <p className="muted">
            {mine ? "Only members of the team can ask for swaps." : "Only members of the team can ask for swaps or override shifts."}
          </p>
        ) : null}
        <div className="form__actions">
          <button type="button" className="button button--quiet" onClick={onClose}>
            Close
          </button>
          {onOverride ? (
            <button type="button" className="button button--quiet" onClick={onOverride}>
              Override this shift
            </button>
          ) : null}
          {give ? (
            <button type="button" className="button button--primary" data-autofocus onClick={give}>
              Give this shift away
            </button>
          ) : null}
          {take ? (
            <button type="button" className="button button--primary" data-autofocus onClick={take}>
              Take this shift
            </button>
          ) : null}
        </div>
      </div>
    </Dialog>
  );
}

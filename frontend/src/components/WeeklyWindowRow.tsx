import type { Weekday } from "../api/types";
import { WEEKDAYS } from "../api/types";
import type { WindowDraft, WindowPatch } from "../schedules/editorState";
import { controlProps, errorId, fieldId } from "../schedules/fieldPaths";
import { FieldError } from "./FieldError";

const DAY_LABELS: Record<Weekday, string> = { mon: "Mon", tue: "Tue", wed: "Wed", thu: "Thu", fri: "Fri", sat: "Sat", sun: "Sun" };

export interface WeeklyWindowRowProps {
  /** base is the window's field path, e.g. tiers.primary[0].coverage[1] or business_hours.windows[0]. */
  base: string;
  at: number;
  window: WindowDraft;
  /** errors maps field paths to the server's messages. */
  errors: Readonly<Record<string, string>>;
  onToggleDay: (day: Weekday) => void;
  onChange: (patch: WindowPatch) => void;
  onRemove: () => void;
}

/**
 * WeeklyWindowRow edits one weekly window: its days and its from–to times.
 * The schedule editor's coverage and a service's business hours both use
 * it; controls take their ids from the window's field path.
 */
export function WeeklyWindowRow({ base, at, window: w, errors, onToggleDay, onChange, onRemove }: WeeklyWindowRowProps) {
  const daysPath = `${base}.days`;
  const daysError = errors[daysPath];
  const from = controlProps(`${base}.from`, errors);
  const to = controlProps(`${base}.to`, errors);
  return (
    <li className="window-row">
      <fieldset className="window-row__days" aria-describedby={daysError ? errorId(daysPath) : undefined}>
        <legend className="sr-only">Days of window {at + 1}</legend>
        {WEEKDAYS.map((d, k) => {
          const id = k === 0 ? fieldId(daysPath) : `${fieldId(daysPath)}-${d}`;
          return (
            <label key={d} className="day-check" htmlFor={id}>
              <input id={id} type="checkbox" checked={w.days.includes(d)} aria-invalid={daysError ? true : undefined} onChange={() => onToggleDay(d)} />
              {DAY_LABELS[d]}
            </label>
          );
        })}
      </fieldset>
      <span className="window-row__times">
        <label htmlFor={from.id} className="sr-only">
          From (window {at + 1})
        </label>
        <input {...from} type="text" inputMode="numeric" className="time-input" value={w.from} placeholder="09:00" onChange={(e) => onChange({ from: e.target.value })} />
        <span aria-hidden="true">–</span>
        <label htmlFor={to.id} className="sr-only">
          To (window {at + 1})
        </label>
        <input {...to} type="text" inputMode="numeric" className="time-input" value={w.to} placeholder="17:00" onChange={(e) => onChange({ to: e.target.value })} />
      </span>
      <button type="button" className="button button--quiet button--small" aria-label={`Remove window ${at + 1}`} onClick={onRemove}>
        Remove
      </button>
      <FieldError id={errorId(daysPath)} message={daysError} />
      <FieldError id={errorId(`${base}.from`)} message={errors[`${base}.from`]} />
      <FieldError id={errorId(`${base}.to`)} message={errors[`${base}.to`]} />
    </li>
  );
}

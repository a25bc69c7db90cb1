import type { Weekday } from "../../api/types";
import type { WorkingHoursDraft, WorkingHoursMode, WorkingHoursParts } from "../../settings/workingHours";
import { WEEKDAY_OPTIONS, WORKING_HOURS_EXAMPLE, describeWorkingHours, isWorkingHours, switchMode, workingHoursValue } from "../../settings/workingHours";
import { FieldError } from "../FieldError";

const MODES: readonly { value: WorkingHoursMode; label: string }[] = [
  { value: "none", label: "Not set" },
  { value: "range", label: "Days and hours" },
  { value: "text", label: "Written out" },
];

/** summary reads the value back in words, or says it is not in the API's form. */
function summary(value: string): string {
  if (value === "") return "";
  return isWorkingHours(value) ? `Reads: ${describeWorkingHours(value)} (“${value}”).` : `“${value}” is not in the form “${WORKING_HOURS_EXAMPLE}”.`;
}

/**
 * WorkingHoursField edits working hours as a range of days with from–to
 * times, or as the API's text ("mon-fri 09:00-17:00"), or none. The control
 * with `id` takes the focus and the server's message for working_hours.
 */
export function WorkingHoursField({
  id,
  draft,
  timeZone,
  error,
  onChange,
}: {
  id: string;
  draft: WorkingHoursDraft;
  timeZone: string;
  error: string | undefined;
  onChange: (draft: WorkingHoursDraft) => void;
}) {
  const errorId = `${id}-error`;
  const invalid = error ? { "aria-invalid": true as const, "aria-describedby": errorId } : {};
  const setParts = (patch: Partial<WorkingHoursParts>) => onChange({ ...draft, parts: { ...draft.parts, ...patch } });
  const value = workingHoursValue(draft);
  return (
    <fieldset className="form__fieldset working-hours" aria-describedby={error ? errorId : undefined}>
      <legend>Working hours</legend>
      <div className="radio-row">
        {MODES.map((m) => (
          <label key={m.value} className="radio">
            <input
              type="radio"
              name={`${id}-mode`}
              id={draft.mode === "none" && m.value === "none" ? id : `${id}-mode-${m.value}`}
              checked={draft.mode === m.value}
              onChange={() => onChange(switchMode(draft, m.value))}
            />
            {m.label}
          </label>
        ))}
      </div>
      {draft.mode === "range" ? (
        <div className="working-hours__range">
          <label htmlFor={id}>First day</label>
          <select id={id} value={draft.parts.fromDay} onChange={(e) => setParts({ fromDay: e.target.value as Weekday })} {...invalid}>
            {WEEKDAY_OPTIONS.map((d) => (
              <option key={d.value} value={d.value}>
                {d.label}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-to-day`}>Last day</label>
          <select id={`${id}-to-day`} value={draft.parts.toDay} onChange={(e) => setParts({ toDay: e.target.value as Weekday })} {...invalid}>
            {WEEKDAY_OPTIONS.map((d) => (
              <option key={d.value} value={d.value}>
                {d.label}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-start`}>From</label>
          <input id={`${id}-start`} type="text" inputMode="numeric" className="time-input" placeholder="09:00" value={draft.parts.start} onChange={(e) => setParts({ start: e.target.value })} {...invalid} />
          <label htmlFor={`${id}-end`}>Until</label>
          <input id={`${id}-end`} type="text" inputMode="numeric" className="time-input" placeholder="17:00" value={draft.parts.end} onChange={(e) => setParts({ end: e.target.value })} {...invalid} />
        </div>
      ) : null}
      {draft.mode === "text" ? (
        <div className="form__field">
          <label htmlFor={id}>Working hours as text</label>
          <input id={id} type="text" className="mono-input" spellCheck={false} autoComplete="off" placeholder={WORKING_HOURS_EXAMPLE} value={draft.text} onChange={(e) => onChange({ ...draft, text: e.target.value })} {...invalid} />
        </div>
      ) : null}
      <p className="form__hint">
        {draft.mode === "text"
          ? `Write it like "${WORKING_HOURS_EXAMPLE}": the first and last day (mon … sun), then from–until in 24-hour time. `
          : draft.mode === "range"
            ? "24-hour times, HH:MM; 24:00 is midnight. "
            : ""}
        In your time zone ({timeZone}). Pages outside these hours count as off-hours in the load report.
        {draft.mode !== "none" ? <span data-testid="working-hours-summary"> {summary(value)}</span> : null}
      </p>
      <FieldError id={errorId} message={error} />
    </fieldset>
  );
}

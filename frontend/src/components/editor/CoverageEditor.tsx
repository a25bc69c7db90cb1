import type { TierName } from "../../api/types";
import { WEEKDAYS } from "../../api/types";
import type { CoverageMode, WindowDraft } from "../../schedules/editorState";
import { fieldId, layerPath, windowPath } from "../../schedules/fieldPaths";
import { useEditor, useField } from "./EditorContext";
import { FieldMessage } from "./FieldMessage";

const DAY_LABELS: Record<string, string> = { mon: "Mon", tue: "Tue", wed: "Wed", thu: "Thu", fri: "Fri", sat: "Sat", sun: "Sun" };

function WindowEditor({ tier, index, at, window: w }: { tier: TierName; index: number; at: number; window: WindowDraft }) {
  const { dispatch } = useEditor();
  const base = windowPath(tier, index, at);
  const days = useField(`${base}.days`);
  const from = useField(`${base}.from`);
  const to = useField(`${base}.to`);
  return (
    <li className="window-row">
      <fieldset className="window-row__days" aria-describedby={days.error ? days.errorId : undefined}>
        <legend className="sr-only">Days of window {at + 1}</legend>
        {WEEKDAYS.map((d, k) => {
          const id = k === 0 ? days.props.id : `${fieldId(`${base}.days`)}-${d}`;
          return (
            <label key={d} className="day-check" htmlFor={id}>
              <input
                id={id}
                type="checkbox"
                checked={w.days.includes(d)}
                aria-invalid={days.error ? true : undefined}
                onChange={() => dispatch({ type: "toggleDay", tier, index, at, day: d })}
              />
              {DAY_LABELS[d]}
            </label>
          );
        })}
      </fieldset>
      <span className="window-row__times">
        <label htmlFor={from.props.id} className="sr-only">
          From (window {at + 1})
        </label>
        <input {...from.props} type="text" inputMode="numeric" className="time-input" value={w.from} placeholder="09:00" onChange={(e) => dispatch({ type: "updateWindow", tier, index, at, patch: { from: e.target.value } })} />
        <span aria-hidden="true">–</span>
        <label htmlFor={to.props.id} className="sr-only">
          To (window {at + 1})
        </label>
        <input {...to.props} type="text" inputMode="numeric" className="time-input" value={w.to} placeholder="17:00" onChange={(e) => dispatch({ type: "updateWindow", tier, index, at, patch: { to: e.target.value } })} />
      </span>
      <button type="button" className="button button--quiet button--small" aria-label={`Remove window ${at + 1}`} onClick={() => dispatch({ type: "removeWindow", tier, index, at })}>
        Remove
      </button>
      <FieldMessage path={`${base}.days`} />
      <FieldMessage path={`${base}.from`} />
      <FieldMessage path={`${base}.to`} />
    </li>
  );
}

/** CoverageEditor sets when a layer applies: always, or weekly windows such as business hours. */
export function CoverageEditor({ tier, index, mode, windows }: { tier: TierName; index: number; mode: CoverageMode; windows: WindowDraft[] }) {
  const { dispatch } = useEditor();
  const path = `${layerPath(tier, index)}.coverage`;
  const field = useField(path);
  const name = `${field.props.id}-mode`;
  const set = (coverage: CoverageMode) => dispatch({ type: "updateLayer", tier, index, patch: { coverage } });
  return (
    <fieldset className="form__fieldset coverage" aria-describedby={field.error ? field.errorId : undefined}>
      <legend>Coverage</legend>
      <div className="radio-row">
        <label className="radio">
          <input {...field.props} type="radio" name={name} checked={mode === "always"} onChange={() => set("always")} />
          Always (24×7)
        </label>
        <label className="radio">
          <input id={`${name}-windows`} type="radio" name={name} checked={mode === "windows"} onChange={() => set("windows")} />
          Weekly windows (e.g. business hours)
        </label>
      </div>
      {mode === "windows" ? (
        <>
          <p className="form__hint">Times are HH:MM in the schedule’s zone; a window ending earlier than it starts crosses midnight; 24:00 is midnight.</p>
          <ul className="window-list">
            {windows.map((w, at) => (
              <WindowEditor key={w.key} tier={tier} index={index} at={at} window={w} />
            ))}
          </ul>
          <button type="button" className="button button--quiet button--small" onClick={() => dispatch({ type: "addWindow", tier, index })}>
            Add window
          </button>
        </>
      ) : null}
      <FieldMessage path={path} />
    </fieldset>
  );
}

import type { TierName } from "../../api/types";
import type { CoverageMode, WindowDraft } from "../../schedules/editorState";
import { layerPath, windowPath } from "../../schedules/fieldPaths";
import { WeeklyWindowRow } from "../WeeklyWindowRow";
import { useEditor, useField } from "./EditorContext";
import { FieldMessage } from "./FieldMessage";

function WindowEditor({ tier, index, at, window: w }: { tier: TierName; index: number; at: number; window: WindowDraft }) {
  const { dispatch, errors } = useEditor();
  return (
    <WeeklyWindowRow
      base={windowPath(tier, index, at)}
      at={at}
      window={w}
      errors={errors}
      onToggleDay={(day) => dispatch({ type: "toggleDay", tier, index, at, day })}
      onChange={(patch) => dispatch({ type: "updateWindow", tier, index, at, patch })}
      onRemove={() => dispatch({ type: "removeWindow", tier, index, at })}
    />
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

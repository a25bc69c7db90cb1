import { useMemo } from "react";
import type { Pairing } from "../../api/types";
import { timeZoneNames } from "../../lib/time";
import type { EditorState } from "../../schedules/editorState";
import { useEditor, useField } from "./EditorContext";
import { FieldMessage } from "./FieldMessage";

/** ScheduleBasicsFields edits the schedule's name, time zone and pairing rule. */
export function ScheduleBasicsFields({ state }: { state: EditorState }) {
  const { dispatch } = useEditor();
  const name = useField("name");
  const zone = useField("time_zone");
  const pairing = useField("pairing");
  const zones = useMemo(() => timeZoneNames(), []);
  return (
    <div className="form__grid">
      <div className="form__field">
        <label htmlFor={name.props.id}>Name</label>
        <input {...name.props} type="text" value={state.name} maxLength={100} required onChange={(e) => dispatch({ type: "setName", name: e.target.value })} />
        <FieldMessage path="name" />
      </div>
      <div className="form__field">
        <label htmlFor={zone.props.id}>Time zone</label>
        <input
          {...zone.props}
          type="text"
          list="time-zone-names"
          value={state.timeZone}
          autoComplete="off"
          spellCheck={false}
          required
          onChange={(e) => dispatch({ type: "setTimeZone", timeZone: e.target.value })}
        />
        <datalist id="time-zone-names">
          {zones.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        <p className="form__hint">Layer starts and coverage windows are wall-clock times in this zone.</p>
        <FieldMessage path="time_zone" />
      </div>
      <div className="form__field">
        <label htmlFor={pairing.props.id}>Pairing</label>
        <select {...pairing.props} value={state.pairing} onChange={(e) => dispatch({ type: "setPairing", pairing: e.target.value as Pairing })}>
          <option value="">None</option>
          <option value="mixed">Mixed dev/ops</option>
        </select>
        <p className="form__hint">Mixed: primary and secondary must be of different disciplines; the calendar flags where they are not.</p>
        <FieldMessage path="pairing" />
      </div>
    </div>
  );
}

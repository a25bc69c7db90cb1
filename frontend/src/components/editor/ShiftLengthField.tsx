import { useState } from "react";
import type { TierName } from "../../api/types";
import { SHIFT_PRESETS, isShiftPreset } from "../../schedules/editorState";
import { layerPath } from "../../schedules/fieldPaths";
import { useEditor, useField } from "./EditorContext";
import { FieldMessage } from "./FieldMessage";

const CUSTOM = "custom";

/**
 * ShiftLengthField picks a common shift length or takes a custom one
 * ("90m", "6h", "3d"). The field's id (and any server message) sits on
 * whichever control holds the value.
 */
export function ShiftLengthField({ tier, index, value }: { tier: TierName; index: number; value: string }) {
  const { dispatch } = useEditor();
  const path = `${layerPath(tier, index)}.shift`;
  const field = useField(path);
  const [custom, setCustom] = useState(() => !isShiftPreset(value));
  const selectId = `${field.props.id}-preset`;
  const set = (shift: string) => dispatch({ type: "updateLayer", tier, index, patch: { shift } });

  return (
    <div className="form__field">
      <label htmlFor={custom ? selectId : field.props.id}>Shift length</label>
      <select
        {...(custom ? { id: selectId } : field.props)}
        value={custom ? CUSTOM : value}
        onChange={(e) => {
          if (e.target.value === CUSTOM) {
            setCustom(true);
          } else {
            setCustom(false);
            set(e.target.value);
          }
        }}
      >
        {SHIFT_PRESETS.map((p) => (
          <option key={p.value} value={p.value}>
            {p.label}
          </option>
        ))}
        <option value={CUSTOM}>Custom…</option>
      </select>
      {custom ? (
        <>
          <label htmlFor={field.props.id} className="form__sublabel">
            Custom shift length
          </label>
          <input {...field.props} type="text" value={value} placeholder="e.g. 6h, 3d, 90m" spellCheck={false} onChange={(e) => set(e.target.value)} />
        </>
      ) : null}
      <FieldMessage path={path} />
    </div>
  );
}

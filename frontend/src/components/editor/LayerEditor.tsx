import type { TierName } from "../../api/types";
import type { LayerDraft } from "../../schedules/editorState";
import { layerPath } from "../../schedules/fieldPaths";
import { CoverageEditor } from "./CoverageEditor";
import { useEditor, useField } from "./EditorContext";
import { FieldMessage } from "./FieldMessage";
import { ParticipantsEditor } from "./ParticipantsEditor";
import { ShiftLengthField } from "./ShiftLengthField";

/** LayerEditor edits one rotation: name, participants, start, shift length and coverage. */
export function LayerEditor({ tier, index, count, layer }: { tier: TierName; index: number; count: number; layer: LayerDraft }) {
  const { dispatch, readOnly } = useEditor();
  const base = layerPath(tier, index);
  const name = useField(`${base}.name`);
  const start = useField(`${base}.start`);
  const title = layer.name.trim() || `layer ${index + 1}`;
  return (
    <li className="layer" data-testid={`layer-${tier}-${index}`}>
      <section aria-label={`${tier} layer ${index + 1}: ${title}`}>
        <header className="layer__header">
          <h4 className="layer__title">
            Layer {index + 1}
            <span className="muted"> · {layer.coverage === "windows" ? "weekly windows" : "always"}</span>
          </h4>
          {readOnly ? null : (
            <span className="layer__actions">
              <button type="button" className="icon-button" aria-label={`Move layer ${title} up`} disabled={index === 0} onClick={() => dispatch({ type: "moveLayer", tier, index, by: -1 })}>
                ↑
              </button>
              <button type="button" className="icon-button" aria-label={`Move layer ${title} down`} disabled={index === count - 1} onClick={() => dispatch({ type: "moveLayer", tier, index, by: 1 })}>
                ↓
              </button>
              <button type="button" className="button button--danger-quiet button--small" aria-label={`Remove layer ${title}`} onClick={() => dispatch({ type: "removeLayer", tier, index })}>
                Remove layer
              </button>
            </span>
          )}
        </header>
        <div className="form__grid">
          <div className="form__field">
            <label htmlFor={name.props.id}>Layer name</label>
            <input {...name.props} type="text" value={layer.name} onChange={(e) => dispatch({ type: "updateLayer", tier, index, patch: { name: e.target.value } })} />
            <FieldMessage path={`${base}.name`} />
          </div>
          <div className="form__field">
            <label htmlFor={start.props.id}>Rotation start (schedule’s zone)</label>
            <input {...start.props} type="datetime-local" value={layer.start} onChange={(e) => dispatch({ type: "updateLayer", tier, index, patch: { start: e.target.value } })} />
            <FieldMessage path={`${base}.start`} />
          </div>
          <ShiftLengthField tier={tier} index={index} value={layer.shift} />
        </div>
        <ParticipantsEditor tier={tier} index={index} participants={layer.participants} />
        <CoverageEditor tier={tier} index={index} mode={layer.coverage} windows={layer.windows} />
      </section>
    </li>
  );
}

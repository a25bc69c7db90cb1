import type { TierName } from "../../api/types";
import type { LayerDraft } from "../../schedules/editorState";
import { nextMonday9 } from "../../schedules/editorState";
import { TierBadge } from "../TierBadge";
import { useEditor, useField } from "./EditorContext";
import { FieldMessage } from "./FieldMessage";
import { LayerEditor } from "./LayerEditor";

const TIER_HINTS: Record<TierName, string> = {
  primary: "Paged first. Later layers win where they cover: put a business-hours layer after an always layer.",
  secondary: "Paged when primary does not answer.",
  shadow: "Learners who get a copy of every primary page; never escalated to.",
};

/** TierEditor lists a tier's layers in order (later layers win) and adds new ones. */
export function TierEditor({ tier, layers }: { tier: TierName; layers: LayerDraft[] }) {
  const { dispatch, readOnly } = useEditor();
  const add = useField(`tiers.${tier}`);
  return (
    <section className="tier-editor" aria-labelledby={`tier-${tier}-title`}>
      <h3 className="tier-editor__title" id={`tier-${tier}-title`}>
        <TierBadge tier={tier} /> {tier[0]?.toUpperCase() + tier.slice(1)} tier
      </h3>
      <p className="form__hint">{TIER_HINTS[tier]}</p>
      {layers.length === 0 ? <p className="muted">No layers: nobody is on call for this tier.</p> : null}
      <ol className="layer-list">
        {layers.map((l, i) => (
          <LayerEditor key={l.key} tier={tier} index={i} count={layers.length} layer={l} />
        ))}
      </ol>
      {readOnly ? null : (
        <button {...add.props} type="button" className="button button--quiet button--small" onClick={() => dispatch({ type: "addLayer", tier, start: nextMonday9() })}>
          Add {tier} layer
        </button>
      )}
      <FieldMessage path={`tiers.${tier}`} />
    </section>
  );
}

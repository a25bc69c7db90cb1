import { useState } from "react";
import type { TierName } from "../../api/types";
import { layerPath } from "../../schedules/fieldPaths";
import { DisciplineBadge } from "../DisciplineBadge";
import { useEditor, useField } from "./EditorContext";
import { FieldMessage } from "./FieldMessage";

/** ParticipantsEditor orders the people a layer rotates through. */
export function ParticipantsEditor({ tier, index, participants }: { tier: TierName; index: number; participants: string[] }) {
  const { dispatch, members, readOnly } = useEditor();
  const path = `${layerPath(tier, index)}.participants`;
  const field = useField(path);
  const byId = new Map(members.map((m) => [m.id, m]));
  const available = members.filter((m) => !participants.includes(m.id));
  const [pick, setPick] = useState("");
  const chosen = available.some((m) => m.id === pick) ? pick : (available[0]?.id ?? "");

  return (
    <fieldset className="form__fieldset participants">
      <legend>Participants, in rotation order</legend>
      {participants.length === 0 ? <p className="muted">Nobody yet.</p> : null}
      <ol className="participants__list">
        {participants.map((id, at) => {
          const m = byId.get(id);
          const name = m?.name ?? `Unknown user ${id}`;
          return (
            <li key={id} className="participants__item">
              <span className="participants__name">
                {name} {m ? <DisciplineBadge discipline={m.discipline} /> : null}
              </span>
              {readOnly ? null : (
                <span className="participants__actions">
                  <button type="button" className="icon-button" aria-label={`Move ${name} up`} disabled={at === 0} onClick={() => dispatch({ type: "moveParticipant", tier, index, at, by: -1 })}>
                    ↑
                  </button>
                  <button type="button" className="icon-button" aria-label={`Move ${name} down`} disabled={at === participants.length - 1} onClick={() => dispatch({ type: "moveParticipant", tier, index, at, by: 1 })}>
                    ↓
                  </button>
                  <button type="button" className="icon-button" aria-label={`Remove ${name}`} onClick={() => dispatch({ type: "removeParticipant", tier, index, at })}>
                    ✕
                  </button>
                </span>
              )}
            </li>
          );
        })}
      </ol>
      {readOnly ? null : (
        <div className="participants__add">
          <label htmlFor={field.props.id} className="sr-only">
            Add participant
          </label>
          <select {...field.props} value={chosen} onChange={(e) => setPick(e.target.value)} disabled={available.length === 0}>
            {available.length === 0 ? <option value="">Everyone in the team is in this layer</option> : null}
            {available.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name} ({m.discipline})
              </option>
            ))}
          </select>
          <button type="button" className="button button--quiet button--small" disabled={!chosen} onClick={() => chosen && dispatch({ type: "addParticipant", tier, index, userId: chosen })}>
            Add participant
          </button>
        </div>
      )}
      <FieldMessage path={path} />
    </fieldset>
  );
}

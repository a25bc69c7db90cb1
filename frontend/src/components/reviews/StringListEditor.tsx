import type { Dispatch } from "react";
import type { ReviewAction, ReviewDraft } from "../../incidents/reviewState";
import { LISTS, type ListName } from "../../incidents/reviewState";
import { controlProps, errorId, fieldId } from "../../schedules/fieldPaths";
import { PathError } from "../PathError";

/** StringListEditor edits one of the review's lists: one line per entry, added and removed freely. */
export function StringListEditor({
  list,
  draft,
  errors,
  readOnly,
  dispatch,
}: {
  list: ListName;
  draft: ReviewDraft;
  errors: Readonly<Record<string, string>>;
  readOnly: boolean;
  dispatch: Dispatch<ReviewAction>;
}) {
  const spec = LISTS.find((l) => l.name === list)!;
  const entries = draft.lists[list];
  return (
    <fieldset className="form__fieldset" id={fieldId(list)} tabIndex={-1} aria-describedby={errors[list] ? errorId(list) : undefined}>
      <legend>{spec.label}</legend>
      <p className="form__hint">{spec.hint}</p>
      {entries.length === 0 && readOnly ? <p className="muted">None.</p> : null}
      <ul className="string-list" aria-label={spec.label}>
        {entries.map((e, i) => {
          const path = `${list}[${i}]`;
          const p = controlProps(path, errors);
          return (
            <li key={e.key} className="string-list__row">
              <div className="form__field">
                <label htmlFor={p.id} className="sr-only">
                  {spec.label} {i + 1}
                </label>
                <input {...p} type="text" value={e.text} readOnly={readOnly} onChange={(ev) => dispatch({ type: "setEntry", list, at: i, text: ev.target.value })} />
                <PathError path={path} errors={errors} />
              </div>
              {readOnly ? null : (
                <button type="button" className="button button--quiet button--small" aria-label={`Remove ${spec.label.toLowerCase()} ${i + 1}`} onClick={() => dispatch({ type: "removeEntry", list, at: i })}>
                  Remove
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {readOnly ? null : (
        <button type="button" className="button button--quiet button--small" onClick={() => dispatch({ type: "addEntry", list })}>
          {spec.add}
        </button>
      )}
      <PathError path={list} errors={errors} />
    </fieldset>
  );
}

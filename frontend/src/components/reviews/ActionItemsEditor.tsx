import type { Dispatch } from "react";
import type { ActionItemStatus, User } from "../../api/types";
import { ACTION_ITEM_STATUSES } from "../../api/types";
import { actionStatusLabel } from "../../incidents/display";
import type { ReviewAction, ReviewDraft } from "../../incidents/reviewState";
import { controlProps, errorId, fieldId } from "../../schedules/fieldPaths";
import { PathError } from "../PathError";

/**
 * ActionItemsEditor edits the review's action items: title, owner (an
 * engineer's email), due date, status and a link. Once the review is
 * published only the status can change (contentLocked).
 */
export function ActionItemsEditor({
  draft,
  errors,
  users,
  contentLocked,
  statusLocked,
  defaultDue,
  dispatch,
}: {
  draft: ReviewDraft;
  errors: Readonly<Record<string, string>>;
  users: readonly User[];
  contentLocked: boolean;
  statusLocked: boolean;
  defaultDue: string;
  dispatch: Dispatch<ReviewAction>;
}) {
  return (
    <fieldset className="form__fieldset" id={fieldId("action_items")} tabIndex={-1} aria-describedby={errors.action_items ? errorId("action_items") : undefined}>
      <legend>Action items</legend>
      <datalist id="action-item-owners">
        {users.map((u) => (
          <option key={u.id} value={u.email}>
            {u.name}
          </option>
        ))}
      </datalist>
      {draft.items.length === 0 ? <p className="muted">No action items yet.</p> : null}
      <ol className="action-items" aria-label="Action items">
        {draft.items.map((it, i) => {
          const base = `action_items[${i}]`;
          const p = (f: string) => controlProps(`${base}.${f}`, errors);
          const title = p("title");
          const owner = p("owner");
          const due = p("due");
          const status = p("status");
          const link = p("link");
          return (
            <li key={it.key} className="action-item" data-testid="action-item">
              <div className="form__field">
                <label htmlFor={title.id}>Action {i + 1}</label>
                <input {...title} type="text" value={it.title} readOnly={contentLocked} onChange={(e) => dispatch({ type: "setItem", at: i, patch: { title: e.target.value } })} />
                <PathError path={`${base}.title`} errors={errors} />
              </div>
              <div className="form__field">
                <label htmlFor={owner.id}>Owner (email)</label>
                <input
                  {...owner}
                  type="email"
                  list="action-item-owners"
                  value={it.owner}
                  readOnly={contentLocked}
                  onChange={(e) => dispatch({ type: "setItem", at: i, patch: { owner: e.target.value } })}
                />
                <PathError path={`${base}.owner`} errors={errors} />
              </div>
              <div className="form__field">
                <label htmlFor={due.id}>Due</label>
                <input {...due} type="date" value={it.due} readOnly={contentLocked} onChange={(e) => dispatch({ type: "setItem", at: i, patch: { due: e.target.value } })} />
                <PathError path={`${base}.due`} errors={errors} />
              </div>
              <div className="form__field">
                <label htmlFor={status.id}>Status</label>
                <select {...status} value={it.status} disabled={statusLocked} onChange={(e) => dispatch({ type: "setItem", at: i, patch: { status: e.target.value as ActionItemStatus } })}>
                  {ACTION_ITEM_STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {actionStatusLabel(s)}
                    </option>
                  ))}
                </select>
                <PathError path={`${base}.status`} errors={errors} />
              </div>
              <div className="form__field">
                <label htmlFor={link.id}>Link</label>
                <input
                  {...link}
                  type="url"
                  placeholder="https://…"
                  value={it.link}
                  readOnly={contentLocked}
                  onChange={(e) => dispatch({ type: "setItem", at: i, patch: { link: e.target.value } })}
                />
                <PathError path={`${base}.link`} errors={errors} />
              </div>
              {contentLocked ? (
                <span />
              ) : (
                <button type="button" className="button button--quiet button--small" aria-label={`Remove action ${i + 1}`} onClick={() => dispatch({ type: "removeItem", at: i })}>
                  Remove
                </button>
              )}
            </li>
          );
        })}
      </ol>
      {contentLocked ? null : (
        <button type="button" className="button button--quiet button--small" onClick={() => dispatch({ type: "addItem", due: defaultDue })}>
          Add an action item
        </button>
      )}
      <PathError path="action_items" errors={errors} />
    </fieldset>
  );
}

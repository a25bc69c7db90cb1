import { useEffect, useReducer, useRef, useState, type FormEvent } from "react";
import { useApi } from "../../api/ApiContext";
import { isApiError } from "../../api/client";
import type { ContactSettings } from "../../api/types";
import { errorMessage } from "../../lib/errors";
import { controlProps, fieldId } from "../../schedules/fieldPaths";
import {
  DEFAULT_RULES_TEXT,
  fromNotificationRules,
  notificationRuleErrorPath,
  rulesEditorReducer,
  toNotificationRules,
} from "../../settings/notificationRules";
import { PathError } from "../PathError";
import { NotificationRuleRow } from "./NotificationRuleRow";

/** DefaultRules says what happens with no rules of your own, and on which number. */
function DefaultRules({ settings }: { settings: ContactSettings }) {
  const verified = settings.contact_methods.filter((m) => m.verified);
  const reachable = verified.length > 0 || settings.primary_phone !== "";
  return (
    <div className="notice notice--info notice--block" data-testid="default-rules">
      <p>
        <strong>{DEFAULT_RULES_TEXT}</strong> if still unacknowledged.
      </p>
      <p className="form__hint">
        {reachable
          ? `On your first verified SMS and voice numbers${settings.primary_phone ? `, else your primary phone ${settings.primary_phone}` : ""}.`
          : "You have no verified number yet, so Rota cannot reach you by phone: your pages are only recorded until you add one."}
      </p>
    </div>
  );
}

/**
 * NotificationRulesPanel edits your rules on the client and saves them all
 * with one PUT; "Reset to default" saves an empty list. Only verified
 * numbers can be chosen. A 400's field marks the control it names.
 */
export function NotificationRulesPanel({ settings, onSaved }: { settings: ContactSettings; onSaved: () => void }) {
  const api = useApi();
  const [state, dispatch] = useReducer(rulesEditorReducer, settings.rules, fromNotificationRules);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState<"save" | "reset" | null>(null);
  const focusPath = useRef<string | null>(null);
  const verified = settings.contact_methods.filter((m) => m.verified);

  // The server's rules change when a number is deleted (its rules go with
  // it) or after a save: load them unless there are edits not yet saved.
  // Only a change on the server reloads the editor, never an edit here.
  const serverRules = JSON.stringify(settings.rules);
  const loaded = useRef(serverRules);
  const dirty = state.dirty;
  useEffect(() => {
    if (serverRules === loaded.current) return;
    loaded.current = serverRules;
    if (!dirty) dispatch({ type: "load", state: fromNotificationRules(settings.rules) });
  }, [serverRules]);

  useEffect(() => {
    const path = focusPath.current;
    if (!path) return;
    focusPath.current = null;
    document.getElementById(fieldId(path))?.focus();
  }, [errors]);

  async function put(kind: "save" | "reset") {
    setErrors({});
    setFormError(null);
    setSaved(null);
    setBusy(kind);
    try {
      const out = await api.setNotificationRules(kind === "reset" ? [] : toNotificationRules(state));
      dispatch({ type: "load", state: fromNotificationRules(out) });
      loaded.current = JSON.stringify(out);
      setSaved(out.length === 0 ? "Saved: no rules of your own, so the default applies." : `Saved ${out.length} ${out.length === 1 ? "rule" : "rules"}.`);
      onSaved();
    } catch (err) {
      const path = isApiError(err) && kind === "save" ? notificationRuleErrorPath(err.field, state) : null;
      if (path) {
        focusPath.current = path;
        setErrors({ [path]: errorMessage(err) });
      } else {
        setFormError(errorMessage(err));
      }
    } finally {
      setBusy(null);
    }
  }

  function save(e: FormEvent) {
    e.preventDefault();
    void put("save");
  }

  const add = controlProps("rules", errors);
  return (
    <section className="panel" aria-labelledby="rules-title">
      <h2 className="panel__title" id="rules-title">
        Notification rules
      </h2>
      <p className="muted">When an escalation step pages you, Rota contacts you by these rules, each so many minutes after the page unless you acknowledge first.</p>
      {settings.default_rules ? <DefaultRules settings={settings} /> : null}
      <form className="form" aria-label="Notification rules" onSubmit={save} noValidate>
        {formError ? (
          <p className="form__error" role="alert">
            {formError}
          </p>
        ) : null}
        {state.rules.length === 0 ? (
          <p className="empty">{settings.default_rules ? "No rules of your own." : "No rules: saving an empty list goes back to the default."}</p>
        ) : (
          <ol className="notification-rules">
            {state.rules.map((r, i) => (
              <NotificationRuleRow key={r.key} index={i} rule={r} verified={verified} errors={errors} dispatch={dispatch} />
            ))}
          </ol>
        )}
        <div>
          <button {...add} type="button" className="button button--quiet button--small" disabled={verified.length === 0} onClick={() => dispatch({ type: "add", verified })}>
            Add rule
          </button>
          {verified.length === 0 ? (
            <p className="form__hint">
              {settings.sms_enabled ? "Verify a number under Contact methods to use it in a rule." : "Rules need a verified number, and numbers cannot be verified while Twilio is not configured."}
            </p>
          ) : null}
          <PathError path="rules" errors={errors} />
        </div>
        {settings.default_rules && state.rules.length === 0 && !state.dirty && !saved ? null : (
          <div className="form__actions form__actions--bar">
            <span className="muted" role="status">
              {saved ?? (state.dirty ? "Unsaved changes" : "")}
            </span>
            <span className="form__actions">
              {settings.default_rules && state.rules.length === 0 ? null : (
                <button type="button" className="button button--quiet" disabled={busy !== null} onClick={() => void put("reset")}>
                  {busy === "reset" ? "Resetting…" : "Reset to default"}
                </button>
              )}
              <button type="submit" className="button button--primary" disabled={busy !== null}>
                {busy === "save" ? "Saving…" : "Save rules"}
              </button>
            </span>
          </div>
        )}
      </form>
    </section>
  );
}

import { useState, type FormEvent } from "react";
import { useApi } from "../../api/ApiContext";
import { NO_ERRORS, formErrors, type FormErrors } from "../../settings/formErrors";
import { FormField, invalidProps } from "../FormField";

type Field = "current_password" | "password" | "repeat";
const FIELDS: readonly Field[] = ["current_password", "password", "repeat"];
const IDS: Record<Field, string> = { current_password: "current-password", password: "new-password", repeat: "new-password-repeat" };

/** MIN_PASSWORD is the server's shortest password. */
export const MIN_PASSWORD = 10;

/** PasswordPanel changes your password (PUT /me/password, which checks the
 * current one, ends your other sessions and revokes your API tokens); the
 * server's message shows at the field. */
export function PasswordPanel({ email }: { email: string }) {
  const api = useApi();
  const [current, setCurrent] = useState("");
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [errors, setErrors] = useState<FormErrors<Field>>(NO_ERRORS);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  function fail(next: FormErrors<Field>) {
    setErrors(next);
    const f = FIELDS.find((k) => next.fields[k]);
    if (f) document.getElementById(IDS[f])?.focus();
  }

  async function change(e: FormEvent) {
    e.preventDefault();
    setErrors(NO_ERRORS);
    setDone(false);
    if (password !== repeat) {
      fail({ fields: { repeat: "The two passwords are not the same." } });
      return;
    }
    setBusy(true);
    try {
      await api.changePassword(current, password);
      setCurrent("");
      setPassword("");
      setRepeat("");
      setDone(true);
    } catch (err) {
      fail(formErrors(err, FIELDS));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="password-title">
      <h2 className="panel__title" id="password-title">
        Password
      </h2>
      <p className="muted">Changing your password signs you out elsewhere and revokes your API tokens.</p>
      <form className="form" aria-label="Change password" onSubmit={(e) => void change(e)} noValidate>
        {/* For password managers: the account the new password belongs to. */}
        <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
        {errors.form ? (
          <p className="form__error" role="alert">
            {errors.form}
          </p>
        ) : null}
        <div className="form__grid">
          <FormField id={IDS.current_password} label="Current password" error={errors.fields.current_password}>
            <input id={IDS.current_password} type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} {...invalidProps(IDS.current_password, errors.fields.current_password)} />
          </FormField>
          <FormField id={IDS.password} label="New password" error={errors.fields.password} hint={`At least ${MIN_PASSWORD} characters.`}>
            <input id={IDS.password} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} {...invalidProps(IDS.password, errors.fields.password)} />
          </FormField>
          <FormField id={IDS.repeat} label="New password again" error={errors.fields.repeat}>
            <input id={IDS.repeat} type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} {...invalidProps(IDS.repeat, errors.fields.repeat)} />
          </FormField>
        </div>
        <div className="form__actions form__actions--start">
          <button type="submit" className="button button--primary" disabled={busy || password === "" || current === ""}>
            {busy ? "Changing…" : "Change password"}
          </button>
          <span className="muted" role="status">
            {done ? "Password changed. Your other sessions have been signed out and your API tokens revoked." : ""}
          </span>
        </div>
      </form>
    </section>
  );
}

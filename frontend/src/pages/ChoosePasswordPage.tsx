import { useState, type FormEvent } from "react";
import { Navigate } from "react-router";
import { useAuth } from "../auth/AuthContext";
import { FormField, invalidProps } from "../components/FormField";
import { LoadingScreen } from "../components/LoadingScreen";
import { MIN_PASSWORD } from "../components/settings/PasswordPanel";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { guardChoosePassword } from "../routes";
import { NO_ERRORS, formErrors, type FormErrors } from "../settings/formErrors";

type Field = "current_password" | "password" | "repeat";
const FIELDS: readonly Field[] = ["current_password", "password", "repeat"];
const IDS: Record<Field, string> = { current_password: "one-time-password", password: "chosen-password", repeat: "chosen-password-repeat" };

/**
 * ChoosePasswordPage is where a one-time password (from an invite, a reset
 * or rota user create) is replaced: the server answers nothing else until
 * it is. The one-time password typed at sign-in is reused; after a reload
 * the page asks for it.
 */
export function ChoosePasswordPage() {
  useDocumentTitle("Choose your password");
  const { state, knowsOneTimePassword, choosePassword, signOut } = useAuth();
  const [current, setCurrent] = useState("");
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [errors, setErrors] = useState<FormErrors<Field>>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  // The one-time password kept from sign-in was refused: ask for it.
  const [refused, setRefused] = useState(false);

  const decision = guardChoosePassword(state);
  if (decision.kind === "wait") return <LoadingScreen />;
  if (decision.kind === "redirect") return <Navigate to={decision.to} replace />;

  const askCurrent = !knowsOneTimePassword || refused;
  const user = state.status === "must-change-password" ? state.user : undefined;

  function fail(next: FormErrors<Field>) {
    setErrors(next);
    const f = FIELDS.find((k) => next.fields[k]);
    if (f) document.getElementById(IDS[f])?.focus();
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setErrors(NO_ERRORS);
    if (password.length < MIN_PASSWORD) {
      fail({ fields: { password: `Use at least ${MIN_PASSWORD} characters.` } });
      return;
    }
    if (password !== repeat) {
      fail({ fields: { repeat: "The two passwords are not the same." } });
      return;
    }
    setBusy(true);
    try {
      await choosePassword(password, askCurrent ? current : undefined);
    } catch (err) {
      const next = formErrors(err, FIELDS);
      if (next.fields.current_password) setRefused(true);
      fail(next);
      setBusy(false);
    }
  }

  return (
    <div className="sign-in">
      <main className="sign-in__card">
        <h1 className="sign-in__title">Choose your password</h1>
        <p className="sign-in__lead">
          {user ? `Welcome, ${user.name}. ` : ""}You signed in with a one-time password: it works only once, to choose a password of your own.
        </p>
        <form className="form" aria-label="Choose your password" onSubmit={(e) => void submit(e)} noValidate>
          {user ? <input type="text" name="username" autoComplete="username" value={user.email} readOnly hidden /> : null}
          {errors.form ? (
            <p className="form__error" role="alert">
              {errors.form}
            </p>
          ) : null}
          {askCurrent ? (
            <FormField id={IDS.current_password} label="One-time password" error={errors.fields.current_password}>
              <input id={IDS.current_password} type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} {...invalidProps(IDS.current_password, errors.fields.current_password)} />
            </FormField>
          ) : null}
          <FormField id={IDS.password} label="New password" error={errors.fields.password} hint={`At least ${MIN_PASSWORD} characters.`}>
            <input id={IDS.password} type="password" autoComplete="new-password" autoFocus value={password} onChange={(e) => setPassword(e.target.value)} {...invalidProps(IDS.password, errors.fields.password)} />
          </FormField>
          <FormField id={IDS.repeat} label="New password again" error={errors.fields.repeat}>
            <input id={IDS.repeat} type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} {...invalidProps(IDS.repeat, errors.fields.repeat)} />
          </FormField>
          <button type="submit" className="button button--primary button--wide" disabled={busy || password === ""}>
            {busy ? "Saving…" : "Save password and continue"}
          </button>
          <button type="button" className="button button--quiet button--wide" onClick={() => void signOut()}>
            Sign out
          </button>
        </form>
      </main>
    </div>
  );
}

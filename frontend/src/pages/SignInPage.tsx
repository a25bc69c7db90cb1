import { useId, useRef, useState, type FormEvent } from "react";
import { Navigate, useLocation } from "react-router";
import { isApiError } from "../api/client";
import { useAuth } from "../auth/AuthContext";
import { LoadingScreen } from "../components/LoadingScreen";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { guardSignIn } from "../routes";

type Field = "email" | "password";

interface FormError {
  message: string;
  field?: Field;
}

function toFormError(err: unknown): FormError {
  if (!isApiError(err)) return { message: "Something went wrong. Please try again." };
  if (err.status === 401) return { message: "That email and password do not match an account." };
  if (err.field === "email" || err.field === "password") return { message: err.message, field: err.field };
  return { message: err.message };
}

/** SignInPage asks for email and password and starts a session. */
export function SignInPage() {
  useDocumentTitle("Sign in");
  const { state, signIn } = useAuth();
  const location = useLocation();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<FormError | null>(null);
  const ids = { error: useId(), email: useId(), password: useId() };
  const emailInput = useRef<HTMLInputElement>(null);
  const passwordInput = useRef<HTMLInputElement>(null);

  const decision = guardSignIn(state, location.state);
  if (decision.kind === "wait") return <LoadingScreen />;
  // Signed in, whether just now or on arrival: go on to the next page.
  if (decision.kind === "redirect") return <Navigate to={decision.to} replace />;

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitting(true);
    setError(null);
    try {
      await signIn({ email: email.trim(), password });
    } catch (err) {
      const formError = toFormError(err);
      setError(formError);
      setSubmitting(false);
      // Put the cursor where the fix goes; a refused password is cleared.
      if (formError.field === "email") {
        emailInput.current?.focus();
      } else if (isApiError(err) && err.status === 401) {
        setPassword("");
        passwordInput.current?.focus();
      } else if (formError.field === "password") {
        passwordInput.current?.focus();
      }
    }
  }

  const sessionError = state.status === "signed-out" ? state.error : undefined;
  const fieldError = (field: Field) => (error?.field === field ? error.message : undefined);

  return (
    <div className="sign-in">
      <main className="sign-in__card">
        <h1 className="sign-in__title">Sign in to Rota</h1>
        <p className="sign-in__lead">On-call schedules, alerts and incidents.</p>
        <form className="form" onSubmit={handleSubmit} aria-describedby={error ? ids.error : undefined}>
          {error || sessionError ? (
            <p id={ids.error} className="form__error" role="alert">
              {error?.message ?? sessionError}
            </p>
          ) : null}
          <div className="form__field">
            <label htmlFor={ids.email}>Email</label>
            <input
              id={ids.email}
              ref={emailInput}
              name="email"
              type="email"
              autoComplete="username"
              required
              autoFocus
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              aria-invalid={fieldError("email") ? true : undefined}
            />
          </div>
          <div className="form__field">
            <label htmlFor={ids.password}>Password</label>
            <input
              id={ids.password}
              ref={passwordInput}
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              aria-invalid={fieldError("password") ? true : undefined}
            />
          </div>
          <button type="submit" className="button button--primary button--wide" disabled={submitting}>
            {submitting ? "Signing in…" : "Sign in"}
          </button>
        </form>
      </main>
    </div>
  );
}

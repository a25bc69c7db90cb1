import { useEffect, useRef, useState, type FormEvent } from "react";
import { useApi } from "../../api/ApiContext";
import type { ContactMethod } from "../../api/types";
import { errorMessage } from "../../lib/errors";
import { NO_ERRORS, VERIFY_FIELDS, formErrors, type FormErrors } from "../../settings/formErrors";
import { FieldError } from "../FieldError";
import { invalidProps } from "../FormField";

type Field = (typeof VERIFY_FIELDS)[number];

/**
 * VerifyCodeForm asks for the code sent to a new number, with "Send a new
 * code" (at most one a minute: the server's 429 is shown as it says it).
 */
export function VerifyCodeForm({ method, onVerified, onClose }: { method: ContactMethod; onVerified: (m: ContactMethod) => void; onClose: () => void }) {
  const api = useApi();
  const id = `verify-code-${method.id}`;
  const [code, setCode] = useState("");
  const [errors, setErrors] = useState<FormErrors<Field>>(NO_ERRORS);
  const [resend, setResend] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState<"verify" | "resend" | null>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    input.current?.focus();
  }, [errors]);

  async function verify(e: FormEvent) {
    e.preventDefault();
    setErrors(NO_ERRORS);
    setResend(null);
    setBusy("verify");
    try {
      const m = await api.verifyContactMethod(method.id, code.replace(/\s+/g, ""));
      onVerified(m);
    } catch (err) {
      setErrors(formErrors(err, VERIFY_FIELDS));
      setBusy(null);
    }
  }

  async function sendAgain() {
    setResend(null);
    setBusy("resend");
    try {
      await api.resendContactCode(method.id);
      setResend({ ok: true, text: method.type === "voice" ? `We are calling ${method.address} with a new code.` : `We sent a new code to ${method.address}.` });
      setErrors(NO_ERRORS);
      setCode("");
    } catch (err) {
      setResend({ ok: false, text: errorMessage(err) });
    } finally {
      setBusy(null);
    }
  }

  const error = errors.fields.code;
  return (
    <form className="form verify-form" aria-label={`Verify ${method.address}`} onSubmit={(e) => void verify(e)} noValidate>
      <p className="verify-form__lead">
        {method.type === "voice" ? `Enter the code we read out in a call to ${method.address}.` : `Enter the code we sent to ${method.address}.`} It expires in 15 minutes.
      </p>
      {errors.form ? (
        <p className="form__error" role="alert">
          {errors.form}
        </p>
      ) : null}
      <div className="form--inline form">
        <div className="form__field">
          <label htmlFor={id}>Code</label>
          <input
            ref={input}
            id={id}
            type="text"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={8}
            className="verify-form__code"
            placeholder="123456"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            {...invalidProps(id, error)}
          />
          <FieldError id={`${id}-error`} message={error} />
        </div>
        <button type="submit" className="button button--primary" disabled={busy !== null}>
          {busy === "verify" ? "Verifying…" : "Verify"}
        </button>
        <button type="button" className="button button--quiet" disabled={busy !== null} onClick={() => void sendAgain()}>
          {busy === "resend" ? "Sending…" : "Send a new code"}
        </button>
        <button type="button" className="button button--quiet" onClick={onClose}>
          Later
        </button>
      </div>
      {resend ? (
        <p className={resend.ok ? "notice notice--success" : "notice notice--error"} role={resend.ok ? "status" : "alert"} data-testid="resend-result">
          {resend.text}
        </p>
      ) : null}
    </form>
  );
}

import type { ReactNode } from "react";
import { FieldError } from "./FieldError";

/**
 * FormField lays out a label, its control and the server's message for it.
 * The control itself (passed as children) carries id, aria-invalid and
 * aria-describedby, so the message is read with it.
 */
export function FormField({
  id,
  label,
  error,
  hint,
  children,
}: {
  id: string;
  label: ReactNode;
  error?: string | undefined;
  hint?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="form__field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint ? <p className="form__hint">{hint}</p> : null}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

/** invalidProps marks a control invalid and ties it to its message. */
export function invalidProps(id: string, error: string | undefined) {
  return error ? { "aria-invalid": true as const, "aria-describedby": `${id}-error` } : {};
}

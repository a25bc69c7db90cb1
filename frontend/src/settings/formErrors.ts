// Where a failed call's message goes in the settings forms: beside the
// control the server's `error.field` names when the form has one, else at
// the top of the form.

import { isApiError } from "../api/client";
import { errorMessage } from "../lib/errors";

export interface FormErrors<F extends string> {
  /** fields holds a message per control. */
  fields: Partial<Record<F, string>>;
  /** form holds a message that belongs to no control. */
  form?: string;
}

export const NO_ERRORS: FormErrors<never> = { fields: {} };

/** PROFILE_FIELDS are the profile form's controls, named as the API names the fields. */
export const PROFILE_FIELDS = ["name", "discipline", "time_zone", "working_hours"] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

/** ADD_NUMBER_FIELDS are the "Add a number" form's controls. */
export const ADD_NUMBER_FIELDS = ["type", "address"] as const;

/** VERIFY_FIELDS is the code form's one control. */
export const VERIFY_FIELDS = ["code"] as const;

/**
 * formErrors places an error: at the control its field names when the form
 * has that control, else at the form. Wrong and expired codes (400 and 409
 * on code) both land at the code; a 409 with no field (Twilio not
 * configured) at the form.
 */
export function formErrors<F extends string>(err: unknown, fields: readonly F[]): FormErrors<F> {
  const message = errorMessage(err);
  const field = isApiError(err) ? err.field?.trim() : undefined;
  if (field && (fields as readonly string[]).includes(field)) {
    return { fields: { [field]: message } as Partial<Record<F, string>> };
  }
  return { fields: {}, form: message };
}

/** firstErrorField is the first control (in form order) with a message, to focus. */
export function firstErrorField<F extends string>(errors: FormErrors<F>, fields: readonly F[]): F | null {
  return fields.find((f) => errors.fields[f]) ?? null;
}

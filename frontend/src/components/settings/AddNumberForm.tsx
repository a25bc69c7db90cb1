import { useEffect, useRef, useState, type FormEvent } from "react";
import { useApi } from "../../api/ApiContext";
import type { ContactMethod, ContactMethodType } from "../../api/types";
import { ADD_NUMBER_FIELDS, NO_ERRORS, firstErrorField, formErrors, type FormErrors } from "../../settings/formErrors";
import { FormField, invalidProps } from "../FormField";

type Field = (typeof ADD_NUMBER_FIELDS)[number];
const IDS: Record<Field, string> = { type: "new-number-type", address: "new-number-address" };

/** AddNumberForm adds a phone number for SMS or calls; Rota sends a code to it. */
export function AddNumberForm({ onAdded }: { onAdded: (m: ContactMethod) => void }) {
  const api = useApi();
  const [type, setType] = useState<ContactMethodType>("sms");
  const [address, setAddress] = useState("");
  const [errors, setErrors] = useState<FormErrors<Field>>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const focus = useRef<Field | null>(null);

  useEffect(() => {
    const f = focus.current;
    focus.current = null;
    if (f) document.getElementById(IDS[f])?.focus();
  }, [errors]);

  async function add(e: FormEvent) {
    e.preventDefault();
    setErrors(NO_ERRORS);
    setBusy(true);
    try {
      const m = await api.addContactMethod({ type, address: address.trim() });
      setAddress("");
      onAdded(m);
    } catch (err) {
      const placed = formErrors(err, ADD_NUMBER_FIELDS);
      focus.current = firstErrorField(placed, ADD_NUMBER_FIELDS);
      setErrors(placed);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form" aria-label="Add a number" onSubmit={(e) => void add(e)} noValidate>
      <h3 className="panel__subtitle">Add a number</h3>
      {errors.form ? (
        <p className="form__error" role="alert">
          {errors.form}
        </p>
      ) : null}
      <div className="form form--inline">
        <FormField id={IDS.type} label="Type" error={errors.fields.type}>
          <select id={IDS.type} value={type} onChange={(e) => setType(e.target.value as ContactMethodType)} {...invalidProps(IDS.type, errors.fields.type)}>
            <option value="sms">SMS</option>
            <option value="voice">Voice call</option>
          </select>
        </FormField>
        <FormField id={IDS.address} label="Phone number" error={errors.fields.address}>
          <input
            id={IDS.address}
            type="tel"
            autoComplete="tel"
            inputMode="tel"
            placeholder="+15551234567"
            value={address}
            onChange={(e) => setAddress(e.target.value)}
            {...invalidProps(IDS.address, errors.fields.address)}
          />
        </FormField>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? "Sending a code…" : "Add number"}
        </button>
      </div>
      <p className="form__hint">
        With the country code, like +15551234567. Rota sends a 6-digit code to it — by SMS, or read out in a call for a voice number — and uses the number once you enter
        the code.
      </p>
    </form>
  );
}

import { useState, type FormEvent } from "react";
import { useApi } from "../../api/ApiContext";
import type { ContactMethod } from "../../api/types";
import { NO_ERRORS, formErrors, type FormErrors } from "../../settings/formErrors";
import { FormField, invalidProps } from "../FormField";

/**
 * AddRoutingKeyForm adds a PagerDuty routing key (a PagerDuty service's
 * Events API v2 integration key) that your pages are forwarded to. It needs
 * no code: it is usable at once.
 */
export function AddRoutingKeyForm({ onAdded }: { onAdded: (m: ContactMethod) => void }) {
  const api = useApi();
  const [key, setKey] = useState("");
  const [errors, setErrors] = useState<FormErrors<"address">>(NO_ERRORS);
  const [busy, setBusy] = useState(false);

  async function add(e: FormEvent) {
    e.preventDefault();
    setErrors(NO_ERRORS);
    setBusy(true);
    try {
      const m = await api.addContactMethod({ type: "pagerduty", address: key.trim() });
      setKey("");
      onAdded(m);
    } catch (err) {
      const placed = formErrors(err, ["address"] as const);
      setErrors(placed);
      if (placed.fields.address) document.getElementById("new-routing-key")?.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form" aria-label="Forward to PagerDuty" onSubmit={(e) => void add(e)} noValidate>
      <h3 className="panel__subtitle">Forward to PagerDuty</h3>
      {errors.form ? (
        <p className="form__error" role="alert">
          {errors.form}
        </p>
      ) : null}
      <div className="form form--inline">
        <FormField id="new-routing-key" label="PagerDuty routing key" error={errors.fields.address}>
          <input id="new-routing-key" type="text" autoComplete="off" className="mono-input" maxLength={64} value={key} onChange={(e) => setKey(e.target.value)} {...invalidProps("new-routing-key", errors.fields.address)} />
        </FormField>
        <button type="submit" className="button" disabled={busy || key.trim() === ""}>
          {busy ? "Adding…" : "Add key"}
        </button>
      </div>
      <p className="form__hint">
        A PagerDuty service&apos;s Events API v2 integration key: your pages are sent there as PagerDuty events, and acknowledging or resolving in Rota
        acknowledges or resolves them in PagerDuty.
      </p>
    </form>
  );
}

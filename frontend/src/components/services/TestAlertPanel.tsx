import { useEffect, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { useApi } from "../../api/ApiContext";
import type { IntakeResult, Severity } from "../../api/types";
import { SEVERITIES } from "../../api/types";
import { errorField, errorMessage } from "../../lib/errors";
import { FormField, invalidProps } from "../FormField";

const OUTCOME: Record<string, string> = {
  created: "Alert created.",
  deduplicated: "Folded into the open alert with the same dedup key.",
  acknowledged: "Acknowledged the open alert.",
  resolved: "Resolved the open alert.",
  dropped: "Dropped: nothing to do for this event.",
};

type Field = "key" | "summary" | "severity" | "dedup_key";

/**
 * TestAlertPanel sends an alert through the generic intake with an
 * integration key, as a monitor would, so the whole flow can be seen end to
 * end: intake, routing, escalation, pages. The key is the one just created,
 * or pasted.
 */
export function TestAlertPanel({ serviceName, suggestedKey }: { serviceName: string; suggestedKey: string }) {
  const api = useApi();
  const [key, setKey] = useState(suggestedKey);
  const [summary, setSummary] = useState(`Test alert for ${serviceName}`);
  const [severity, setSeverity] = useState<Severity>("critical");
  const [dedupKey, setDedupKey] = useState("");
  const [result, setResult] = useState<IntakeResult | null>(null);
  const [errors, setErrors] = useState<Partial<Record<Field | "form", string>>>({});
  const [busy, setBusy] = useState(false);

  // A key created after the form was shown is offered too.
  useEffect(() => {
    if (suggestedKey) setKey(suggestedKey);
  }, [suggestedKey]);

  async function send(e: FormEvent) {
    e.preventDefault();
    setErrors({});
    setResult(null);
    if (!key.trim()) {
      setErrors({ key: "Paste a generic integration key of this service (or create one above)." });
      return;
    }
    setBusy(true);
    try {
      const res = await api.sendGenericAlert(key.trim(), {
        summary: summary.trim(),
        severity,
        source: "rota web app",
        dedup_key: dedupKey.trim() || undefined,
        details: { sent_from: "Services page test form" },
      });
      setResult(res.result);
    } catch (err) {
      const f = errorField(err);
      if (f === "summary" || f === "severity" || f === "dedup_key") setErrors({ [f]: errorMessage(err) });
      else setErrors({ key: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  }

  const id = (f: Field) => `test-alert-${f}`;
  return (
    <section className="panel" aria-labelledby="test-alert-title">
      <h2 className="panel__title" id="test-alert-title">
        Send a test alert
      </h2>
      <p className="form__hint">Posts to the generic intake with an integration key, as a monitor would. The alert pages whoever the escalation policy says.</p>
      <form className="form" aria-label="Send a test alert" onSubmit={(e) => void send(e)} noValidate>
        <div className="form__grid">
          <FormField id={id("key")} label="Integration key (generic)" error={errors.key}>
            <input id={id("key")} type="text" className="mono-input" value={key} autoComplete="off" spellCheck={false} onChange={(e) => setKey(e.target.value)} {...invalidProps(id("key"), errors.key)} />
          </FormField>
          <FormField id={id("severity")} label="Severity" error={errors.severity}>
            <select id={id("severity")} value={severity} onChange={(e) => setSeverity(e.target.value as Severity)} {...invalidProps(id("severity"), errors.severity)}>
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </FormField>
        </div>
        <div className="form__grid">
          <FormField id={id("summary")} label="Summary" error={errors.summary}>
            <input id={id("summary")} type="text" value={summary} maxLength={1024} onChange={(e) => setSummary(e.target.value)} {...invalidProps(id("summary"), errors.summary)} />
          </FormField>
          <FormField id={id("dedup_key")} label="Dedup key (optional)" error={errors.dedup_key} hint="Send twice with the same key to see deduplication (×2).">
            <input id={id("dedup_key")} type="text" value={dedupKey} maxLength={255} onChange={(e) => setDedupKey(e.target.value)} {...invalidProps(id("dedup_key"), errors.dedup_key)} />
          </FormField>
        </div>
        <div className="form__actions form__actions--start">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? "Sending…" : "Send test alert"}
          </button>
          {result ? (
            <span className="notice notice--success test-alert__result" role="status">
              {OUTCOME[result.outcome] ?? result.outcome}{" "}
              {result.alert_id ? <Link to={`/alerts/${encodeURIComponent(result.alert_id)}`}>Open the alert</Link> : null}
            </span>
          ) : null}
        </div>
      </form>
    </section>
  );
}

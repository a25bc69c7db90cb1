import { useState, type FormEvent } from "react";
import { useApi } from "../../api/ApiContext";
import type { LoadThresholds, TeamLoad } from "../../api/types";
import { errorField, errorMessage } from "../../lib/errors";
import { FormField } from "../FormField";

/** FIELDS are the thresholds a team admin can set, with what each flags. */
const FIELDS: { key: keyof LoadThresholds; label: string; hint: string; step?: string }[] = [
  { key: "sleep_interruptions", label: "Sleep-hour interruptions in 7 days", hint: "Flag at this many or more." },
  { key: "incidents_per_shift", label: "Incidents per 12-hour shift", hint: "Flag above this many." },
  { key: "oncall_share", label: "On-call share of 4 weeks (%)", hint: "Flag above this percentage." },
  { key: "unfair_share", label: "Share of the team's interruptions", hint: "Flag above this multiple of the fair share.", step: "0.1" },
  { key: "min_rotation", label: "Smallest rotation", hint: "Flag a rotation with fewer engineers." },
  { key: "shadow_shifts", label: "Shadow shifts before business hours", hint: "A learner is ready after this many." },
  { key: "business_hours_shifts", label: "Business-hours shifts before the full rotation", hint: "A learner is ready after this many." },
];

/** ThresholdsPanel lets a team admin change the team's burnout limits; the server names a bad field. */
export function ThresholdsPanel({ team, onChanged }: { team: TeamLoad; onChanged: () => void }) {
  const api = useApi();
  const [draft, setDraft] = useState<Record<string, string>>(() => Object.fromEntries(FIELDS.map((f) => [f.key, String(team.thresholds[f.key])])));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [saved, setSaved] = useState("");
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setSaved("");
    try {
      const body = Object.fromEntries(FIELDS.map((f) => [f.key, Number(draft[f.key] ?? "0")])) as unknown as LoadThresholds;
      await api.setLoadThresholds(team.id, body);
      setSaved("Limits saved.");
      onChanged();
    } catch (err: unknown) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const bad = errorField(error);
  return (
    <section className="panel" aria-labelledby="load-limits-title">
      <h2 className="panel__title" id="load-limits-title">
        Limits
      </h2>
      <form className="form" aria-label="Load limits" onSubmit={(e) => void save(e)} noValidate>
        {error && !bad ? (
          <p className="form__error" role="alert">
            {errorMessage(error)}
          </p>
        ) : null}
        <div className="form__grid">
          {FIELDS.map((f) => (
            <FormField key={f.key} id={`limit-${f.key}`} label={f.label} hint={f.hint} error={bad === f.key ? errorMessage(error) : undefined}>
              <input
                id={`limit-${f.key}`}
                type="number"
                min="0"
                step={f.step ?? "1"}
                value={draft[f.key] ?? ""}
                onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}
                aria-invalid={bad === f.key ? true : undefined}
                aria-describedby={bad === f.key ? `limit-${f.key}-error` : undefined}
              />
            </FormField>
          ))}
        </div>
        <div className="form__actions form__actions--start">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? "Saving…" : "Save limits"}
          </button>
          <span className="muted" role="status">
            {saved}
          </span>
        </div>
      </form>
    </section>
  );
}

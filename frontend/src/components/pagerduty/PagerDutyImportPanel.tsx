import { useState } from "react";
import { useApi } from "../../api/ApiContext";
import type { PagerDutyImport } from "../../api/pagerduty";
import { errorMessage } from "../../lib/errors";
import { PagerDutyImportResult } from "./PagerDutyImportResult";

/**
 * PagerDutyImportPanel previews an import (a dry run: the plan, what is
 * skipped or changed, and each schedule's faithfulness) and then applies
 * it. Applying reads PagerDuty again, so the result shows what was done.
 */
export function PagerDutyImportPanel({ connected, onRan }: { connected: boolean; onRan: () => void }) {
  const api = useApi();
  const [busy, setBusy] = useState<"" | "preview" | "apply">("");
  const [result, setResult] = useState<PagerDutyImport | null>(null);
  const [error, setError] = useState("");

  async function run(dryRun: boolean) {
    setBusy(dryRun ? "preview" : "apply");
    setError("");
    try {
      setResult(await api.importPagerDuty({ dry_run: dryRun }));
    } catch (err) {
      setError(errorMessage(err));
      setResult(null);
    } finally {
      setBusy("");
      onRan();
    }
  }

  const previewed = result !== null && result.dry_run && result.status === "ok";
  return (
    <section className="panel" aria-labelledby="pd-import-title">
      <h2 className="panel__title" id="pd-import-title">
        Import
      </h2>
      <p className="muted">
        Users (by email), teams, schedules with their layers and overrides, escalation policies and services with their integrations. What an
        earlier import made is recognised by its PagerDuty id, so a re-run changes only what changed.
      </p>
      {!connected ? <p className="notice notice--info">Connect PagerDuty first.</p> : null}
      <div className="form__actions form__actions--start">
        <button type="button" className="button" disabled={!connected || busy !== ""} onClick={() => void run(true)}>
          {busy === "preview" ? "Reading PagerDuty…" : "Preview import"}
        </button>
        {previewed ? (
          <button type="button" className="button button--primary" disabled={busy !== ""} onClick={() => void run(false)}>
            {busy === "apply" ? "Importing…" : "Apply import"}
          </button>
        ) : null}
      </div>
      {error !== "" ? (
        <div className="notice notice--error" role="alert">
          <span>{error}</span>
        </div>
      ) : null}
      {result ? <PagerDutyImportResult result={result} /> : null}
    </section>
  );
}

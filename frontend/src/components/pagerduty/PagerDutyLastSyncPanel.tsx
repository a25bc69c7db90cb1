import type { PagerDutySync } from "../../api/pagerduty";
import { formatInstant } from "../../lib/time";
import { PagerDutyImportResult } from "./PagerDutyImportResult";

/** PagerDutyLastSyncPanel shows the last import (applied or previewed) and the last mirror run. */
export function PagerDutyLastSyncPanel({ sync }: { sync: PagerDutySync }) {
  const last = sync.last_import;
  const applied = sync.last_applied_import;
  const mirror = sync.last_mirror;
  return (
    <section className="panel" aria-labelledby="pd-last-title">
      <h2 className="panel__title" id="pd-last-title">
        Last sync
      </h2>
      {!last && !mirror ? <p className="muted">Nothing has been imported from PagerDuty yet.</p> : null}
      {applied ? (
        <PagerDutyImportResult result={applied} />
      ) : last ? (
        <p className="muted">Nothing has been applied yet.</p>
      ) : null}
      {last && applied && last.id !== applied.id ? (
        <p className="muted" data-testid="pd-last-preview">
          Since then: a {last.status === "failed" ? "failed " : ""}
          {last.dry_run ? "preview" : "run"} on {formatInstant(last.finished_at)}.
        </p>
      ) : null}
      {last && !applied ? <PagerDutyImportResult result={last} /> : null}
      {mirror ? (
        <>
          <h3 className="panel__subtitle">Mirror</h3>
          <p data-testid="pd-last-mirror">
            {mirror.status === "failed"
              ? `Mirroring ${mirror.schedule} into PagerDuty schedule ${mirror.pagerduty_schedule} failed: ${mirror.error}`
              : `${mirror.schedule} (${mirror.tier}) into PagerDuty schedule ${mirror.pagerduty_schedule}: ${mirror.created} created, ${mirror.deleted} deleted, ${mirror.kept} kept`}{" "}
            <span className="muted">({formatInstant(mirror.from)})</span>
          </p>
        </>
      ) : null}
    </section>
  );
}

import type { PagerDutyImport, PagerDutySync } from "../../api/pagerduty";
import { formatInstant } from "../../lib/time";
import { faithfulnessText, importHeadline } from "../../settings/pagerduty";
import { ToneBadge } from "../ToneBadge";
import { PagerDutyImportResult } from "./PagerDutyImportResult";

function statusBadge(r: PagerDutyImport) {
  const failed = r.status === "failed";
  return (
    <ToneBadge tone={failed ? "danger" : r.dry_run ? "info" : "success"} testId="pd-last-status">
      {failed ? "failed" : r.dry_run ? "preview" : "applied"}
    </ToneBadge>
  );
}

/** ImportSummary is one import in a line or two, its details folded away. */
function ImportSummary({ result, testId }: { result: PagerDutyImport; testId: string }) {
  return (
    <div data-testid={testId}>
      <p>
        {statusBadge(result)} <span data-testid={`${testId}-headline`}>{importHeadline(result)}</span>{" "}
        <span className="muted">({formatInstant(result.finished_at)})</span>
      </p>
      {result.status === "failed" ? <p className="muted">{result.error}</p> : <p className="muted">{faithfulnessText(result)}</p>}
      <details>
        <summary>Differences and details</summary>
        <PagerDutyImportResult result={result} />
      </details>
    </div>
  );
}

/**
 * PagerDutyLastSyncPanel shows the last applied import (its status and what
 * differed from PagerDuty), a later preview or failure if there was one, and
 * the last mirror run.
 */
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
      {applied ? <ImportSummary result={applied} testId="pd-last-applied" /> : last ? <p className="muted">No import has been applied yet.</p> : null}
      {last && last.id !== applied?.id ? <ImportSummary result={last} testId="pd-last-run" /> : null}
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

import type { PagerDutyImport, PagerDutyProblem } from "../../api/pagerduty";
import { formatInstant } from "../../lib/time";
import { faithfulnessText, importHeadline, planLineKind } from "../../settings/pagerduty";
import { ToneBadge } from "../ToneBadge";

function ProblemList({ title, problems, testId }: { title: string; problems: PagerDutyProblem[]; testId: string }) {
  if (problems.length === 0) return null;
  return (
    <>
      <h4 className="section-title">
        {title} ({problems.length})
      </h4>
      <ul className="compact-list" data-testid={testId}>
        {problems.map((p, i) => (
          <li key={i}>{p.text}</li>
        ))}
      </ul>
    </>
  );
}

/**
 * PagerDutyImportResult shows one import: what it planned or did, what
 * PagerDuty has that was skipped or changed, and per schedule whether
 * Rota's on-call matches PagerDuty's final schedule.
 */
export function PagerDutyImportResult({ result }: { result: PagerDutyImport }) {
  const failed = result.status === "failed";
  return (
    <div className="pd-import" data-testid="pd-import-result">
      <h3 className="panel__subtitle">
        <ToneBadge tone={failed ? "danger" : result.dry_run ? "info" : "success"} testId="pd-import-status">
          {failed ? "failed" : result.dry_run ? "preview" : "applied"}
        </ToneBadge>{" "}
        <span data-testid="pd-import-headline">{importHeadline(result)}</span>
      </h3>
      <p className="muted">
        {formatInstant(result.finished_at)}
        {result.fetched
          ? ` · read ${result.fetched.users} users, ${result.fetched.teams} teams, ${result.fetched.schedules} schedules, ${result.fetched.escalation_policies} escalation policies, ${result.fetched.services} services`
          : ""}
      </p>
      {failed ? (
        <div className="notice notice--error" role="alert">
          <span>{result.error}</span>
        </div>
      ) : null}
      {result.error_lines.length > 0 ? (
        <ul className="compact-list" data-testid="pd-import-errors">
          {result.error_lines.map((l, i) => (
            <li key={i}>{l}</li>
          ))}
        </ul>
      ) : null}
      {result.summary !== "" ? (
        <>
          <h4 className="section-title">Plan</h4>
          {result.plan.length === 0 ? (
            <p className="muted">No changes: Rota already matches PagerDuty.</p>
          ) : (
            <ul className="compact-list pd-plan" data-testid="pd-plan">
              {result.plan.map((l, i) => (
                <li key={i} className={`pd-plan__line pd-plan__line--${planLineKind(l)}`}>
                  <code>{l}</code>
                </li>
              ))}
            </ul>
          )}
          <p data-testid="pd-plan-summary">{result.summary}</p>
          {result.notes.map((n, i) => (
            <p key={i} className="muted">
              {n}
            </p>
          ))}
        </>
      ) : null}
      <ProblemList title="Skipped" problems={result.skipped} testId="pd-skipped" />
      <ProblemList title="Changed" problems={result.changed} testId="pd-changed" />
      {result.checks.length > 0 ? (
        <>
          <h4 className="section-title">Faithfulness</h4>
          <p data-testid="pd-faithfulness">{faithfulnessText(result)}</p>
          <div className="table-scroll">
            <table className="table" data-testid="pd-checks">
              <thead>
                <tr>
                  <th scope="col">Schedule</th>
                  <th scope="col">Compared</th>
                  <th scope="col">Result</th>
                </tr>
              </thead>
              <tbody>
                {result.checks.map((c) => (
                  <tr key={c.pagerduty_id}>
                    <td>
                      {c.team}/{c.name}
                    </td>
                    <td>
                      {formatInstant(c.from)} – {formatInstant(c.to)}
                    </td>
                    <td>
                      {c.faithful ? (
                        <ToneBadge tone="success">same on-call</ToneBadge>
                      ) : (
                        <>
                          <ToneBadge tone="warning">{`${c.total_differences} difference(s)`}</ToneBadge>
                          <ul className="compact-list">
                            {c.differences.slice(0, 10).map((d, i) => (
                              <li key={i}>{d}</li>
                            ))}
                          </ul>
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </div>
  );
}

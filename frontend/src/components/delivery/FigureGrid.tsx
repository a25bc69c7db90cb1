import type { Figures, PageLoad } from "../../api/types";
import { INCIDENT_SEVERITIES } from "../../api/types";
import { formatRate, formatSeconds } from "../../incidents/display";

function Figure({ term, value, note, testId }: { term: string; value: string; note?: string; testId: string }) {
  return (
    <div className="figure" data-testid={testId}>
      <dt>{term}</dt>
      <dd>
        <span data-testid={`${testId}-value`}>{value}</span>
        {note ? <span className="figure__note">{note}</span> : null}
      </dd>
    </div>
  );
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * FigureGrid shows the period's headline numbers, the ones dev and ops
 * share: how often they deploy, how often a deploy hurts, how fast a
 * commit ships and how fast incidents are acknowledged and resolved, the
 * incidents by severity, the follow-up still open and the pager load.
 */
export function FigureGrid({ totals, load }: { totals: Figures; load: PageLoad | null }) {
  const bySev = INCIDENT_SEVERITIES.map((s) => `${s} ${totals.incidents_by_severity?.[s] ?? 0}`).join(" · ");
  return (
    <dl className="figure-grid" aria-label="Delivery figures">
      <Figure
        testId="fig-deployments"
        term="Deployments"
        value={String(totals.deployments)}
        note={totals.deployments_per_week !== undefined ? `${Math.round(totals.deployments_per_week * 10) / 10} a week` : undefined}
      />
      <Figure
        testId="fig-change-fail-rate"
        term="Change fail rate"
        value={formatRate(totals.change_fail_rate, totals.deployments)}
        note={totals.deployments > 0 ? `${totals.failed_deployments ?? 0} of ${plural(totals.deployments, "deploy", "deploys")} followed by an incident within 24 h` : "no deploys"}
      />
      <Figure
        testId="fig-lead-time"
        term="Median lead time"
        value={formatSeconds(totals.lead_time_seconds, totals.lead_time_samples)}
        note={totals.lead_time_samples !== undefined ? `commit → deploy, over ${plural(totals.lead_time_samples, "deploy", "deploys")}` : undefined}
      />
      <Figure
        testId="fig-mtta"
        term="MTTA"
        value={formatSeconds(totals.mtta_seconds, totals.acknowledged)}
        note={totals.acknowledged !== undefined ? `detected → acknowledged, ${plural(totals.acknowledged, "incident", "incidents")}` : undefined}
      />
      <Figure
        testId="fig-mttr"
        term="MTTR"
        value={formatSeconds(totals.mttr_seconds, totals.resolved)}
        note={totals.resolved !== undefined ? `detected → resolved, ${plural(totals.resolved, "incident", "incidents")}` : undefined}
      />
      <Figure testId="fig-incidents" term="Incidents" value={String(totals.incidents)} note={bySev} />
      <Figure
        testId="fig-action-items"
        term="Open action items"
        value={String(totals.open_action_items ?? 0)}
        note={`${totals.overdue_action_items ?? 0} overdue`}
      />
      {load ? (
        <Figure
          testId="fig-page-load"
          term="Pages to the team"
          value={String(load.pages)}
          note={`${plural(load.interruptions.total, "interruption", "interruptions")}: ${load.interruptions.off_hours} off hours, ${load.interruptions.sleep} in sleep hours`}
        />
      ) : null}
    </dl>
  );
}

import { useMemo } from "react";
import type { WeekFigures } from "../../api/types";
import { deploymentsChart, recoveryChart, severityChart } from "../../delivery/charts";
import { weekLabel } from "../../delivery/period";
import { formatRate, formatSeconds } from "../../incidents/display";
import { ChartCanvas } from "./ChartCanvas";

/**
 * WeeklyTrend draws the weeks of the period (Monday to Monday in the team's
 * zone): deployments with the change fail rate, MTTA and MTTR, and
 * incidents by severity; the same numbers follow as a table.
 */
export function WeeklyTrend({ weeks, zone }: { weeks: readonly WeekFigures[]; zone: string }) {
  const deploys = useMemo(() => deploymentsChart(weeks, zone), [weeks, zone]);
  const recovery = useMemo(() => recoveryChart(weeks, zone), [weeks, zone]);
  const severity = useMemo(() => severityChart(weeks, zone), [weeks, zone]);
  if (weeks.length === 0) return <p className="muted">No whole or partial weeks in this period.</p>;
  return (
    <>
      <div className="chart-grid">
        <figure className="figure">
          <figcaption className="panel__subtitle">Deployments and change fail rate</figcaption>
          <ChartCanvas config={deploys} label="Deployments and change fail rate per week" testId="chart-deployments" />
        </figure>
        <figure className="figure">
          <figcaption className="panel__subtitle">Time to acknowledge and resolve</figcaption>
          <ChartCanvas config={recovery} label="MTTA and MTTR per week, in minutes" testId="chart-recovery" />
        </figure>
        <figure className="figure">
          <figcaption className="panel__subtitle">Incidents by severity</figcaption>
          <ChartCanvas config={severity} label="Incidents per week by severity" testId="chart-severity" />
        </figure>
      </div>
      <details className="weekly-table">
        <summary>The weekly numbers as a table</summary>
        <div className="table-scroll">
          <table className="table table--row-heads" data-testid="weekly-table">
            <thead>
              <tr>
                <th scope="col">Week of</th>
                <th scope="col">Deployments</th>
                <th scope="col">Change fail rate</th>
                <th scope="col">Incidents</th>
                <th scope="col">MTTA</th>
                <th scope="col">MTTR</th>
              </tr>
            </thead>
            <tbody>
              {weeks.map((w) => (
                <tr key={w.from}>
                  <th scope="row">{weekLabel(w, zone)}</th>
                  <td>{w.deployments}</td>
                  <td>{formatRate(w.change_fail_rate, w.deployments)}</td>
                  <td>{w.incidents}</td>
                  <td>{formatSeconds(w.mtta_seconds, w.acknowledged)}</td>
                  <td>{formatSeconds(w.mttr_seconds, w.resolved)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}

import { useEffect, useMemo, useRef } from "react";
import type { ChartConfiguration } from "chart.js";
import type { EngineerLoad, TeamLoad } from "../../api/types";
import { createChart } from "../../lib/chart";
import { localDate } from "../../lib/time";
import { BANDS, bandSeries, heatLevel, heatMax, WEEKDAYS } from "../../load/bands";

/** ChartCanvas draws one Chart.js chart, labelled for screen readers, and redraws it when config changes. */
function ChartCanvas({ config, label, testId }: { config: ChartConfiguration; label: string; testId: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = createChart(ref.current, config);
    return () => chart.destroy();
  }, [config]);
  return (
    <div className="load-chart">
      <canvas ref={ref} role="img" aria-label={label} data-testid={testId} />
    </div>
  );
}

/** BandBars shows each engineer's interruptions stacked by band, with the figures as a table beside. */
export function BandBars({ engineers }: { engineers: readonly EngineerLoad[] }) {
  const config = useMemo<ChartConfiguration>(() => {
    const { labels, series } = bandSeries(engineers);
    return {
      type: "bar",
      data: {
        labels,
        datasets: BANDS.map((b) => ({ label: b.label, data: series[b.key], backgroundColor: b.color, stack: "interruptions" })),
      },
      options: {
        indexAxis: "y",
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true } },
        plugins: { legend: { position: "bottom" } },
      },
    };
  }, [engineers]);
  return (
    <section className="panel" aria-labelledby="load-bars-title">
      <h2 className="panel__title" id="load-bars-title">
        Interruptions per engineer
      </h2>
      <ChartCanvas config={config} label="Interruptions per engineer by band: business, off hours, sleep" testId="load-bars" />
      <table className="load-table" data-testid="load-engineers">
        <thead>
          <tr>
            <th scope="col">Engineer</th>
            <th scope="col">Pages</th>
            <th scope="col">Interruptions</th>
            <th scope="col">Business</th>
            <th scope="col">Off hours</th>
            <th scope="col">Sleep</th>
            <th scope="col">Primary h</th>
            <th scope="col">Secondary h</th>
            <th scope="col">Shadow h</th>
          </tr>
        </thead>
        <tbody>
          {engineers.map((e) => (
            <tr key={e.id} data-testid="load-engineer">
              <th scope="row">{e.name}</th>
              <td>
                {e.pages}
                {e.pruned_pages ? (
                  <span className="muted" title="Their alerts were pruned (retention): counted from daily totals, not as interruptions">
                    {" "}
                    ({e.pruned_pages} from daily totals)
                  </span>
                ) : null}
              </td>
              <td>{e.interruptions.total}</td>
              <td>{e.interruptions.business}</td>
              <td>{e.interruptions.off_hours}</td>
              <td>{e.interruptions.sleep}</td>
              <td>{Math.round(e.hours_on_call.primary)}</td>
              <td>{Math.round(e.hours_on_call.secondary)}</td>
              <td>{Math.round(e.hours_on_call.shadow)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** WeeklyTrend shows the team's interruptions week by week, by band. */
export function WeeklyTrend({ team }: { team: TeamLoad }) {
  const config = useMemo<ChartConfiguration>(
    () => ({
      type: "line",
      data: {
        labels: team.weeks.map((w) => localDate(w.start, team.time_zone ?? "UTC")),
        datasets: BANDS.map((b) => ({
          label: b.label,
          data: team.weeks.map((w) => w.interruptions[b.key]),
          borderColor: b.color,
          backgroundColor: b.color,
          fill: false,
          tension: 0.2,
        })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { position: "bottom" } },
      },
    }),
    [team],
  );
  return (
    <section className="panel" aria-labelledby="load-trend-title">
      <h2 className="panel__title" id="load-trend-title">
        Weekly trend
      </h2>
      <ChartCanvas config={config} label={`Interruptions per week over ${team.weeks.length} weeks, by band`} testId="load-trend" />
    </section>
  );
}

/** HeatMap shows interruptions by hour of the week in the team's zone, darker for more. */
export function HeatMap({ team }: { team: TeamLoad }) {
  const max = heatMax(team.heat_map);
  return (
    <section className="panel" aria-labelledby="load-heat-title">
      <h2 className="panel__title" id="load-heat-title">
        When interruptions come
      </h2>
      <p className="muted">Hour of the week in {team.time_zone ?? "UTC"}; the darkest cells had {max}.</p>
      <div className="load-heat__scroll">
        <table className="load-heat" data-testid="load-heatmap">
          <thead>
            <tr>
              <th scope="col">
                <span className="sr-only">Day</span>
              </th>
              {Array.from({ length: 24 }, (_, h) => (
                <th scope="col" key={h}>
                  {h % 3 === 0 ? String(h).padStart(2, "0") : <span className="sr-only">{String(h).padStart(2, "0")}</span>}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {team.heat_map.map((day, d) => (
              <tr key={d}>
                <th scope="row">{WEEKDAYS[d]}</th>
                {day.map((n, h) => (
                  <td
                    key={h}
                    className={`load-heat__cell load-heat__cell--${heatLevel(n, max)}`}
                    title={`${WEEKDAYS[d]} ${String(h).padStart(2, "0")}:00 — ${n} interruption${n === 1 ? "" : "s"}`}
                    data-count={n}
                  >
                    <span className="sr-only">{n}</span>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

import { useMemo } from "react";
import type { ChartConfiguration, TooltipItem } from "chart.js";
import type { ScheduleWarning, Timeline } from "../../api/types";
import { formatRange } from "../../lib/time";
import { engineersOf, GAP_COLOR, PALETTE, timelineRows, type Bar, type Row } from "../../schedules/timeline";
import { ChartCanvas } from "../delivery/ChartCanvas";

interface Point {
  x: [number, number];
  y: string;
  bar: Bar;
}

const DAY = 24 * 3600 * 1000;

function dayLabel(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric", month: "short", timeZone }).format(new Date(ms));
}

/** timelineChart builds the floating horizontal bars: one category per row, one dataset per engineer, one for gaps. */
export function timelineChart(rows: readonly Row[], t: Timeline): ChartConfiguration {
  const people = engineersOf(rows);
  const datasets = people.map((p, i) => {
    const data: Point[] = [];
    rows.forEach((r) => {
      for (const b of r.bars) if (b.kind !== "gap" && b.userId === p.id) data.push({ x: [b.start, b.end], y: r.label, bar: b });
    });
    const color = PALETTE[i % PALETTE.length]!;
    return {
      label: p.name,
      data,
      backgroundColor: color,
      // An override is outlined: it sits on top of the layers.
      borderColor: data.map((d) => (d.bar.kind === "override" ? "#111827" : color)),
      borderWidth: data.map((d) => (d.bar.kind === "override" ? 3 : 1)),
      borderSkipped: false,
      grouped: false,
      barPercentage: 0.8,
      categoryPercentage: 1,
    };
  });
  const gaps: Point[] = [];
  rows.forEach((r) => {
    for (const b of r.bars) if (b.kind === "gap") gaps.push({ x: [b.start, b.end], y: r.label, bar: b });
  });
  datasets.push({
    label: "Nobody on call",
    data: gaps,
    backgroundColor: GAP_COLOR,
    borderColor: gaps.map(() => GAP_COLOR),
    borderWidth: gaps.map(() => 1),
    borderSkipped: false,
    grouped: false,
    barPercentage: 0.5,
    categoryPercentage: 1,
  });
  const from = Date.parse(t.from);
  const to = Date.parse(t.to);
  return {
    type: "bar",
    data: { labels: rows.map((r) => r.label), datasets },
    options: {
      indexAxis: "y",
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: { xAxisKey: "x", yAxisKey: "y" },
      scales: {
        x: {
          type: "linear",
          min: from,
          max: to,
          position: "top",
          ticks: { stepSize: DAY, autoSkip: true, maxRotation: 0, callback: (v: string | number) => dayLabel(Number(v), t.time_zone) },
          grid: { color: "#e5e7eb" },
        },
        // Each label on two lines (tier, then layer) keeps the bars wide on a phone.
        y: { type: "category", grid: { display: false }, ticks: { callback: (_v: string | number, i: number) => rows[i]?.label.split(" · ") ?? "" } },
      },
      plugins: {
        legend: { position: "bottom" },
        tooltip: {
          callbacks: {
            label: (item: TooltipItem<"bar">) => {
              const p = item.raw as Point;
              const what = p.bar.kind === "override" ? `${p.bar.who} (override)` : p.bar.who;
              return `${what}: ${formatRange(new Date(p.bar.start), new Date(p.bar.end), { timeZone: t.time_zone })}`;
            },
          },
        },
      },
    },
  } as unknown as ChartConfiguration;
}

/**
 * ScheduleTimeline draws a schedule like PagerDuty's timeline: each layer
 * on its own row, then each tier's final schedule with overrides outlined
 * and gaps in red; the same bars follow as a table for those who cannot see
 * the chart.
 */
export function ScheduleTimeline({ timeline, label }: { timeline: Timeline; label: string }) {
  const rows = useMemo(() => timelineRows(timeline), [timeline]);
  const config = useMemo(() => timelineChart(rows, timeline), [rows, timeline]);
  const zone = timeline.time_zone;
  if (rows.length === 0) return <p className="empty">No layers yet: add one to see the timeline.</p>;
  return (
    <div className="timeline" data-testid="schedule-timeline">
      <div className="timeline__chart" style={{ height: `${rows.length * 38 + 90}px` }}>
        <ChartCanvas config={config} label={label} testId="timeline-chart" />
      </div>
      <details className="timeline__details">
        <summary>The timeline as a table</summary>
        <table className="timeline__table" data-testid="timeline-table">
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Who, when ({zone})</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} data-row={r.kind}>
                <th scope="row">{r.label}</th>
                <td>
                  {r.bars.length === 0 ? (
                    <span className="muted">No turns in this range</span>
                  ) : (
                    <ul className="timeline__bars">
                      {r.bars.map((b) => (
                        <li key={`${b.start}-${b.kind}-${b.userId}`} className={`timeline__bar timeline__bar--${b.kind}`}>
                          {b.kind === "override" ? `${b.who} (override)` : b.who}: {formatRange(new Date(b.start), new Date(b.end), { timeZone: zone })}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}

/** TimelineWarnings lists what is allowed but probably not meant; onField, when given, jumps to the input at fault. */
export function TimelineWarnings({ warnings, onField }: { warnings: readonly ScheduleWarning[]; onField?: (w: ScheduleWarning) => void }) {
  if (warnings.length === 0) return null;
  return (
    <ul className="timeline__warnings" aria-label="Warnings" data-testid="timeline-warnings">
      {warnings.map((w) => (
        <li key={`${w.code}-${w.field}-${w.start ?? ""}`} className="notice notice--warning" data-code={w.code}>
          <span>{w.message}</span>
          {onField ? (
            <button type="button" className="button button--small" onClick={() => onField(w)}>
              Show
            </button>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

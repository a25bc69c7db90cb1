// The Delivery dashboard's weekly trend as Chart.js configurations: pure
// functions of the API's weeks, so that the numbers drawn can be tested
// without a canvas.

import type { ChartConfiguration } from "chart.js";
import type { IncidentSeverity, WeekFigures } from "../api/types";
import { INCIDENT_SEVERITIES } from "../api/types";
import { weekLabel } from "./period";

// The app's palette (styles.css): brand, danger, warning, info, neutral.
const BRAND = "#2f5bd3";
const DANGER = "#b42318";
const TEAL = "#0f7b6c";
const SEVERITY_COLOUR: Record<IncidentSeverity, string> = { SEV1: "#b42318", SEV2: "#d97706", SEV3: "#2f5bd3", SEV4: "#6b7280" };

const base = { responsive: true, maintainAspectRatio: false, animation: false as const };

/** deploymentsChart is deployments per week as bars with the change fail rate (%) as a line on its own axis. */
export function deploymentsChart(weeks: readonly WeekFigures[], zone: string): ChartConfiguration<"bar" | "line"> {
  return {
    type: "bar",
    data: {
      labels: weeks.map((w) => weekLabel(w, zone)),
      datasets: [
        { type: "bar", label: "Deployments", data: weeks.map((w) => w.deployments), backgroundColor: BRAND, yAxisID: "y", order: 2 },
        {
          type: "line",
          label: "Change fail rate (%)",
          data: weeks.map((w) => (w.deployments > 0 ? Math.round(w.change_fail_rate * 1000) / 10 : null)),
          borderColor: DANGER,
          backgroundColor: DANGER,
          spanGaps: true,
          pointRadius: 4,
          // A lower order draws on top of the bars.
          order: 1,
          yAxisID: "rate",
        },
      ],
    },
    options: {
      ...base,
      scales: {
        y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: "Deployments" } },
        rate: { position: "right", beginAtZero: true, max: 105, ticks: { stepSize: 25 }, grid: { drawOnChartArea: false }, title: { display: true, text: "Change fail rate (%)" } },
      },
    },
  };
}

const minutes = (s: number, n: number | undefined) => (n === 0 ? null : Math.round((s / 60) * 10) / 10);

/** recoveryChart is MTTA and MTTR per week, in minutes; a week without incidents has no point. */
export function recoveryChart(weeks: readonly WeekFigures[], zone: string): ChartConfiguration<"line"> {
  return {
    type: "line",
    data: {
      labels: weeks.map((w) => weekLabel(w, zone)),
      datasets: [
        { label: "MTTA (min)", data: weeks.map((w) => minutes(w.mtta_seconds, w.acknowledged ?? (w.incidents > 0 ? 1 : 0))), borderColor: "#d97706", backgroundColor: "#d97706", spanGaps: true },
        { label: "MTTR (min)", data: weeks.map((w) => minutes(w.mttr_seconds, w.resolved ?? (w.incidents > 0 ? 1 : 0))), borderColor: TEAL, backgroundColor: TEAL, spanGaps: true },
      ],
    },
    options: { ...base, scales: { y: { beginAtZero: true, title: { display: true, text: "Minutes" } } } },
  };
}

/** severityChart is incidents per week stacked by severity. */
export function severityChart(weeks: readonly WeekFigures[], zone: string): ChartConfiguration<"bar"> {
  return {
    type: "bar",
    data: {
      labels: weeks.map((w) => weekLabel(w, zone)),
      datasets: INCIDENT_SEVERITIES.map((sev) => ({
        label: sev,
        data: weeks.map((w) => w.incidents_by_severity?.[sev] ?? 0),
        backgroundColor: SEVERITY_COLOUR[sev],
        stack: "incidents",
      })),
    },
    options: { ...base, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
  };
}

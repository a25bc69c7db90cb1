// The one place the app builds Chart.js charts: the controllers and scales
// the Load page and the Delivery dashboard use are registered once, here, so that charts stay
// tree-shaken and unit tests can replace this module.

import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from "chart.js";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip, Filler);

/** ChartHandle is what a component keeps of a chart: a way to remove it. */
export interface ChartHandle {
  destroy(): void;
}

/** createChart draws a chart on a canvas; the caller destroys it when the data change or it unmounts. */
export function createChart(canvas: HTMLCanvasElement, config: ChartConfiguration): ChartHandle {
  return new Chart(canvas, config);
}

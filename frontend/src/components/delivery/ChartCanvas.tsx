import { useEffect, useRef } from "react";
import type { ChartConfiguration } from "chart.js";
import { createChart } from "../../lib/chart";

/**
 * ChartCanvas draws one Chart.js chart on a canvas and redraws it when its
 * configuration changes. The canvas is an image named by label; the page
 * gives the same numbers as a table for those who cannot see it.
 */
export function ChartCanvas({ config, label, testId }: { config: ChartConfiguration; label: string; testId?: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const chart = createChart(canvas, config);
    return () => chart.destroy();
  }, [config]);
  return (
    <div className="chart-box">
      <canvas ref={ref} role="img" aria-label={label} data-testid={testId} />
    </div>
  );
}

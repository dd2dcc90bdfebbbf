//! Chart.js for the reports: only the pieces the bar and line charts use are registered (the rest
//! is left out of the bundle), and every text a chart shows is written in the desk's language.

import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import type { Column } from '../../lib/bindings';
import type { Locale } from '../../lib/i18n/translate';
import { formatFigure, type ChartSeries } from '../../lib/reports';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);

/** What one unit of the axis is worth in raw figures: the axis counts whole francs, kilograms,
 *  percents, so that its ticks never fall on a hundredth of a franc. */
const UNIT: Record<ChartSeries['kind'], number> = { count: 1, money: 100, grams: 1000, permille: 10 };

/** The series' colours in order: the app's teal, its danger red, its accent. */
const COLOURS = ['#0b5563', '#a61b1b', '#f2a900'];

export type ChartKind = 'bar' | 'line';

/** The words a chart needs: a series' name, and a tooltip line ("Encaissé : 12 500 F CFA"). */
export interface ChartWords {
  dataset: (column: Column) => string;
  point: (label: string, value: string) => string;
}

/**
 * Draws `series` on `canvas` and returns the chart (the caller destroys it). The axis and the
 * tooltips format the figures in the desk's language. No animation: a report is read, not
 * watched, and the window test takes pictures of it.
 */
export function drawChart(
  canvas: HTMLCanvasElement,
  series: ChartSeries,
  kind: ChartKind,
  locale: Locale,
  words: ChartWords,
): Chart {
  const unit = UNIT[series.kind];
  const format = (value: number): string => formatFigure(series.kind, value * unit, locale);
  const config: ChartConfiguration<ChartKind, number[], string> = {
    type: kind,
    data: {
      labels: [...series.labels],
      datasets: series.datasets.map((dataset, index) => {
        const colour = COLOURS[index % COLOURS.length] ?? '#0b5563';
        return {
          label: words.dataset(dataset.column),
          data: dataset.values.map((value) => value / unit),
          backgroundColor: colour,
          borderColor: colour,
          borderWidth: kind === 'line' ? 2 : 0,
          pointRadius: series.labels.length > 60 ? 0 : 3,
        };
      }),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      locale: locale === 'fr' ? 'fr-FR' : 'en-GB',
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: { ticks: { autoSkip: true, maxRotation: 0 } },
        y: {
          beginAtZero: true,
          ticks: { precision: 0, callback: (value) => format(Number(value)) },
        },
      },
      plugins: {
        legend: { display: series.datasets.length > 1, position: 'bottom' },
        tooltip: {
          callbacks: {
            title: (items) => series.titles[items[0]?.dataIndex ?? 0] ?? '',
            label: (item) => words.point(item.dataset.label ?? '', format(Number(item.raw))),
          },
        },
      },
    },
  };
  return new Chart(canvas, config);
}

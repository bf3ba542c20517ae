/**
 * One small time-series chart over virtual time (x = t), drawn with uPlot on a canvas.
 *
 * Why uPlot and not Recharts: measured with `npm run bench:frames`, Recharts (SVG) cost ~20–30 ms
 * per chart update here, so three charts at 2 Hz dropped 12 % of frames at 100× and 31 % at Max
 * speed, while the page without charts held 60 fps at 100×; uPlot redraws 600 points in well under a
 * millisecond. The chart is created once and fed new columns with `setData`.
 */
import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { MetricsSample } from '../../engine';
import { formatTick, timeTicks } from './timeTicks';

export type SeriesLine = {
  /** Unique among the chart's lines. */
  key: string;
  value(sample: MetricsSample): number;
  name: string;
  color: string;
  /** Drawn against a second axis on the right, in its own unit. */
  right?: { format(value: number): string };
};

type Props = {
  title: string;
  unit: string;
  data: readonly MetricsSample[];
  lines: readonly SeriesLine[];
  format(value: number): string;
  /** Shown instead of the chart while there is no data yet. */
  emptyText: string;
};

const FONT = '11px system-ui, -apple-system, "Segoe UI", sans-serif';
const AXIS_COLOR = '#6b7280';
const GRID_COLOR = '#eef0f3';

function columns(data: readonly MetricsSample[], lines: readonly SeriesLine[]): uPlot.AlignedData {
  return [data.map((s) => s.t), ...lines.map((l) => data.map((s) => l.value(s)))];
}

export function ChartCard({ title, unit, data, lines, format, emptyText }: Props) {
  const plotRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<uPlot | null>(null);
  /** The values under the cursor, shown in the header while hovering. */
  const [hover, setHover] = useState<string | null>(null);
  const rightFormat = lines.find((l) => l.right)?.right?.format;

  useEffect(() => {
    const element = plotRef.current;
    if (!element) return;
    const chart = new uPlot(
      {
        width: Math.max(element.clientWidth, 50),
        height: Math.max(element.clientHeight, 50),
        legend: { show: false },
        cursor: { drag: { x: false, y: false }, points: { size: 6 } },
        scales: {
          x: { time: false },
          y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.08 : 1] },
          right: { range: (_u, _min, max) => [0, max > 0 ? max * 1.08 : 1] },
        },
        axes: [
          {
            stroke: AXIS_COLOR,
            font: FONT,
            grid: { show: false },
            ticks: { show: false },
            size: 24,
            splits: (u) => timeTicks(u.scales['x']?.min ?? 0, u.scales['x']?.max ?? 0),
            values: (_u, splits) => splits.map(formatTick),
          },
          {
            stroke: AXIS_COLOR,
            font: FONT,
            grid: { stroke: GRID_COLOR, width: 1 },
            ticks: { show: false },
            size: 48,
            values: (_u, splits) => splits.map(format),
          },
          ...(rightFormat
            ? [
                {
                  scale: 'right',
                  side: 1,
                  stroke: AXIS_COLOR,
                  font: FONT,
                  grid: { show: false },
                  ticks: { show: false },
                  size: 44,
                  values: (_u: uPlot, splits: number[]) => splits.map(rightFormat),
                },
              ]
            : []),
        ],
        series: [
          {},
          ...lines.map((l) => ({
            label: l.name,
            stroke: l.color,
            width: 1.8,
            points: { show: false },
            ...(l.right ? { scale: 'right', dash: [5, 3] } : {}),
          })),
        ],
        hooks: {
          setCursor: [
            (u) => {
              const i = u.cursor.idx;
              if (i === null || i === undefined) {
                setHover(null);
                return;
              }
              const t = u.data[0][i];
              const parts = lines.map(
                (l, k) => `${l.name} ${(l.right?.format ?? format)(Number(u.data[k + 1]?.[i] ?? 0))}`,
              );
              setHover(t === undefined ? null : `t = ${formatTick(t)} · ${parts.join(' · ')}`);
            },
          ],
        },
      },
      columns([], lines),
      element,
    );
    chartRef.current = chart;
    const resize = new ResizeObserver(() => {
      chart.setSize({ width: Math.max(element.clientWidth, 50), height: Math.max(element.clientHeight, 50) });
    });
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
      chartRef.current = null;
    };
  }, [lines, format, rightFormat]);

  useEffect(() => {
    chartRef.current?.setData(columns(data, lines));
  }, [data, lines]);

  return (
    <section className="chart-card" aria-label={title}>
      <header className="chart-card__head">
        <h3>{title}</h3>
        <span className="chart-card__unit">{unit}</span>
        <ul className="chart-card__legend">
          {lines.map((l) => (
            <li key={l.key}>
              <span
                className={`legend-line${l.right ? ' legend-line--right' : ''}`}
                style={{ color: l.color, background: l.right ? undefined : l.color }}
              />
              {l.name}
            </li>
          ))}
        </ul>
      </header>
      <div className="chart-card__plot" data-points={data.length}>
        <div ref={plotRef} className="chart-card__canvas" />
        {data.length === 0 && <p className="chart-card__empty">{emptyText}</p>}
        {hover && <p className="chart-card__readout">{hover}</p>}
      </div>
    </section>
  );
}

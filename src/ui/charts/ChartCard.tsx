/** One small time-series chart over virtual time (x = t in seconds), Recharts with animation off. */
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricsSample } from '../../engine';
import { useStaggered } from '../hooks/useStaggered';
import { formatTick, timeTicks } from './timeTicks';

export type SeriesLine = { key: keyof MetricsSample; name: string; color: string };

type Props = {
  title: string;
  unit: string;
  data: readonly MetricsSample[];
  lines: readonly SeriesLine[];
  format(value: number): string;
  /** Shown instead of the chart while there is no data yet. */
  emptyText: string;
  /** Position among sibling charts: each redraws ~80 ms after the previous one (see useStaggered). */
  stagger: number;
};

const STAGGER_MS = 80;

const tickStyle = { fontSize: 11, fill: '#6b7280' };

export function ChartCard({ title, unit, data: latest, lines, format, emptyText, stagger }: Props) {
  const data = useStaggered(latest, stagger * STAGGER_MS);
  const first = data[0]?.t ?? 0;
  const last = data[data.length - 1]?.t ?? 0;
  return (
    <section className="chart-card" aria-label={title}>
      <header className="chart-card__head">
        <h3>{title}</h3>
        <span className="chart-card__unit">{unit}</span>
        <ul className="chart-card__legend">
          {lines.map((l) => (
            <li key={l.key}>
              <span className="legend-line" style={{ background: l.color }} />
              {l.name}
            </li>
          ))}
        </ul>
      </header>
      <div className="chart-card__plot" data-points={data.length}>
        {data.length === 0 ? (
          <p className="chart-card__empty">{emptyText}</p>
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={data as MetricsSample[]} margin={{ top: 6, right: 12, bottom: 0, left: 0 }}>
              <CartesianGrid stroke="#eef0f3" vertical={false} />
              <XAxis
                dataKey="t"
                type="number"
                domain={[first, last]}
                ticks={timeTicks(first, last)}
                tickFormatter={formatTick}
                tick={tickStyle}
                tickLine={false}
                axisLine={{ stroke: '#e3e6eb' }}
              />
              <YAxis
                tick={tickStyle}
                tickLine={false}
                axisLine={false}
                width={48}
                tickFormatter={format}
                allowDecimals={false}
              />
              <Tooltip
                isAnimationActive={false}
                labelFormatter={(t) => `t = ${formatTick(Number(t))}`}
                formatter={(v) => format(Number(v))}
                contentStyle={{ fontSize: 12, borderRadius: 8, borderColor: '#e3e6eb' }}
              />
              {lines.map((l) => (
                <Line
                  key={l.key}
                  type="linear"
                  dataKey={l.key}
                  name={l.name}
                  stroke={l.color}
                  strokeWidth={1.8}
                  dot={false}
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        )}
      </div>
    </section>
  );
}

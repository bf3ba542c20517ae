/**
 * Thins a metrics series for drawing: a chart a few hundred pixels wide shows no more than about
 * one point per 1–2 pixels, and Recharts' cost grows with the points it draws. Buckets of
 * consecutive samples become one point: rates are averaged (their area is kept), lag and latency
 * percentiles keep the bucket's maximum (a spike never disappears).
 */
import type { MetricsSample } from '../../engine';

export const MAX_DRAWN_POINTS = 240;

export function decimate(series: readonly MetricsSample[], maxPoints = MAX_DRAWN_POINTS): readonly MetricsSample[] {
  if (series.length <= maxPoints) return series;
  const size = Math.ceil(series.length / maxPoints);
  const out: MetricsSample[] = [];
  for (let start = 0; start < series.length; start += size) {
    const bucket = series.slice(start, start + size);
    const last = bucket[bucket.length - 1] as MetricsSample;
    const mean = (key: 'producedPerSec' | 'consumedPerSec') =>
      bucket.reduce((sum, s) => sum + s[key], 0) / bucket.length;
    const max = (key: 'lag' | 'p50' | 'p95' | 'p99') => bucket.reduce((m, s) => Math.max(m, s[key]), 0);
    out.push({
      t: last.t,
      producedPerSec: mean('producedPerSec'),
      consumedPerSec: mean('consumedPerSec'),
      lag: max('lag'),
      p50: max('p50'),
      p95: max('p95'),
      p99: max('p99'),
    });
  }
  return out;
}

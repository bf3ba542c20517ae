#!/usr/bin/env node
/**
 * Frame-time probe (a first cut of BENCH.md (c)): the built app in Debian's Chromium at
 * 1280×800, the default scenario with a 24-hour run (so Max is still running while measured), charts panel open. Records
 * requestAnimationFrame deltas for 5 s paused (baseline), at 100× and at Max speed, and long
 * tasks. Needs `npm run build` first. Prints figures; asserts nothing.
 */
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';

const PORT = 4175;
// Its own process group, so that stopping it also stops the vite process npx starts.
const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'], {
  stdio: 'ignore',
  detached: true,
});
const executablePath = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
try {
  await waitForServer(`http://127.0.0.1:${PORT}/`);
  const browser = await chromium.launch({ ...(executablePath ? { executablePath } : {}), args: ['--disable-gpu'] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`http://127.0.0.1:${PORT}/`);
  await page.waitForSelector('.react-flow__node');
  const duration = page.getByLabel('Duration');
  await duration.fill('86400');
  await duration.press('Enter');
  console.log(`frame times over 5 s (load average ${os.loadavg()[0]?.toFixed(2)}, ${browser.version()})`);
  await report(page, 'paused (baseline)');
  await page.getByLabel('Speed').selectOption('100');
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForTimeout(1500);
  await report(page, '100×');
  await page.getByLabel('Speed').selectOption('max');
  await page.waitForTimeout(1500);
  await report(page, 'max');
  const points = await page.evaluate(() => window.__eventscope.store.getState().series.length);
  console.log(`chart points kept in the store: ${points}`);
  await browser.close();
} finally {
  process.kill(-server.pid, 'SIGTERM');
}

async function report(page, label) {
  const r = await page.evaluate(async () => {
    const deltas = [];
    let longTasks = 0;
    const observer = new PerformanceObserver((list) => {
      longTasks += list.getEntries().length;
    });
    observer.observe({ entryTypes: ['longtask'] });
    await new Promise((resolve) => {
      let last = performance.now();
      const end = last + 5000;
      const frame = (t) => {
        deltas.push(t - last);
        last = t;
        if (t < end) requestAnimationFrame(frame);
        else resolve();
      };
      requestAnimationFrame(frame);
    });
    observer.disconnect();
    deltas.sort((a, b) => a - b);
    const q = (p) => deltas[Math.floor(p * (deltas.length - 1))];
    const over = deltas.filter((d) => d > 33).length;
    return { frames: deltas.length, median: q(0.5), p95: q(0.95), over33: (100 * over) / deltas.length, longTasks };
  });
  console.log(
    `  ${label.padEnd(18)} ${String(r.frames).padStart(4)} frames, median ${r.median.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, ` +
      `${r.over33.toFixed(1)} % over 33 ms, ${r.longTasks} long tasks`,
  );
}

async function waitForServer(url) {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no server at ${url}`);
}

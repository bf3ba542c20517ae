/** A simulation worker that dies mid-run is replaced, the run resumes, and the user is told. */
import { expect, test } from '@playwright/test';
import type { EngineClient } from '../src/worker/engineClient';

declare global {
  interface Window {
    __eventscope?: { client: EngineClient };
    __lastFrameTime?: number;
  }
}

test('a crashed worker is restarted and the user is told', async ({ page }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto('/');
  await page.waitForFunction(() => window.__eventscope !== undefined);
  await page.evaluate(() => {
    window.__eventscope!.client.onFrame((frame) => {
      window.__lastFrameTime = frame.timeMs;
    });
  });
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForFunction(() => (window.__lastFrameTime ?? 0) > 500);

  await page.evaluate(() => window.__eventscope!.client.crashForTest());
  await expect(page.getByRole('status').filter({ hasText: 'restarted' })).toBeVisible({ timeout: 15_000 });

  // The replacement worker runs the scenario again from t = 0, still playing.
  await page.evaluate(() => {
    window.__lastFrameTime = -1;
  });
  await page.waitForFunction(() => (window.__lastFrameTime ?? -1) > 300, undefined, { timeout: 15_000 });
  await page.screenshot({ path: 'test-results/screenshots/worker-restarted.png' });
  expect(pageErrors).toEqual([]);
});

/**
 * Journey: crash a consumer from the inspector while the default scenario runs, watch the group
 * wait for the session timeout, hand the partitions over and count the records processed twice;
 * then reset the group's offsets to earliest and watch it replay. The triggered actions are
 * recorded in the scenario, so the file replays the same run.
 */
import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { SHOTS, watchForErrors } from './support';

async function numberIn(page: Page, testId: string): Promise<number> {
  const text = await page.getByTestId(testId).first().innerText();
  return Number(text.replace(/[^0-9.]/g, ''));
}

test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

test('crash a consumer, see the session timeout and the duplicates, then replay by resetting offsets', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const errors = watchForErrors(page);
  await page.goto('/');
  const group = page.getByTestId('node-order-service');
  await expect(group).toBeVisible();
  // Two virtual minutes: room for the 45 s session timeout and a replay.
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  const duration = inspector.getByLabel('Duration');
  await duration.fill('180');
  await duration.press('Enter');
  await page.getByLabel('Speed').selectOption('10');
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(group.getByTestId('group-state')).toHaveText('Stable', { timeout: 20_000 });
  await expect.poll(() => numberIn(page, 'clock')).toBeGreaterThan(8);

  // Pause, crash C2 at that instant, play on.
  await page.getByRole('button', { name: 'Pause' }).click();
  await group.locator('.node__head').click();
  const ops = inspector.getByRole('group', { name: 'Faults and operations' });
  await ops.getByLabel('Crash', { exact: true }).selectOption('C2');
  await ops.getByRole('button', { name: 'Crash C2' }).click();
  await page.getByRole('button', { name: 'Play' }).click();

  // C2 is crashed but still a member until the coordinator's session timeout (45 s).
  const c2 = group.getByRole('listitem', { name: 'Consumer C2' });
  await expect(c2).toContainText('crashed');
  await expect(page.getByText(/C2 of order-service crashed/)).toBeVisible();
  // Recording the action in the scenario does not restart the run.
  await expect(page.getByText(/The run restarted/)).toHaveCount(0);
  await expect(c2.getByTestId('member-expiry')).toContainText('group notices in');
  await page.screenshot({ path: `${SHOTS}/10-consumer-crashed.png` });

  // After the timeout it is gone, its partitions moved, and what it processed uncommitted ran twice.
  await expect(group.getByTestId('member')).toHaveCount(2, { timeout: 30_000 });
  await expect.poll(() => numberIn(page, 'duplicates'), { timeout: 10_000 }).toBeGreaterThan(0);
  const history = inspector.getByTestId('group-history');
  await expect(history).toContainText('C2 crashed');
  await expect(history).toContainText('no heartbeat for session.timeout.ms');
  await page.screenshot({ path: `${SHOTS}/11-after-session-timeout.png` });

  // The crash is now part of the scenario: saving it replays the same run.
  const recorded = await page.evaluate(() => {
    type Store = { getState(): { scenario: { actions: { type: string; atMs: number }[] } } };
    return (window as unknown as { __eventscope: { store: Store } }).__eventscope.store.getState().scenario.actions;
  });
  expect(recorded).toHaveLength(1);
  expect(recorded[0]).toMatchObject({ type: 'kafka.consumer.crash', group: 'order-service', member: 'C2' });

  // Replay: reset to earliest (stopping the consumers first), and the group reads everything again.
  await ops.getByLabel('Reset offsets').selectOption('earliest');
  await ops.getByRole('button', { name: 'Reset', exact: true }).click();
  await expect(history).toContainText('Offsets reset to earliest', { timeout: 20_000 });
  await expect.poll(() => numberIn(page, 'replayed'), { timeout: 20_000 }).toBeGreaterThan(50);
  await page.screenshot({ path: `${SHOTS}/12-replay.png` });
  expect(errors).toEqual([]);
});

test('the Consumer group rebalancing example: the eager group stops, the cooperative one keeps consuming', async ({
  page,
}) => {
  const errors = watchForErrors(page);
  await page.goto('/');
  await page.getByRole('button', { name: 'Examples' }).click();
  await page
    .getByRole('menu', { name: 'Examples' })
    .getByRole('menuitem', { name: 'Consumer group rebalancing' })
    .click();
  const eager = page.getByTestId('node-eager-group');
  const cooperative = page.getByTestId('node-cooperative-group');
  await expect(eager).toBeVisible();
  const tour = page.getByRole('region', { name: 'Tour' });
  // Step 3 runs to 20 s: the eager group's C2 and C3 own nothing while C1 finishes its batch.
  for (let i = 0; i < 2; i++) await tour.getByRole('button', { name: 'Next' }).click();
  await tour.getByRole('button', { name: 'Run to 20 s' }).click();
  await expect(page.getByTestId('clock')).toHaveText('t = 20.0 s', { timeout: 20_000 });
  await expect(eager.getByRole('listitem', { name: 'Consumer C3' })).toContainText('no partitions');
  await expect(eager.getByRole('listitem', { name: 'Consumer C2' })).toContainText('no partitions');
  // Meanwhile the cooperative group's C1 and C2 keep their partitions and keep working.
  await expect(
    cooperative.getByRole('listitem', { name: 'Consumer C1' }).locator('.chip:not(.chip--none)'),
  ).not.toHaveCount(0);
  await expect(
    cooperative.getByRole('listitem', { name: 'Consumer C2' }).locator('.chip:not(.chip--none)'),
  ).not.toHaveCount(0);
  // Two groups: the lag chart draws each group's own trend.
  const lagChart = page.getByRole('region', { name: 'Consumer lag' });
  await expect(lagChart.locator('.chart-card__legend')).toContainText('eager-group');
  await expect(lagChart.locator('.chart-card__legend')).toContainText('cooperative-group');
  await page.screenshot({ path: `${SHOTS}/13-rebalancing-example.png` });
  expect(errors).toEqual([]);
});

/**
 * Journey: the log-compaction example. Run to the cleaner's first pass, see the removed offsets as
 * gaps on the canvas, open the topic's logs in the inspector with the pass before and after, and
 * ask "why?" about a tombstone.
 */
import { mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { SHOTS, watchForErrors } from './support';

test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

test('compaction leaves gaps, the topic inspector shows the cleaner pass, a tombstone explains itself', async ({
  page,
}) => {
  const errors = watchForErrors(page);
  await page.goto('/');
  await page.getByRole('button', { name: 'Examples' }).click();
  await page
    .getByRole('menu', { name: 'Examples' })
    .getByRole('menuitem', { name: /Log compaction/ })
    .click();
  const topic = page.getByTestId('node-balances');
  await expect(topic).toBeVisible();
  const tour = page.getByRole('region', { name: 'Tour' });
  await tour.getByRole('button', { name: 'Next' }).click();
  await tour.getByRole('button', { name: 'Run to 7 s' }).click();
  await expect(page.getByTestId('clock')).toHaveText('t = 7.0 s', { timeout: 20_000 });

  await topic.locator('.node__head').click();
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  const logs = inspector.getByRole('group', { name: 'Partition logs' });
  await expect(logs.getByTestId('topic-log-totals')).toContainText('65 removed by the cleaner');
  await expect(logs.getByText(/Cleaned at 6\.0 s: 65 removed/)).toBeVisible();
  await logs.getByText(/Cleaned at 6\.0 s/).click();
  await expect(logs.getByRole('list', { name: 'P0 after cleaning' })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/15-compaction-inspector.png` });

  // The tombstone for acct-99 is sent at 20 s: stop the run just after it (a shorter duration),
  // while it is among the partition's last offsets on the canvas.
  await page.locator('.react-flow__pane').click({ position: { x: 420, y: 470 } });
  const duration = inspector.getByLabel('Duration');
  await duration.fill('20.1');
  await duration.press('Enter');
  await page.getByLabel('Speed').selectOption('max');
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.getByTestId('clock')).toHaveText('t = 20.1 s', { timeout: 20_000 });
  const offset = await page.evaluate(async () => {
    type Client = {
      inspectRecord(t: string, p: number, o: number): Promise<{ key: string | null; tombstone: boolean } | null>;
    };
    const client = (window as unknown as { __eventscope: { client: Client } }).__eventscope.client;
    for (let o = 340; o < 400; o++) {
      const r = await client.inspectRecord('balances', 0, o);
      if (r?.tombstone) return o;
    }
    return -1;
  });
  expect(offset).toBeGreaterThan(0);
  await topic
    .getByRole('button', { name: `balances-0 offset ${offset}`, exact: false })
    .first()
    .click();
  const why = page.getByRole('dialog', { name: 'Why here?' });
  await expect(why.getByTestId('why-tombstone')).toContainText('tombstone');
  await page.screenshot({ path: `${SHOTS}/16-tombstone-why.png` });
  expect(errors).toEqual([]);
});

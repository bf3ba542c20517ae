/**
 * Journey: the replication example. Crash a broker from its node while the run goes on, see it
 * down, then fenced, and the partitions it led move to another broker; restart it.
 */
import { mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { SHOTS, watchForErrors } from './support';

test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

test('crash a broker from the canvas and watch its leaderships move to in-sync followers', async ({ page }) => {
  const errors = watchForErrors(page);
  await page.goto('/');
  await page.getByRole('button', { name: 'Examples' }).click();
  await page
    .getByRole('menu', { name: 'Examples' })
    .getByRole('menuitem', { name: 'Replication and broker failure' })
    .click();
  // This journey triggers its own crash: drop the scripted ones by running to 5 s only.
  const tour = page.getByRole('region', { name: 'Tour' });
  await tour.getByRole('button', { name: 'Run to 5 s' }).click();
  await expect(page.getByTestId('clock')).toHaveText('t = 5.0 s', { timeout: 20_000 });

  const broker2 = page.getByTestId('node-broker-2');
  const topic = page.getByTestId('node-payments');
  await expect(broker2.getByTestId('broker-status')).toHaveText('up');
  await expect(broker2.getByTestId('broker-leaders')).toHaveText('1');
  await expect(topic.getByTestId('partition-leader')).toHaveText(['b13/3', 'b23/3', 'b33/3']);

  // Crash broker 2 (it leads P1) at 5 s, then run on at 5×.
  await broker2.getByRole('button', { name: 'Crash' }).click();
  await expect(broker2.getByTestId('broker-status')).toHaveText('down');
  await page.getByLabel('Speed').selectOption('5');
  await page.getByRole('button', { name: 'Play' }).click();
  // Fenced after broker.session.timeout.ms (9 s): P1 moves to an in-sync follower.
  await expect(broker2.getByTestId('broker-status')).toHaveText('down (fenced)', { timeout: 20_000 });
  await expect(broker2.getByTestId('broker-leaders')).toHaveText('0');
  const p1 = topic.getByTestId('partition-leader').nth(1);
  await expect(p1).not.toContainText('b2');
  await expect(p1).toContainText('2/3');
  await page.screenshot({ path: `${SHOTS}/17-broker-crashed.png` });

  // The partition inspector: P1's replicas, the fenced broker out of sync, and why the leader moved.
  await page.getByRole('button', { name: 'Pause' }).click();
  await topic.locator('.node__head').click();
  const logs = page.getByRole('complementary', { name: 'Inspector' }).getByRole('group', { name: 'Partition logs' });
  const p1Log = logs.getByTestId('plog-1');
  await p1Log.getByText('Offsets, replicas and commits').click();
  await expect(p1Log.getByRole('list', { name: 'Replicas of P1' })).toContainText('b2 follower (down)');
  await expect(p1Log.getByRole('list', { name: 'Replicas of P1' })).toContainText('out of sync');
  await expect(p1Log.getByRole('list', { name: 'Leader and ISR changes of P1' })).toContainText('broker 2 is fenced');
  await expect(p1Log.getByRole('list', { name: 'Committed offsets of P1' })).toContainText('ledger committed');
  await page.screenshot({ path: `${SHOTS}/19-partition-inspector.png` });
  await page.getByRole('button', { name: 'Play' }).click();

  await broker2.getByRole('button', { name: 'Restart' }).click();
  await expect(broker2.getByTestId('broker-status')).toHaveText('up');
  await expect(topic.getByTestId('partition-leader').nth(1)).toContainText('3/3', { timeout: 20_000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.screenshot({ path: `${SHOTS}/18-broker-restarted.png` });
  expect(errors).toEqual([]);
});

test('turn idempotence off and see a timed-out retry written twice and processed twice', async ({ page }) => {
  const errors = watchForErrors(page);
  await page.goto('/');
  await page.getByRole('button', { name: 'Examples' }).click();
  await page
    .getByRole('menu', { name: 'Examples' })
    .getByRole('menuitem', { name: 'Replication and broker failure' })
    .click();
  const producer = page.getByTestId('node-checkout');
  await expect(producer.getByTestId('producer-delivery')).toHaveText('acks=all · idempotent');

  // The default: at 85 s the stalled requests time out; the leader recognises the retried batches.
  const tour = page.getByRole('region', { name: 'Tour' });
  const runTo = async (label: string, clock: string) => {
    await tour.getByRole('button', { name: label }).click();
    await expect(page.getByTestId('clock')).toHaveText(clock, { timeout: 60_000 });
  };
  for (let step = 0; step < 5; step++) await tour.getByRole('button', { name: 'Next' }).click();
  await runTo('Run to 1 min 32 s', 't = 92.0 s');
  await expect(producer.getByTestId('producer-deduplicated')).toHaveText('5 retried batches not rewritten');
  await expect(producer.getByTestId('producer-duplicates')).toHaveCount(0);

  // Idempotence off: the same retries write the records again, and the group processes them twice.
  await producer.locator('.node__head').click();
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  await inspector.getByLabel('Idempotence').selectOption('off');
  await expect(producer.getByTestId('producer-delivery')).toHaveText('acks=all · not idempotent');
  await runTo('Run to 1 min 32 s', 't = 92.0 s');
  await expect(producer.getByTestId('producer-duplicates')).toContainText('written again by retries');
  await expect(page.getByTestId('node-ledger').getByTestId('group-delivery')).toContainText('twice');
  await page.screenshot({ path: `${SHOTS}/20-producer-duplicates.png` });
  expect(errors).toEqual([]);
});

test('an unclean election: the partition inspector shows the acknowledged records that were cut off', async ({
  page,
}) => {
  const errors = watchForErrors(page);
  await page.goto('/');
  await page.getByLabel('Open scenario file').setInputFiles('e2e/fixtures/unclean-election.json');
  await expect(page.getByRole('status')).toContainText('Opened');
  const tour = page.getByRole('region', { name: 'Tour' });
  await tour.getByRole('button', { name: 'Run to 1 min' }).click();
  await expect(page.getByTestId('clock')).toHaveText('t = 60.0 s', { timeout: 60_000 });

  await page.getByTestId('node-t').locator('.node__head').click();
  const logs = page.getByRole('complementary', { name: 'Inspector' }).getByRole('group', { name: 'Partition logs' });
  const p0 = logs.getByTestId('plog-0');
  await p0.getByText('Offsets, replicas and commits').click();
  const cuts = p0.getByRole('group', { name: 'Records cut off P0' });
  await expect(cuts).toContainText('unclean leader election: offsets');
  await expect(cuts.getByTestId('cut-lost')).toContainText('acknowledged, lost');
  await cuts.getByRole('listitem').first().click();
  const why = page.getByRole('dialog', { name: 'Why here?' });
  await expect(why.getByTestId('why-lifecycle')).toContainText(
    'A leader change cut it off every replica after it had been acknowledged (acks=1): the write is lost.',
  );
  await expect(why.getByTestId('why-gone')).toHaveText(
    'no longer: a leader change cut it off (the offset now holds another record)',
  );
  await page.screenshot({ path: `${SHOTS}/21-truncated-records.png` });
  expect(errors).toEqual([]);
});

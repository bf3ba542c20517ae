/**
 * Journey: open the app, run the default scenario, ask "why here?" about a record, resize the
 * consumer group while it runs, and add a topic from the palette. Fails on any console error.
 */
import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { SHOTS, watchForErrors } from './support';

async function numberIn(page: Page, testId: string): Promise<number> {
  const text = await page.getByTestId(testId).first().innerText();
  return Number(text.replace(/[^0-9.]/g, ''));
}

test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

test('runs the default scenario, explains a record, rebalances a group and adds a topic', async ({ page }) => {
  const errors = watchForErrors(page);
  await page.goto('/');

  const nodes = page.locator('.react-flow__node');
  await expect(nodes).toHaveCount(3);
  await expect(page.getByTestId('node-checkout')).toContainText('checkout');
  await expect(page.getByTestId('node-orders')).toContainText('6 partitions');
  await expect(page.getByTestId('node-order-service')).toContainText('order-service');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Checkout orders');
  await page.screenshot({ path: `${SHOTS}/01-default-scenario.png` });

  // Play at 5×: the clock, the offsets and the charts move.
  await page.getByLabel('Speed').selectOption('5');
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  await expect.poll(() => numberIn(page, 'clock')).toBeGreaterThan(4);
  await expect.poll(() => numberIn(page, 'stat-produced')).toBeGreaterThan(100);
  await expect.poll(() => numberIn(page, 'produced-count')).toBeGreaterThan(100);
  const endOffsets = page.getByTestId('node-orders').locator('.partition__end');
  await expect(endOffsets).toHaveCount(6);
  await expect.poll(async () => Number((await endOffsets.first().innerText()).replace(/,/g, ''))).toBeGreaterThan(5);
  const throughput = page.getByRole('region', { name: 'Throughput' });
  await expect
    .poll(async () => Number(await throughput.locator('.chart-card__plot').getAttribute('data-points')))
    .toBeGreaterThan(4);
  await expect(throughput.locator('.chart-card__canvas canvas').first()).toBeVisible();
  await expect(page.getByTestId('node-order-service').getByTestId('group-state')).toHaveText('Stable');
  await page.screenshot({ path: `${SHOTS}/02-running.png` });

  // Frame budget (BENCH.md c): frames update the store, never React Flow's node list.
  const sameNodes = await page.evaluate(async () => {
    type Store = { getState(): { flowNodes: unknown; frames: number } };
    const store = (window as unknown as { __eventscope: { store: Store } }).__eventscope.store;
    const before = store.getState();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = store.getState();
    return { same: before.flowNodes === after.flowNodes, frames: after.frames - before.frames };
  });
  expect(sameNodes.frames).toBeGreaterThan(10);
  expect(sameNodes.same).toBe(true);

  // A moving message answers "why here?" too.
  const dot = page.locator('g.dot').first();
  await expect(dot).toBeAttached();
  await dot.dispatchEvent('click');
  const whyDot = page.getByRole('dialog', { name: 'Why here?' });
  await expect(whyDot).toContainText(/message #\d+/);
  await expect(whyDot).toContainText('Partition');
  await whyDot.getByRole('button', { name: 'Close why panel' }).click();

  // Select the group and grow it from 3 to 4 consumers while it runs: a rebalance.
  const group = page.getByTestId('node-order-service');
  await group.locator('.node__head').click();
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  await expect(inspector.getByRole('heading', { name: 'order-service' })).toBeVisible();
  const generationBefore = await numberIn(page, 'generation');
  expect(generationBefore).toBeGreaterThanOrEqual(1);
  await expect(group.getByTestId('member')).toHaveCount(3);
  const consumers = inspector.getByLabel('Consumers', { exact: true });
  await expect(consumers).toHaveValue('3');
  await consumers.fill('4');
  await consumers.press('Enter');
  await expect(group.getByTestId('member')).toHaveCount(4, { timeout: 20_000 });
  await expect.poll(() => numberIn(page, 'generation'), { timeout: 20_000 }).toBeGreaterThan(generationBefore);
  await expect(group.getByTestId('group-state')).toHaveText('Stable', { timeout: 20_000 });
  await page.screenshot({ path: `${SHOTS}/03-rebalanced.png` });

  // Pause and ask why a record of partition 0 is there.
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Step one event' })).toBeEnabled();
  await page
    .getByRole('button', { name: /^orders-0 offset \d+/ })
    .last()
    .click();
  const why = page.getByRole('dialog', { name: 'Why here?' });
  await expect(why).toContainText('murmur2(bytes) =');
  await expect(why).toContainText(/mod 6 partitions = 0/);
  await expect(why).toContainText('UTF-8 bytes');
  await page.screenshot({ path: `${SHOTS}/04-why-here.png` });
  await why.getByRole('button', { name: 'Close why panel' }).click();
  await expect(why).toHaveCount(0);

  // Step while paused moves the clock forward by 100 ms.
  const before = await numberIn(page, 'events');
  await page.getByRole('button', { name: 'Step 100 ms' }).click();
  await expect.poll(() => numberIn(page, 'events')).toBeGreaterThan(before);

  // Drag a Kafka topic from the palette onto the canvas: a fourth node, selected.
  await page
    .getByRole('button', { name: 'Add Kafka topic' })
    .dragTo(page.locator('.react-flow__pane'), { targetPosition: { x: 240, y: 380 } });
  await expect(nodes).toHaveCount(4);
  await expect(page.getByTestId('node-topic-2')).toContainText('topic-2');
  await expect(inspector.getByRole('heading', { name: 'topic-2' })).toBeVisible();
  await expect(page.getByRole('status')).toContainText('restarted');
  await page.screenshot({ path: `${SHOTS}/05-added-topic.png` });

  // Connect checkout → topic-2 by dragging between handles, then delete the new topic again.
  const edges = page.locator('.react-flow__edge');
  await expect(edges).toHaveCount(2);
  await page
    .getByTestId('node-checkout')
    .locator('.react-flow__handle.source')
    .dragTo(page.getByTestId('node-topic-2').locator('.react-flow__handle.target'));
  await expect(edges).toHaveCount(3);
  // A topic cannot feed a producer: that drag adds nothing.
  await page
    .getByTestId('node-topic-2')
    .locator('.react-flow__handle.source')
    .dragTo(page.getByTestId('node-checkout').locator('.react-flow__node-producer, .node__head').first());
  await expect(edges).toHaveCount(3);
  await page.getByTestId('node-topic-2').locator('.node__head').click();
  await page.keyboard.press('Delete');
  await expect(nodes).toHaveCount(3);
  await expect(edges).toHaveCount(2);

  expect(errors).toEqual([]);
});

async function crashWorker(page: Page): Promise<void> {
  await page.evaluate(() =>
    (
      window as unknown as { __eventscope: { client: { crashForTest(): Promise<void> } } }
    ).__eventscope.client.crashForTest(),
  );
}

test('tells the user when the simulation worker crashed and was restarted', async ({ page }) => {
  const errors = watchForErrors(page);
  await page.goto('/');
  await expect(page.locator('.react-flow__node')).toHaveCount(3);
  await page.getByRole('button', { name: 'Play' }).click();
  await expect.poll(() => numberIn(page, 'clock')).toBeGreaterThan(0.5);
  const runId = () =>
    page.evaluate(
      () =>
        (
          window as unknown as { __eventscope: { store: { getState(): { runId: number } } } }
        ).__eventscope.store.getState().runId,
    );
  const runBefore = await runId();
  await crashWorker(page);
  const notice = page.getByRole('status');
  await expect(notice).toContainText('restarted', { timeout: 15_000 });
  // The new worker runs the scenario again from t = 0 (a new run) and keeps playing.
  await expect.poll(runId).not.toBe(runBefore);
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  const resumedAt = await numberIn(page, 'clock');
  await expect.poll(() => numberIn(page, 'clock')).toBeGreaterThan(resumedAt);
  await page.screenshot({ path: `${SHOTS}/07-worker-restarted.png` });
  const toast = notice.locator('.toast').filter({ hasText: 'restarted' }).first();
  const toastId = await toast.getAttribute('data-toast-id');
  await toast.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice.locator(`[data-toast-id="${toastId}"]`)).toHaveCount(0);
  expect(errors).toEqual([]);
});

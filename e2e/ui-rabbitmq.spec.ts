/**
 * Journey: build RabbitMQ's topic-exchange tutorial by hand. From an empty canvas, add a producer,
 * a topic exchange, two queues and two consumers from the palette, wire them by dragging handles,
 * bind Q1 with `*.orange.*` and Q2 with `lazy.#` in the binding editor, script messages with
 * routing keys, run, and check each queue got what RabbitMQ's topic rules say (the rest dropped
 * by the exchange); then ask a message "why?", ask the exchange where `lazy.orange.rabbit` would
 * go, and crash a consumer holding an unacknowledged message.
 */
import { mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import {
  addFromPalette,
  dismissToasts,
  numberIn,
  openEmptyCanvas,
  select,
  SHOTS,
  watchForErrors,
  wire,
} from './support';

test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));
// Six nodes side by side: a wider window than the other journeys, so the screenshots stay legible.
test.use({ viewport: { width: 1600, height: 1000 } });

/** The tutorial's routing keys; comments say where `*.orange.*` (queue-1) and `lazy.#` (queue-2) send them. */
const MESSAGES = [
  { atMs: 0, key: null, routingKey: 'quick.orange.rabbit', body: 'hop' }, // queue-1
  { atMs: 400, key: null, routingKey: 'lazy.orange.elephant', body: 'stomp' }, // both
  { atMs: 800, key: null, routingKey: 'quick.brown.fox', body: 'jump' }, // none: dropped
  { atMs: 1200, key: null, routingKey: 'lazy.brown.fox', body: 'nap' }, // queue-2
  { atMs: 1600, key: null, routingKey: 'lazy.pink.rabbit', body: 'rest' }, // queue-2
  { atMs: 2000, key: null, routingKey: 'quick.orange.male.rabbit', body: 'four words' }, // none: dropped
  { atMs: 2400, key: null, routingKey: 'orange', body: 'one word' }, // none: dropped
  { atMs: 2800, key: null, routingKey: 'lazy', body: '# matches zero words' }, // queue-2
];

test('build a topic exchange with two queues by hand and see RabbitMQ’s routing rules at work', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchForErrors(page);
  await openEmptyCanvas(page);
  const nodes = page.locator('.react-flow__node');
  const inspector = page.getByRole('complementary', { name: 'Inspector' });

  // Zoom out so six nodes fit, then drop them from the palette, left to right.
  const zoomOut = page.getByRole('button', { name: /zoom out/i });
  for (let i = 0; i < 2; i++) await zoomOut.click();
  await addFromPalette(page, 'Producer', 100, 330);
  await addFromPalette(page, 'RabbitMQ exchange', 330, 330);
  await addFromPalette(page, 'RabbitMQ queue', 590, 180);
  await addFromPalette(page, 'RabbitMQ queue', 590, 480);
  await addFromPalette(page, 'RabbitMQ consumer', 860, 180);
  await addFromPalette(page, 'RabbitMQ consumer', 860, 480);
  await expect(nodes).toHaveCount(6);
  const exchange = page.getByTestId('node-exchange-1');
  const q1 = page.getByTestId('node-queue-1');
  const q2 = page.getByTestId('node-queue-2');
  await expect(exchange.getByTestId('exchange-type')).toHaveText('topic');
  await expect(q1).toContainText('classic');

  // Wire producer → exchange → both queues → one consumer each.
  await wire(page, 'producer-1', 'exchange-1');
  await wire(page, 'exchange-1', 'queue-1');
  await wire(page, 'exchange-1', 'queue-2');
  await wire(page, 'queue-1', 'consumer-1');
  await wire(page, 'queue-2', 'consumer-2');
  await expect(page.locator('.react-flow__edge')).toHaveCount(5);
  // A queue cannot feed an exchange: that drag adds nothing.
  await wire(page, 'queue-1', 'exchange-1');
  await expect(page.locator('.react-flow__edge')).toHaveCount(5);
  await expect(exchange.getByTestId('exchange-bindings')).toHaveText('2 to 2 queues');

  // Bind queue-1 with *.orange.* in the binding editor (a too-long key is refused inline first).
  const binding1 = page.getByTestId('binding-exchange-1->queue-1');
  await expect(binding1).toHaveText('""');
  await binding1.click();
  await expect(inspector.getByText('Binding', { exact: true })).toBeVisible();
  const key1 = inspector.getByLabel('Binding key 1');
  await key1.fill('x'.repeat(256));
  await key1.press('Enter');
  await expect(inspector.getByRole('alert')).toContainText('key 1: expected text of length ≤ 255');
  await key1.fill('*.orange.*');
  await key1.press('Enter');
  await expect(inspector.getByRole('alert')).toHaveCount(0);
  await expect(binding1).toHaveText('*.orange.*');
  await dismissToasts(page);
  await page.screenshot({ path: `${SHOTS}/30-rabbitmq-binding-editor.png` });

  // … and queue-2 with lazy.#.
  const binding2 = page.getByTestId('binding-exchange-1->queue-2');
  await binding2.click();
  await inspector.getByLabel('Binding key 1').fill('lazy.#');
  await inspector.getByLabel('Binding key 1').press('Enter');
  await expect(binding2).toHaveText('lazy.#');

  // The producer publishes the tutorial's routing keys, by script.
  await select(page.getByTestId('node-producer-1'));
  await expect(inspector.getByRole('group', { name: 'RabbitMQ publishing' })).toBeVisible();
  await inspector.getByLabel('Traffic').selectOption('scripted');
  const script = inspector.getByLabel('Messages');
  await script.fill(JSON.stringify(MESSAGES, null, 2));
  await script.blur();
  await expect(page.getByTestId('node-producer-1')).toContainText('scripted, 8 messages');

  // consumer-2 is slow and takes one message at a time, so queue-2 keeps a backlog to look at.
  await select(page.getByTestId('node-consumer-2'));
  const prefetch = inspector.getByLabel('Prefetch');
  await prefetch.fill('1');
  await prefetch.press('Enter');
  await inspector.getByLabel('Distribution').selectOption('constant');
  const time = inspector.getByLabel('Time');
  await time.fill('3000');
  await time.press('Enter');
  await expect(page.getByTestId('node-consumer-2')).toContainText('prefetch 1');
  await page.getByRole('button', { name: /fit view/i }).click();
  await dismissToasts(page);
  await page.screenshot({ path: `${SHOTS}/31-rabbitmq-built.png` });

  // Run. A moving dot of a RabbitMQ message asks "why?" of the RabbitMQ inspector.
  await page.getByRole('button', { name: 'Play' }).click();
  const dot = page.locator('g.dot--routed').first();
  await expect(dot).toBeAttached({ timeout: 10_000 });
  await dot.dispatchEvent('click');
  const why = page.getByRole('dialog', { name: 'Why here?' });
  await expect(why).toContainText('Routing key');
  await expect(why).toContainText('Why these queues');
  await why.getByRole('button', { name: 'Close why panel' }).click();

  // Frames never touch React Flow's node list: the nodes keep their identity (and size) while running.
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

  // RabbitMQ's topic rules: *.orange.* got 2, lazy.# got 4; three keys matched nothing and were dropped.
  await expect(q2.getByTestId('queue-enqueued')).toHaveText('4', { timeout: 15_000 });
  await expect(q1.getByTestId('queue-enqueued')).toHaveText('2');
  await expect(exchange.getByTestId('exchange-in')).toHaveText('8');
  await expect(exchange.getByTestId('exchange-routed')).toHaveText('5');
  await expect(exchange.getByTestId('exchange-dropped')).toHaveText('3');
  await expect(q1.getByTestId('queue-acked')).toHaveText('2');
  // The slow consumer holds one message unacknowledged (prefetch 1); the rest wait in queue-2.
  await expect(q2.getByTestId('queue-unacked')).toHaveText('1');
  expect(await numberIn(q2.getByTestId('queue-ready'))).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Pause' }).click();
  await dismissToasts(page);
  await page.screenshot({ path: `${SHOTS}/32-rabbitmq-routed.png` });
  await page.locator('.canvas').screenshot({ path: `${SHOTS}/33-rabbitmq-canvas.png` });

  // The queue inspector lists what waits, head first; a message there asks "why?" too.
  await select(q2);
  const contents = inspector.getByRole('group', { name: 'Queue contents' });
  await expect(contents.getByRole('list', { name: 'Ready messages' })).toBeVisible();
  await expect(contents.getByRole('list', { name: /Unacknowledged by/ })).toHaveCount(1);
  await contents.getByRole('list', { name: 'Ready messages' }).getByRole('button').first().click();
  await expect(why).toContainText('lazy.#');
  await expect(why.getByTestId('why-queues')).toContainText('queue-2');
  await dismissToasts(page);
  await page.screenshot({ path: `${SHOTS}/34-rabbitmq-why.png` });
  await why.getByRole('button', { name: 'Close why panel' }).click();

  // "Where would it go?": lazy.orange.rabbit matches both bindings; quick.brown.fox neither.
  await select(exchange);
  const probe = inspector.getByRole('group', { name: 'Where would it go?' });
  await probe.getByLabel('Routing key').fill('lazy.orange.rabbit');
  await expect(probe.getByTestId('route-queues')).toContainText('queue-1');
  await expect(probe.getByTestId('route-queues')).toContainText('queue-2');
  await expect(probe.getByTestId('route-outcome')).toHaveText('routed');
  await expect(probe.getByTestId('route-binding').filter({ hasText: '✓ matched' })).toHaveCount(2);
  await dismissToasts(page);
  await page.screenshot({ path: `${SHOTS}/35-rabbitmq-where-would-it-go.png` });
  await probe.getByLabel('Routing key').fill('quick.brown.fox');
  await expect(probe.getByTestId('route-outcome')).toHaveText('dropped');
  await expect(probe.getByTestId('route-queues')).toContainText('no queue');

  // Crash the slow consumer from its node: its unacknowledged message goes back to queue-2.
  const consumer2 = page.getByTestId('node-consumer-2');
  await consumer2.getByRole('button', { name: 'Crash' }).click();
  await expect(consumer2.getByRole('listitem', { name: 'Consumer C1' })).toContainText('crashed');
  await expect(q2.getByTestId('queue-unacked')).toHaveText('0');
  await expect(page.getByText(/The run restarted/)).toHaveCount(0);
  await dismissToasts(page);
  await page.screenshot({ path: `${SHOTS}/36-rabbitmq-consumer-crashed.png` });

  // Mandatory: the three messages nothing matched come back to the producer instead of vanishing.
  const producer = page.getByTestId('node-producer-1');
  await select(producer);
  await inspector.getByLabel('Mandatory').check();
  await inspector.getByLabel('Publisher confirms').check();
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(exchange.getByTestId('exchange-returned')).toHaveText('3', { timeout: 15_000 });
  await expect(exchange.getByTestId('exchange-dropped')).toHaveText('0');
  await expect(producer.getByTestId('producer-returned')).toHaveText('3 unroutable (basic.return)');
  // With publisher confirms every publish is acked, the returned ones too (nothing refused them).
  await expect(producer.getByTestId('producer-confirms')).toHaveText('8 acked · 0 nacked');
  await page.getByRole('button', { name: 'Pause' }).click();
  await dismissToasts(page);
  await page.screenshot({ path: `${SHOTS}/38-rabbitmq-mandatory-returned.png` });

  expect(errors).toEqual([]);
});

test('the poison message example: it bounces, lands in the dead-letter queue, and the depth chart shows the wait', async ({
  page,
}) => {
  const errors = watchForErrors(page);
  await page.goto('/');
  await page.getByRole('button', { name: 'Examples' }).click();
  await page
    .getByRole('menu', { name: 'Examples' })
    .getByRole('menuitem', { name: 'Poison message and dead-letter queue' })
    .click();
  const tour = page.getByRole('region', { name: 'Tour' });
  await tour.getByRole('button', { name: 'Next' }).click();
  await tour.getByRole('button', { name: 'Run to 2.9 s' }).click();
  await expect(page.getByTestId('clock')).toHaveText('t = 2.9 s', { timeout: 20_000 });
  // Payment 12 is in hand; 13 and 14 wait behind it.
  await expect(page.getByTestId('node-payments').getByTestId('queue-ready')).toHaveText('2');
  await tour.getByRole('button', { name: 'Next' }).click();
  await tour.getByRole('button', { name: 'Run to 3.2 s' }).click();
  await expect(page.getByTestId('clock')).toHaveText('t = 3.2 s', { timeout: 20_000 });
  await expect(page.getByTestId('node-payments.dead').getByTestId('queue-ready')).toHaveText('1');
  // The queue's dead-letter exchange is drawn as a dashed, read-only link.
  await expect(page.getByTestId('derived-dead-letter:payments')).toHaveText('dead letters');
  const depth = page.getByRole('region', { name: 'Queue depth' });
  await expect
    .poll(async () => Number(await depth.locator('.chart-card__plot').getAttribute('data-points')))
    .toBeGreaterThan(4);
  await expect(page.getByRole('region', { name: 'Consumer lag' })).toHaveCount(0);
  // Without Kafka groups the headline counts what sits in the queues: the dead letter and the payment in hand.
  await expect(page.getByTestId('stat-queued')).toHaveText('2');
  await expect(page.getByTestId('stat-lag')).toHaveCount(0);
  await dismissToasts(page);
  await page.screenshot({ path: `${SHOTS}/37-rabbitmq-poison-dead-lettered.png` });
  expect(errors).toEqual([]);
});

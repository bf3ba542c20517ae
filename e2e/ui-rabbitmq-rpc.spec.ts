/**
 * Journey: build RabbitMQ's RPC tutorial (six) by hand. From an empty canvas, add a client
 * (producer), rpc_queue, a server (RabbitMQ consumer) and a callback queue; wire client → rpc_queue
 * → server, and the callback queue → client (which makes the producer an RPC client); turn on the
 * server's replies; run, and see replies matched by correlation_id, the round trip, and a reply's
 * "why?" naming the request it answers.
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
test.use({ viewport: { width: 1600, height: 1000 } });

test('build RabbitMQ’s RPC tutorial by hand: requests with reply_to, replies paired by correlation_id', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const errors = watchForErrors(page);
  await openEmptyCanvas(page);
  const nodes = page.locator('.react-flow__node');
  const inspector = page.getByRole('complementary', { name: 'Inspector' });

  await addFromPalette(page, 'Producer', 120, 330);
  await addFromPalette(page, 'RabbitMQ queue', 520, 180);
  await addFromPalette(page, 'RabbitMQ consumer', 920, 180);
  await addFromPalette(page, 'RabbitMQ queue', 520, 520);
  await expect(nodes).toHaveCount(4);
  const client = page.getByTestId('node-producer-1');

  // The producer's left handle (for a callback queue) shows once it publishes to RabbitMQ.
  const replyHandle = client.locator('.react-flow__handle.target');
  await expect(replyHandle).toBeHidden();
  await wire(page, 'producer-1', 'queue-1');
  await expect(replyHandle).toBeVisible();
  await wire(page, 'queue-1', 'consumer-1');
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
  // The callback queue, wired to the producer: it becomes an RPC client.
  await wire(page, 'queue-2', 'producer-1');
  await expect(page.locator('.react-flow__edge')).toHaveCount(3);
  await expect(client.getByTestId('producer-rpc')).toContainText('from queue-2');
  await expect(client.getByTestId('producer-rpc-roundtrip')).toHaveText('none yet');
  await select(client);
  await expect(inspector.getByTestId('producer-rpc-note')).toContainText('queue-2');
  // One callback queue per client: a second one is refused, and the toast says why.
  await wire(page, 'queue-1', 'producer-1');
  await expect(page.getByRole('status')).toContainText('one callback queue per producer');
  await expect(page.locator('.react-flow__edge')).toHaveCount(3);
  await dismissToasts(page);

  // The server replies to reply_to: a dashed reply_to link appears from it to the callback queue.
  const server = page.getByTestId('node-consumer-1');
  await select(server);
  const derived = page.getByTestId('derived-reply:consumer-1:queue-2');
  await expect(derived).toHaveCount(0);
  await inspector.getByLabel('Reply to reply_to (RPC server)').check();
  await expect(server.getByTestId('rconsumer-replies')).toBeVisible();
  await expect(derived).toHaveText('reply_to');
  await page.getByRole('button', { name: /fit view/i }).click();
  await dismissToasts(page);
  await page.screenshot({ path: `${SHOTS}/40-rabbitmq-rpc-built.png` });

  // Run: every request is answered, paired by correlation_id, with a round trip.
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(client.getByTestId('producer-rpc')).toContainText(/ [1-9][0-9,]* matched/, { timeout: 15_000 });
  expect(await numberIn(server.getByTestId('rconsumer-processed'))).toBeGreaterThan(0);
  await expect(client.getByTestId('producer-rpc-roundtrip')).toContainText('p50');
  await expect(client.getByTestId('producer-rpc-discarded')).toHaveCount(0);
  await page.getByRole('button', { name: 'Pause' }).click();
  await dismissToasts(page);
  await page.screenshot({ path: `${SHOTS}/41-rabbitmq-rpc-running.png` });

  // A reply moving to the client asks "why?": it names the request it answers and the round trip.
  await page.getByRole('button', { name: 'Play' }).click();
  const replyDot = page.getByTestId('rf__edge-queue-2->producer-1').locator('g.dot');
  const why = page.getByRole('dialog', { name: 'Why here?' });
  await expect(replyDot.first()).toBeAttached({ timeout: 10_000 });
  await replyDot.first().dispatchEvent('click');
  await expect(why.getByTestId('why-correlation-id')).toContainText('producer-1-');
  await expect(why.getByTestId('why-in-reply-to')).toBeVisible();
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.screenshot({ path: `${SHOTS}/42-rabbitmq-rpc-why.png` });
  await why.getByTestId('why-in-reply-to').click();
  await expect(why.getByTestId('why-reply-to')).toContainText('queue-2');
  expect(errors).toEqual([]);
});

test('the RPC example: the tour runs to the server crash, and the client still gets every reply', async ({ page }) => {
  const errors = watchForErrors(page);
  await page.goto('/');
  await page.getByRole('button', { name: 'Examples' }).click();
  await page.getByRole('menuitem', { name: /RabbitMQ RPC/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('RabbitMQ RPC (tutorial six)');
  await expect(page.getByTestId('derived-reply:rpc_server:rpc_reply')).toHaveText('reply_to');
  const tour = page.getByRole('region', { name: 'Tour' });
  for (let i = 0; i < 2; i++) await tour.getByRole('button', { name: 'Next' }).click();
  await expect(tour.getByRole('heading', { name: 'A server dies' })).toBeVisible();
  await tour.getByRole('button', { name: 'Run to 10.8 s' }).click();
  await expect(page.getByTestId('clock')).toHaveText('t = 10.8 s', { timeout: 20_000 });
  const client = page.getByTestId('node-rpc_client');
  // 44 requests by 10.75 s; the crashed server's request was redelivered and answered (what the tour says).
  await expect(client.getByTestId('producer-rpc')).toContainText(/ 4[0-9] matched · [0-9] waiting/);
  await expect(client.getByTestId('producer-rpc-discarded')).toHaveCount(0);
  await expect(page.getByTestId('node-rpc_server')).toContainText('crashed');
  await dismissToasts(page);
  await page.screenshot({ path: `${SHOTS}/43-rabbitmq-rpc-example.png` });

  // A third server, started live: the run goes on from 10.8 s, and C3 subscribes.
  const server = page.getByTestId('node-rpc_server');
  await select(server);
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  await inspector.getByLabel('Consumers').fill('3');
  await inspector.getByLabel('Consumers').press('Enter');
  await expect(server.getByRole('listitem', { name: 'Consumer C3' })).toBeVisible();
  await expect(page.getByTestId('clock')).toHaveText('t = 10.8 s');
  await expect(page.getByText(/The run restarted/)).toHaveCount(0);
  expect(errors).toEqual([]);
});

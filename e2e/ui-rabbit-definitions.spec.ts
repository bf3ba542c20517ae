/**
 * Journey: RabbitMQ's own definitions.json. Export says why it is unavailable on a Kafka scenario;
 * a definitions file with a binding to a missing queue is refused and the canvas stays as it was;
 * a real export imports as exchanges, queues and bindings with its notes shown; exporting it again
 * downloads definitions.json with the same topology.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { SHOTS, watchForErrors } from './support';

const FIXTURE = 'src/scenario/fixtures/rabbitmq-definitions.json';

test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

test('imports RabbitMQ definitions, refuses a broken file, and exports definitions.json', async ({
  page,
}, testInfo) => {
  const errors = watchForErrors(page);
  await page.goto('/');
  await expect(page.locator('.react-flow__node')).toHaveCount(3);
  const menuButton = page.getByRole('button', { name: 'RabbitMQ definitions', exact: true });

  // The default scenario is Kafka only: export is there but unavailable, and says why.
  await menuButton.click();
  const menu = page.getByRole('menu', { name: 'RabbitMQ definitions' });
  const exportItem = menu.getByRole('menuitem', { name: 'Export RabbitMQ definitions' });
  await expect(exportItem).toHaveAttribute('aria-disabled', 'true');
  await expect(exportItem).toHaveAttribute('title', /no RabbitMQ exchange or queue/);
  await expect(exportItem).toContainText('Nothing to export');
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);

  // A binding to a queue the file does not define: refused, canvas untouched.
  const broken = {
    rabbit_version: '4.1.0',
    queues: [],
    exchanges: [{ name: 'shop', vhost: '/', type: 'topic', durable: true, auto_delete: false, arguments: {} }],
    bindings: [
      {
        source: 'shop',
        vhost: '/',
        destination: 'orders',
        destination_type: 'queue',
        routing_key: 'order.#',
        arguments: {},
      },
    ],
  };
  await page.getByLabel('Import RabbitMQ definitions file').setInputFiles({
    name: 'broken-definitions.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(broken)),
  });
  const dialog = page.getByRole('alertdialog', { name: 'Scenario not loaded' });
  await expect(dialog).toContainText('at bindings[0].destination: no queue named "orders" in virtual host "/"');
  await expect(dialog).toContainText('Your canvas is unchanged.');
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Checkout orders');
  await expect(page.locator('.react-flow__node')).toHaveCount(3);

  // A realistic export: 9 exchanges and 13 queues; what was ignored is said in a toast.
  await page.getByLabel('Import RabbitMQ definitions file').setInputFiles(FIXTURE);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('RabbitMQ definitions');
  await expect(page.locator('.react-flow__node')).toHaveCount(22);
  await expect(page.getByTestId('node-orders')).toBeVisible();
  await expect(page.getByTestId('node-orders.dead-letters')).toBeVisible();
  const status = page.getByRole('status');
  await expect(status).toContainText('Opened “RabbitMQ definitions” from rabbitmq-definitions.json.');
  await expect(status).toContainText('Imported with 6 notes');
  await expect(status).toContainText('… and 2 more');
  await page.screenshot({ path: `${SHOTS}/rabbit-definitions-imported.png` });

  // Export downloads definitions.json with the same topology.
  await menuButton.click();
  await expect(exportItem).not.toHaveAttribute('aria-disabled', 'true');
  const downloading = page.waitForEvent('download');
  await exportItem.click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('definitions.json');
  const savedPath = testInfo.outputPath('definitions.json');
  await download.saveAs(savedPath);
  const exported = JSON.parse(readFileSync(savedPath, 'utf8')) as {
    rabbit_version: string;
    exchanges: { name: string; arguments: Record<string, unknown> }[];
    queues: { name: string; arguments: Record<string, unknown> }[];
    bindings: { source: string; destination: string; routing_key: string }[];
  };
  expect(exported.rabbit_version).toBe('4.3.0');
  expect(exported.exchanges.map((x) => x.name)).not.toContain('amq.topic'); // built in: not declared
  expect(exported.exchanges.find((x) => x.name === 'orders')?.arguments).toEqual({
    'alternate-exchange': 'orders.unroutable',
  });
  expect(exported.queues).toHaveLength(13);
  expect(exported.queues.find((q) => q.name === 'orders.billing')?.arguments).toMatchObject({
    'x-queue-type': 'quorum',
    'x-delivery-limit': 5,
    'x-dead-letter-exchange': 'orders.dlx',
    'x-message-ttl': 60000,
  });
  expect(
    exported.bindings
      .filter((b) => b.source === 'direct_logs' && b.destination === 'logs.all')
      .map((b) => b.routing_key),
  ).toEqual(['error', 'info', 'warning']);
  await expect(status).toContainText('Exported 8 exchanges, 13 queues and 18 bindings to definitions.json');

  expect(errors).toEqual([]);
});

/**
 * Journey: save the scenario, reload, open the saved file; then open a broken file and see the
 * problems listed while the canvas stays exactly as it was.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { SHOTS, watchForErrors } from './support';

const nodeTitles = (page: Page) => page.locator('.react-flow__node .node__title').allInnerTexts();

test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

test('saves a scenario, opens it again, and rejects a broken file without touching the canvas', async ({
  page,
}, testInfo) => {
  const errors = watchForErrors(page);
  await page.goto('/');
  await expect(page.locator('.react-flow__node')).toHaveCount(3);

  // Give the scenario a new title, so opening the file visibly replaces the default one.
  const title = page.getByRole('complementary', { name: 'Inspector' }).getByLabel('Title');
  await title.fill('Orders round trip');
  await title.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Orders round trip');

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('orders-round-trip.eventscope.json');
  const savedPath = testInfo.outputPath('saved.eventscope.json');
  await download.saveAs(savedPath);
  const saved = JSON.parse(readFileSync(savedPath, 'utf8')) as {
    format: string;
    meta: { title: string };
    nodes: { id: string; kind: string; config: Record<string, unknown> }[];
  };
  expect(saved.format).toBe('eventscope.scenario');
  expect(saved.meta.title).toBe('Orders round trip');
  expect(saved.nodes.map((n) => n.id)).toEqual(['checkout', 'orders', 'order-service']);

  // A fresh page shows the default scenario; opening the file brings ours back.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Checkout orders');
  await page.getByLabel('Open scenario file').setInputFiles(savedPath);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Orders round trip');
  await expect(page.locator('.react-flow__node')).toHaveCount(3);
  await expect(page.getByRole('status')).toContainText('Opened');
  const titlesBefore = await nodeTitles(page);
  expect(titlesBefore).toEqual(['checkout', 'orders', 'order-service']);

  // A broken file: zero partitions and an unknown node kind.
  const broken = {
    ...saved,
    nodes: [
      ...saved.nodes.map((n) => (n.kind === 'kafka.topic' ? { ...n, config: { ...n.config, partitions: 0 } } : n)),
      { id: 'audit', kind: 'kafka.queue', config: {} },
    ],
  };
  await page.getByLabel('Open scenario file').setInputFiles({
    name: 'broken.eventscope.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(broken, null, 2)),
  });
  const dialog = page.getByRole('alertdialog', { name: 'Scenario not loaded' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('nodes[1].config.partitions');
  await expect(dialog).toContainText('got 0');
  await expect(dialog).toContainText('nodes[3]');
  await expect(dialog).toContainText('"kafka.queue"');
  await expect(dialog).toContainText('Your canvas is unchanged.');
  await page.screenshot({ path: `${SHOTS}/06-scenario-not-loaded.png` });

  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.locator('.react-flow__node')).toHaveCount(3);
  expect(await nodeTitles(page)).toEqual(titlesBefore);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Orders round trip');
  await expect(page.getByTestId('node-orders')).toContainText('6 partitions');

  expect(errors).toEqual([]);
});

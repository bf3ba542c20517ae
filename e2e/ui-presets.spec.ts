/**
 * Journey: open the "Partitions and keys" example from the Examples menu (mouse and keyboard),
 * follow its tour with Next and "Run to", then run it; and a tour's text is shown as text, never
 * as HTML, even when it looks like markup.
 */
import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { SHOTS, watchForErrors } from './support';

async function clockSeconds(page: Page): Promise<number> {
  return Number((await page.getByTestId('clock').innerText()).replace(/[^0-9.]/g, ''));
}

/** The store's virtual time in ms: exact, where the clock shows tenths of a second. */
async function virtualTimeMs(page: Page): Promise<number> {
  return page.evaluate(() => {
    type Store = { getState(): { timeMs: number } };
    return (window as unknown as { __eventscope: { store: Store } }).__eventscope.store.getState().timeMs;
  });
}

async function endOffsets(page: Page, topic: string): Promise<number[]> {
  const cells = await page.getByTestId(`node-${topic}`).locator('.partition__end').allInnerTexts();
  return cells.map((text) => Number(text.replace(/,/g, '')));
}

test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

test('opens the Partitions and keys example and follows its tour', async ({ page }) => {
  const errors = watchForErrors(page);
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Checkout orders');
  await expect(page.locator('.react-flow__node')).toHaveCount(3);
  // The default scenario has no tour: neither the card nor its button shows.
  await expect(page.getByRole('region', { name: 'Tour' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Tour' })).toHaveCount(0);

  // The menu button, by keyboard: ↓ opens on the first item, Escape closes and gives focus back.
  const examples = page.getByRole('button', { name: 'Examples' });
  await expect(examples).toHaveAttribute('aria-haspopup', 'menu');
  await expect(examples).toHaveAttribute('aria-expanded', 'false');
  await examples.focus();
  await page.keyboard.press('ArrowDown');
  const menu = page.getByRole('menu', { name: 'Examples' });
  await expect(menu).toBeVisible();
  await expect(examples).toHaveAttribute('aria-expanded', 'true');
  const item = menu.getByRole('menuitem', { name: 'Partitions and keys' });
  await expect(item).toBeFocused();
  await expect(item).toContainText('Same key, same partition');
  await expect(item).toContainText('6-step tour');
  const items = menu.getByRole('menuitem');
  const count = await items.count();
  await page.keyboard.press('ArrowUp'); // wraps to the last
  await expect(items.nth(count - 1)).toBeFocused();
  await page.keyboard.press('Home');
  await expect(item).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await expect(examples).toBeFocused();

  // A click outside closes it too.
  await examples.click();
  await expect(menu).toBeVisible();
  await page.getByRole('complementary', { name: 'Inspector' }).click({ position: { x: 150, y: 20 } });
  await expect(menu).toHaveCount(0);

  await examples.click();
  await expect(item).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/08-examples-menu.png` });
  await item.click();
  await expect(menu).toHaveCount(0);

  // The example replaces the canvas, as an opened file does.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Partitions and keys');
  await expect(page.locator('.react-flow__node')).toHaveCount(5);
  for (const id of ['bank', 'accounts', 'ledger', 'clicks', 'page-views']) {
    await expect(page.getByTestId(`node-${id}`)).toBeVisible();
  }
  await expect(page.getByTestId('node-accounts')).toContainText('3 partitions');
  await expect(page.getByRole('status')).toContainText('Opened “Partitions and keys” from the examples.');

  // The tour opens on step 1.
  const tour = page.getByRole('region', { name: 'Tour' });
  await expect(tour).toBeVisible();
  await expect(tour.getByTestId('tour-count')).toHaveText('Step 1 of 6');
  await expect(tour.getByRole('heading', { name: 'What is on the canvas' })).toBeVisible();
  await expect(tour.getByRole('button', { name: 'Back' })).toBeDisabled();
  await expect(tour.getByTestId('tour-text').locator('p')).toHaveCount(2);
  await page.screenshot({ path: `${SHOTS}/09-tour-step-1.png` });
  await page.getByRole('status').getByRole('button', { name: 'Dismiss' }).click();

  // Next; then "Run to 2.5 s" runs the paused simulation to exactly that time and pauses there.
  await tour.getByRole('button', { name: 'Next' }).click();
  await expect(tour.getByTestId('tour-count')).toHaveText('Step 2 of 6');
  await expect(tour.getByRole('heading', { name: 'Same key, same partition' })).toBeVisible();
  await tour.getByRole('button', { name: 'Run to 2.5 s' }).click();
  await expect(page.getByTestId('clock')).toHaveText('t = 2.5 s', { timeout: 20_000 });
  await expect(tour.getByRole('button', { name: 'Run to 2.5 s' })).toBeEnabled();
  expect(await virtualTimeMs(page)).toBe(2500);
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  // alice and bob share partition 0, dave has 1, carol 2 (what the tour says). The record sent at
  // 2.5 s itself still lingers in the producer (linger.ms 5), so P0 holds 5 of its 6.
  await expect.poll(() => endOffsets(page, 'accounts')).toEqual([5, 2, 2]);
  await page.screenshot({ path: `${SHOTS}/10-tour-run-to.png` });

  // Further on: C1 works through partition 0 first.
  await tour.getByRole('button', { name: 'Next' }).click();
  await expect(tour.getByTestId('tour-count')).toHaveText('Step 3 of 6');
  await tour.getByRole('button', { name: 'Run to 4 s' }).click();
  await expect(page.getByTestId('clock')).toHaveText('t = 4.0 s', { timeout: 20_000 });
  await expect(page.getByTestId('node-ledger').getByTestId('member')).toContainText('accounts-0');

  // Collapse, close and reopen: the tour keeps its place.
  await tour.getByRole('button', { name: 'Collapse tour' }).click();
  await expect(tour.getByTestId('tour-text')).toHaveCount(0);
  await expect(tour).toContainText('Within a partition, order holds');
  await page.screenshot({ path: `${SHOTS}/11-tour-collapsed.png` });
  await tour.getByRole('button', { name: 'Expand tour' }).click();
  await tour.getByRole('button', { name: 'Close tour' }).click();
  await expect(tour).toHaveCount(0);
  const reopen = page.getByRole('button', { name: 'Tour' });
  await expect(reopen).toBeFocused();
  await page.screenshot({ path: `${SHOTS}/12-tour-closed.png` });
  await reopen.click();
  await expect(tour.getByTestId('tour-count')).toHaveText('Step 3 of 6');

  // Play: the simulation runs on from there.
  await page.getByLabel('Speed').selectOption('5');
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  await expect.poll(() => clockSeconds(page)).toBeGreaterThan(8);
  await expect.poll(async () => (await endOffsets(page, 'page-views')).reduce((a, b) => a + b, 0)).toBeGreaterThan(80);
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.screenshot({ path: `${SHOTS}/13-tour-after-play.png` });

  // Back to step 2: its "Run to" restarts the run, since the clock is past 2.5 s.
  await tour.getByRole('button', { name: 'Back' }).click();
  await tour.getByRole('button', { name: 'Run to 2.5 s' }).click();
  await expect(page.getByTestId('clock')).toHaveText('t = 2.5 s', { timeout: 20_000 });
  await expect.poll(() => endOffsets(page, 'accounts')).toEqual([5, 2, 2]);

  // The last step: exactly 12 s, the user's speed is back, and the run goes on past 12 s.
  for (let step = 3; step <= 6; step++) await tour.getByRole('button', { name: 'Next' }).click();
  await expect(tour.getByRole('heading', { name: 'No key: sticky partitioning' })).toBeVisible();
  await tour.getByRole('button', { name: 'Run to 12 s' }).click();
  await expect(page.getByTestId('clock')).toHaveText('t = 12.0 s', { timeout: 30_000 });
  await expect(tour.getByRole('button', { name: 'Run to 12 s' })).toBeEnabled();
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  await expect(page.getByLabel('Speed')).toHaveValue('5');
  // 10 page views a second from t = 0: 121 sent by 12.0 s, the last still lingering (linger.ms 5).
  await expect.poll(async () => (await endOffsets(page, 'page-views')).reduce((a, b) => a + b, 0)).toBe(120);
  expect(await virtualTimeMs(page)).toBe(12_000);
  await page.getByRole('button', { name: 'Play' }).click();
  await expect.poll(() => clockSeconds(page)).toBeGreaterThan(13);
  await page.getByRole('button', { name: 'Pause' }).click();
  await tour.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('button', { name: 'Tour' })).toBeFocused();

  expect(errors).toEqual([]);
});

test('shows tour text as plain text, never as HTML, and resets the tour on load', async ({ page }) => {
  const errors = watchForErrors(page);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto('/');
  await expect(page.locator('.react-flow__node')).toHaveCount(3);

  const markup = '<img src=x onerror=alert(1)>';
  const scenario = {
    format: 'eventscope.scenario',
    version: 1,
    meta: {
      title: 'Markup in a tour',
      tour: [
        { title: '<b>Not bold</b>', text: `${markup}\n\nSecond <script>alert(2)</script> paragraph.` },
        { title: 'Two', text: 'The end.', atMs: 1000 },
      ],
    },
    nodes: [{ id: 'solo', kind: 'kafka.topic', config: { partitions: 2 } }],
  };
  const open = (title: string) =>
    page.getByLabel('Open scenario file').setInputFiles({
      name: 'markup.eventscope.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ ...scenario, meta: { ...scenario.meta, title } })),
    });
  await open('Markup in a tour');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Markup in a tour');

  const tour = page.getByRole('region', { name: 'Tour' });
  await expect(tour.getByTestId('tour-count')).toHaveText('Step 1 of 2');
  await expect(tour.getByRole('heading', { name: '<b>Not bold</b>' })).toBeVisible();
  const paragraphs = tour.getByTestId('tour-text').locator('p');
  await expect(paragraphs).toHaveText([markup, 'Second <script>alert(2)</script> paragraph.']);
  await expect(tour.locator('img, script, b')).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/14-tour-plain-text.png` });

  // Move on, then load again: the new scenario's tour starts at step 1.
  await tour.getByRole('button', { name: 'Next' }).click();
  await expect(tour.getByTestId('tour-count')).toHaveText('Step 2 of 2');
  await expect(tour.getByRole('button', { name: 'Run to 1 s' })).toBeVisible();
  await open('Markup again');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Markup again');
  await expect(tour.getByTestId('tour-count')).toHaveText('Step 1 of 2');

  expect(dialogs).toEqual([]);
  expect(errors).toEqual([]);
});

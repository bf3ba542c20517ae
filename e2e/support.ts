/** Shared helpers of the e2e journeys. */
import { expect, type Locator, type Page } from '@playwright/test';

export const SHOTS = 'test-results/screenshots';

/** Collects page errors, console errors and failed HTTP responses (STACK.md P12). */
export function watchForErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`HTTP ${response.status()} ${response.url()}`);
  });
  return errors;
}

/** Drops a palette item at (x, y) of the canvas pane. */
export async function addFromPalette(page: Page, name: string, x: number, y: number): Promise<void> {
  await page
    .getByRole('button', { name: `Add ${name}` })
    .dragTo(page.locator('.react-flow__pane'), { targetPosition: { x, y } });
}

/** Drags from one node's source handle to another's target handle (a connection, if allowed). */
export async function wire(page: Page, from: string, to: string): Promise<void> {
  await page
    .getByTestId(`node-${from}`)
    .locator('.react-flow__handle.source')
    .dragTo(page.getByTestId(`node-${to}`).locator('.react-flow__handle.target'));
}

/** Selects a node by clicking its header. */
export async function select(node: Locator): Promise<void> {
  await node.locator('.node__head').click();
}

/** Dismisses the notices (run restarted, …) so screenshots show the canvas. */
export async function dismissToasts(page: Page): Promise<void> {
  const buttons = page.getByRole('status').getByRole('button', { name: 'Dismiss' });
  while ((await buttons.count()) > 0) await buttons.first().click();
}

/** The number in an element's text (digits and the decimal point only). */
export async function numberIn(locator: Locator): Promise<number> {
  return Number((await locator.innerText()).replace(/[^0-9.]/g, ''));
}

/** Opens the app and deletes the default scenario's three nodes: an empty canvas to build on. */
export async function openEmptyCanvas(page: Page): Promise<void> {
  await page.goto('/');
  const nodes = page.locator('.react-flow__node');
  await expect(nodes).toHaveCount(3);
  for (const id of ['checkout', 'orders', 'order-service']) {
    await select(page.getByTestId(`node-${id}`));
    await page.keyboard.press('Delete');
  }
  await expect(nodes).toHaveCount(0);
  await expect(page.getByText('An empty canvas.')).toBeVisible();
}

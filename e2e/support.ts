/** Shared helpers of the e2e journeys. */
import type { Page } from '@playwright/test';

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

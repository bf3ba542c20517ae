#!/usr/bin/env node
// Makes sure the e2e tests have a Chromium: CHROMIUM_PATH, Debian's /usr/bin/chromium (installed
// here with apt when we are root on Debian/Ubuntu), or Playwright's own download on a laptop.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';

function playwrightHasChromium() {
  const dir = process.env.PLAYWRIGHT_BROWSERS_PATH || join(homedir(), '.cache', 'ms-playwright');
  try {
    return readdirSync(dir).some((name) => name.startsWith('chromium'));
  } catch {
    return false;
  }
}

function hasAptGet() {
  try {
    execSync('command -v apt-get', { stdio: 'ignore', shell: '/bin/sh' });
    return true;
  } catch {
    return false;
  }
}

if (process.env.CHROMIUM_PATH) {
  if (!existsSync(process.env.CHROMIUM_PATH)) {
    console.error(`ensure-chromium: CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist.`);
    process.exit(1);
  }
} else if (existsSync(SYSTEM_CHROMIUM) || playwrightHasChromium()) {
  // Nothing to do.
} else if (process.getuid?.() === 0 && hasAptGet()) {
  console.log('ensure-chromium: installing Debian chromium (about 20 s)…');
  execSync('apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium fonts-liberation', {
    stdio: 'inherit',
    shell: '/bin/sh',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
} else {
  console.error(
    [
      'ensure-chromium: no Chromium found for the end-to-end tests. Do one of:',
      '  - Debian/Ubuntu: sudo apt-get install --no-install-recommends chromium',
      '  - any OS: npx playwright install chromium',
      '  - or set CHROMIUM_PATH to a Chromium or Chrome binary.',
    ].join('\n'),
  );
  process.exit(1);
}

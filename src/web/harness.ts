/**
 * Test and bench support for the dashboard (Node only, never bundled): Debian's Chromium through
 * playwright-core, a fresh build of the app, and a real server on an ephemeral port.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';

export const CHROMIUM = process.env.ATTUNE_CHROMIUM ?? '/usr/bin/chromium';

// Without the background-networking flags Chromium keeps calling out, and this machine has no network.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Null when Chromium is there; otherwise why the browser tests cannot run. */
export function chromiumMissing(): string | null {
  return existsSync(CHROMIUM) ? null : `Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium)`;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/** Builds the dashboard into a fresh temporary folder and returns it. */
export async function buildWebInto(): Promise<string> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'attune-web-'));
  await build({
    configFile: path.join(import.meta.dirname, 'vite.config.ts'),
    build: { outDir, emptyOutDir: true },
    logLevel: 'error',
  });
  return outDir;
}

/** Resolves when the page has a heading, nothing is loading and every chart has finished drawing. */
export async function settled(page: Page, timeout?: number): Promise<void> {
  await page.waitForFunction(
    () =>
      !document.querySelector('.loading') &&
      document.querySelector('h1') !== null &&
      [...document.querySelectorAll('[data-chart]')].every((c) => c.hasAttribute('data-drawn')),
    undefined,
    timeout === undefined ? {} : { timeout },
  );
}

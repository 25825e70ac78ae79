/**
 * What the browser tests do on the workbench page, as a user would: go to a cell through
 * the name box, read what a cell shows, type into a cell, wait for a cell to show a text.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, RESULTS, type Browser } from './setup/server';

export const BASE = () => {
  const b = process.env.WORKBENCH_BASE;
  if (!b)
    throw new Error(
      'WORKBENCH_BASE is not set: run the browser tests with `npm run test:e2e` (its global setup starts the dev server).',
    );
  return b;
};

export interface Session {
  browser: Browser;
  page: Page;
  /** Requests that went anywhere but the dev server (blocked). */
  offHost: string[];
  /** Every URL the page requested. */
  requests: string[];
  /** Errors thrown in the page. */
  pageErrors: string[];
}

/**
 * A fresh browser on the workbench page, with every request to another host blocked and
 * recorded. `query`: the page's query string ("pane=320": the task pane at that width).
 */
export async function openWorkbench(
  options: { query?: string; viewport?: { width: number; height: number } } = {},
): Promise<Session> {
  mkdirSync(RESULTS, { recursive: true });
  const browser = await launchBrowser();
  const page = await browser.context.newPage();
  const base = BASE();
  const origin = new URL(base).origin;
  const offHost: string[] = [];
  const requests: string[] = [];
  const pageErrors: string[] = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    requests.push(url);
    if (url.startsWith('blob:') || url.startsWith('data:') || url.startsWith(origin)) return route.continue();
    offHost.push(url);
    return route.abort();
  });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  if (options.viewport) await page.setViewportSize(options.viewport);
  await page.goto(`${base}/workbench.html${options.query ? `?${options.query}` : ''}`);
  await page.locator('[data-testid=grid-body]').waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Build model' }).waitFor({ timeout: 60_000 });
  return { browser, page, offHost, requests, pageErrors };
}

export const cell = (page: Page, address: string) => page.locator(`[data-testid=grid-body] [data-addr="${address}"]`);

/** Selects a cell (or a defined name) through the name box, as a user would. */
export async function goTo(page: Page, target: string): Promise<void> {
  const box = page.getByTestId('name-box');
  await box.click();
  await box.fill(target);
  await box.press('Enter');
}

/** Goes to a cell and returns the text it shows. */
export async function readCell(page: Page, address: string): Promise<string> {
  await goTo(page, address);
  const c = cell(page, address);
  await c.waitFor();
  return (await c.innerText()).trim();
}

/** Goes to a cell, types `text` and presses Enter (the grid starts editing on the first key). */
export async function typeInto(page: Page, address: string, text: string): Promise<void> {
  await goTo(page, address);
  await cell(page, address).waitFor();
  await page.keyboard.type(text);
  await page.getByTestId('cell-editor').waitFor();
  await page.keyboard.press('Enter');
  await page.getByTestId('cell-editor').waitFor({ state: 'detached' });
}

/**
 * Reads `read()` every 50 ms until `ok` accepts what it gives (a key press or a recalculation
 * shows a frame or more later), for up to `timeout` ms, and returns it; fails with `what`
 * and the last value read.
 */
export async function until<T>(
  page: Page,
  read: () => Promise<T>,
  ok: (v: T) => boolean,
  what: string,
  timeout = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeout;
  let last = await read();
  while (!ok(last) && Date.now() < deadline) {
    await page.waitForTimeout(50);
    last = await read();
  }
  if (!ok(last)) throw new Error(`${what}: last read ${JSON.stringify(last)}`);
  return last;
}

/** Waits until a cell shows `expected` (the engine recalculates synchronously; React renders next frame). */
export async function expectCell(page: Page, address: string, expected: string, timeout = 10_000): Promise<void> {
  await goTo(page, address);
  const c = cell(page, address);
  const text = async () => ((await c.count()) ? await c.innerText() : '').trim();
  await until(page, text, (v) => v === expected, `${address} should show "${expected}"`, timeout);
}

/** Waits until an element's text is exactly `expected`. */
export async function expectText(page: Page, testId: string, expected: string, timeout = 10_000): Promise<void> {
  const el = page.getByTestId(testId);
  const text = async () => ((await el.count()) ? await el.innerText() : '').trim();
  await until(page, text, (v) => v === expected, `[data-testid=${testId}] should show "${expected}"`, timeout);
}

/** Waits until a text box's value is exactly `expected`. */
export async function expectValue(page: Page, testId: string, expected: string, timeout = 10_000): Promise<void> {
  const el = page.getByTestId(testId);
  const value = async () => ((await el.count()) ? await el.inputValue() : '');
  await until(page, value, (v) => v === expected, `[data-testid=${testId}] should hold "${expected}"`, timeout);
}

export function resultPath(name: string): string {
  return join(RESULTS, name);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const path = resultPath(name);
  await page.screenshot({ path });
  return path;
}

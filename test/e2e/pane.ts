/**
 * What the browser tests need to judge the task pane as a user with any width of pane, any
 * input device or a screen reader would: open a view whether its tab fits or sits behind
 * "More", run axe-core on the page (its source evaluated in the page: the pages' CSP lets
 * no inline script in), and find content that runs past the pane's right edge.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { until } from './helpers';
import { ROOT } from './setup/server';

/** Opens a view of the pane: its tab when it is shown, else through the More menu. */
export async function openPaneView(page: Page, pane: Locator, label: string): Promise<void> {
  const tab = pane.getByRole('tab', { name: label, exact: true });
  if (await tab.count()) await tab.click();
  else {
    await pane.getByTestId('tabs-more').click();
    await pane.getByRole('menuitemradio', { name: label, exact: true }).click();
  }
  const panel = pane.getByRole('tabpanel', { name: label });
  await panel.waitFor({ timeout: 30_000 });
  await panel.getByText(`Loading ${label}...`).waitFor({ state: 'detached', timeout: 30_000 });
  // Fluent's first paint of a lazy view (fonts, measured text) settles in a frame or two.
  await page.waitForTimeout(150);
}

let axeSource: string | undefined;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * axe-core's violations on the page (every rule it runs by default, colour contrast
 * included), each with the first few offending elements.
 */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  // A tooltip fading in or out (the mouse was left over a button) is half transparent, and
  // axe would judge its colours mid-fade: move the mouse off everything and let it close.
  // Only a shown one: Fluent keeps a "description" tooltip's content in the page, hidden, for
  // aria-describedby, and waiting for those to leave only ever ran into the timeout (3 s).
  await page.mouse.move(1, 1);
  await page
    .locator('[role=tooltip]:visible')
    .first()
    .waitFor({ state: 'detached', timeout: 3000 })
    .catch(() => undefined);
  axeSource ??= readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await page.evaluate(`${axeSource}\n;window.axe = axe;`);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<AxeResultsLike> } }).axe;
    const r = await axe.run(document);
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes
        .slice(0, 3)
        .map((n) => `${n.target.join(' ')}: ${n.html.slice(0, 300)} (${n.failureSummary ?? ''})`),
    }));
  });
}

interface AxeResultsLike {
  violations: Array<{
    id: string;
    impact?: string | null;
    help: string;
    nodes: Array<{ target: string[]; html: string; failureSummary?: string }>;
  }>;
}

/** The serious and critical ones: what the tests keep at zero. */
export const serious = (violations: AxeViolation[]) =>
  violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');

/**
 * Elements inside `root` whose right edge lies past root's (content a user would have to
 * scroll sideways for, or would never see), described by tag, test id and text. Elements
 * inside a box that scrolls or clips sideways on purpose are judged by that box.
 */
export async function pastRightEdge(root: Locator): Promise<string[]> {
  return root.evaluate((el) => {
    const limit = el.getBoundingClientRect().right + 0.5;
    const out: string[] = [];
    const clipped = (e: Element): boolean => {
      for (let p = e.parentElement; p && p !== el; p = p.parentElement) {
        const ox = getComputedStyle(p).overflowX;
        if (ox === 'auto' || ox === 'scroll' || ox === 'hidden' || ox === 'clip')
          return p.getBoundingClientRect().right <= limit;
      }
      return false;
    };
    for (const e of el.querySelectorAll('*')) {
      const r = e.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      const st = getComputedStyle(e);
      if (st.visibility === 'hidden' || st.position === 'fixed') continue;
      if (r.right > limit && !clipped(e)) {
        const id = e.getAttribute('data-testid');
        out.push(
          `<${e.tagName.toLowerCase()}${id ? ` data-testid=${id}` : ''}> right ${Math.round(r.right)} > ${Math.round(limit)}: "${(e.textContent ?? '').trim().slice(0, 40)}"`,
        );
      }
    }
    return out;
  });
}

/**
 * Types rows into the grid from `topLeft` as people enter a table in Excel: each value
 * then Tab, Enter after a row's last value, which goes back to the column the row started
 * in. Checks that it does (Excel's Tab run) after every row.
 */
export async function typeRows(
  page: Page,
  topLeft: string,
  rows: ReadonlyArray<ReadonlyArray<string | number>>,
): Promise<void> {
  const [, col, row] = /^([A-Z]+)(\d+)$/.exec(topLeft)!;
  const box = page.getByTestId('name-box');
  await box.click();
  await box.fill(topLeft);
  await box.press('Enter');
  const editor = page.getByTestId('cell-editor');
  for (let i = 0; i < rows.length; i++) {
    for (let j = 0; j < rows[i].length; j++) {
      await page.keyboard.type(String(rows[i][j]));
      await editor.waitFor();
      await page.keyboard.press(j === rows[i].length - 1 ? 'Enter' : 'Tab');
      await editor.waitFor({ state: 'detached' });
    }
    // The name box follows the selection a frame after the key: wait for it before judging.
    const next = `${col}${Number(row) + i + 1}`;
    await until(
      page,
      () => box.inputValue(),
      (at) => at === next,
      `after row ${i + 1}, Enter should go back to ${next}`,
      5000,
    );
  }
}

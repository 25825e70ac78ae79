/**
 * The task pane at Excel's own width (320 px), in Chromium: every view reachable by mouse
 * and by keyboard (the tabs that fit, the rest through "More"), each view with content in
 * it shows nothing past the pane's right edge, and axe-core (every rule, colour contrast
 * included) finds no serious or critical violation on any view, in the workbench and on
 * the task pane's own page. Screenshots: test-results/pane-320-<view>.png.
 */
import { VIEWS } from '../../src/taskpane/views';
import { BASE, cell, expectText, goTo, openWorkbench, resultPath, type Session } from './helpers';
import { openPaneView, pastRightEdge, runAxe, serious, typeRows } from './pane';

let s: Session;

beforeAll(async () => {
  s = await openWorkbench({ query: 'pane=320', viewport: { width: 1366, height: 768 } });
}, 120_000);

afterAll(async () => {
  await s?.browser.close();
});

const LABELS = VIEWS.map((v) => v.label);
const pane = () => s.page.getByRole('complementary', { name: 'Outcome ROI task pane' });
const tabTexts = () => pane().getByRole('tab').allInnerTexts();
const focused = () =>
  s.page.evaluate(() => {
    const a = document.activeElement as HTMLElement | null;
    return { role: a?.getAttribute('role') ?? a?.tagName.toLowerCase(), text: a?.textContent?.trim() ?? '' };
  });

test('the pane is 320 px wide; the first views are tabs, the rest behind More', async () => {
  const box = await pane().boundingBox();
  expect(box?.width).toBe(320);
  const tabs = await tabTexts();
  expect(tabs.length).toBeGreaterThanOrEqual(2);
  expect(tabs.length).toBeLessThan(LABELS.length);
  expect(tabs).toEqual(LABELS.slice(0, tabs.length));
  // The strip itself fits: the More button ends inside the pane.
  const more = await pane().getByTestId('tabs-more').boundingBox();
  expect(more!.x + more!.width).toBeLessThanOrEqual(box!.x + box!.width);
});

test('every view is reachable by mouse; More then names the open view and the menu marks it', async () => {
  for (const label of LABELS) {
    await openPaneView(s.page, pane(), label);
    await expect(pane().getByRole('tabpanel', { name: label }).count()).resolves.toBe(1);
    const asTab = pane().getByRole('tab', { name: label, exact: true });
    if (await asTab.count()) {
      await expect(asTab.getAttribute('aria-selected')).resolves.toBe('true');
    } else {
      const more = pane().getByTestId('tabs-more');
      await expect(more.innerText()).resolves.toBe(label);
      await more.click();
      const item = pane().getByRole('menuitemradio', { name: label, exact: true });
      await expect(item.getAttribute('aria-checked')).resolves.toBe('true');
      await s.page.keyboard.press('Escape');
      await expect(pane().getByRole('menu').count()).resolves.toBe(0);
    }
  }
  await openPaneView(s.page, pane(), LABELS[0]);
});

test('and by keyboard alone: F6 into the pane, arrows along the tabs, Tab to More, arrows in its menu', async () => {
  await cell(s.page, 'A1').click();
  // F6 from the grid: the pane, on its first tab.
  await s.page.keyboard.press('F6');
  await expect(focused()).resolves.toEqual({ role: 'tab', text: LABELS[0] });
  const tabs = await tabTexts();
  for (let i = 1; i < tabs.length; i++) {
    await s.page.keyboard.press('ArrowRight');
    await s.page.keyboard.press('Enter');
    await pane().getByRole('tabpanel', { name: tabs[i] }).waitFor();
  }
  // Tab from the strip reaches More (the other tabs are not Tab stops).
  await s.page.keyboard.press('Tab');
  await expect(focused()).resolves.toEqual({ role: 'button', text: 'More' });
  for (const label of LABELS.slice(tabs.length)) {
    // Down opens the menu on its first item (on the checked one once it holds the open view).
    await s.page.keyboard.press('ArrowDown');
    await expect(focused()).resolves.toMatchObject({ role: 'menuitemradio' });
    for (let n = 0; n < LABELS.length && (await focused()).text !== label; n++)
      await s.page.keyboard.press('ArrowDown');
    await expect(focused()).resolves.toEqual({ role: 'menuitemradio', text: label });
    await s.page.keyboard.press('Enter');
    await pane().getByRole('tabpanel', { name: label }).waitFor();
    // The menu closes and the keyboard is back on More, which now names the open view.
    await expect(focused()).resolves.toEqual({ role: 'button', text: label });
  }
  // Shift+Tab from More goes back to the strip's one tab stop.
  await s.page.keyboard.press('Shift+Tab');
  await expect(focused()).resolves.toMatchObject({ role: 'tab' });
  await s.page.keyboard.press('Home');
  await s.page.keyboard.press('Enter');
  await pane().getByRole('tabpanel', { name: LABELS[0] }).waitFor();
});

/** The checks for one view, as it stands: nothing past the right edge, nothing serious for axe, a screenshot. */
async function judge(id: string): Promise<void> {
  await s.page.waitForTimeout(200);
  expect({ id, past: await pastRightEdge(pane()) }).toEqual({ id, past: [] });
  expect({ id, axe: serious(await runAxe(s.page)) }).toEqual({ id, axe: [] });
  await pane().screenshot({ path: resultPath(`pane-320-${id}.png`) });
}

test('each view at 320 px, with content in it: nothing past the right edge, axe finds nothing serious or critical', async () => {
  const p = pane();
  // A table of sources and a column of metric names, typed row by row as in Excel (Tab, Enter).
  await typeRows(s.page, 'A1', [
    ['Source', 'Leads', 'Qualified opps', 'Won', 'Revenue', 'Cost'],
    ['Trade show', 2300, 23, 5, 250000, 90000],
    ['Webinar', 200, 40, 8, 400000, 15000],
    ['Content syndication partners', 800, 60, 10, 500000, 40000],
    ['Referral', 60, 20, 7, 350000, 5000],
  ]);
  await typeRows(s.page, 'A10', [['Metric'], ['Emails sent'], ['Website visits'], ['MQLs'], ['Revenue'], ['LTV:CAC']]);

  // Model: the form and its preview; then the model built.
  await openPaneView(s.page, p, 'Model');
  await judge('model');
  await p.getByRole('button', { name: 'Build model' }).click();
  await p.getByTestId('model-notice').filter({ hasText: 'Model built' }).waitFor({ timeout: 30_000 });
  await judge('model-built');

  // Lead sources: the table read, the columns, the sentences and the ranked table.
  await s.page.locator('[data-sheet-tab="Sheet1"]').click();
  await goTo(s.page, 'B3');
  await openPaneView(s.page, p, 'Lead sources');
  await p.getByRole('button', { name: 'Use the selection' }).click();
  await expectText(s.page, 'sources-range', 'Sheet1!A1:F5: 4 sources', 30_000);
  await p.getByTestId('sources-row').first().waitFor();
  await judge('sources');
  // Not past the edge, and not squeezed either: each source's name keeps a column a word wide.
  const nameWidths = await p
    .getByTestId('sources-row')
    .evaluateAll((rows) => rows.map((r) => Math.round(r.querySelector('td')!.getBoundingClientRect().width)));
  expect(nameWidths).toHaveLength(4);
  for (const w of nameWidths) expect(w).toBeGreaterThanOrEqual(80);
  await p
    .getByRole('table', { name: 'Lead quality by source' })
    .screenshot({ path: resultPath('pane-320-sources-table.png') });
  await p.getByRole('button', { name: 'Add scorecard' }).click();
  await p.getByTestId('sources-notice').waitFor({ timeout: 30_000 });
  await judge('sources-added');

  // Review: the inventory of the model's formulas and an explanation.
  await openPaneView(s.page, p, 'Review');
  await p
    .getByTestId('review-summary')
    .filter({ hasText: /ROI formulas? on/ })
    .waitFor({ timeout: 30_000 });
  await p
    .getByRole('button', { name: /^Explain .+!/ })
    .first()
    .click();
  await p.getByTestId('review-explanation').waitFor({ timeout: 30_000 });
  await judge('review');

  // Share: prepared for sharing, the frozen formulas listed.
  await openPaneView(s.page, p, 'Share');
  await p.getByRole('button', { name: 'Prepare for sharing' }).click();
  await p.getByTestId('share-notice').filter({ hasText: 'Ready to share' }).waitFor({ timeout: 30_000 });
  await judge('share');
  await p.getByRole('button', { name: 'Restore formulas' }).click();
  await p.getByTestId('share-notice').filter({ hasText: 'Formulas restored' }).waitFor({ timeout: 30_000 });

  // Outcome check: the names labelled, the mix, the missing outcomes.
  await s.page.locator('[data-sheet-tab="Sheet1"]').click();
  await goTo(s.page, 'A11');
  await openPaneView(s.page, p, 'Outcome check');
  await p.getByRole('button', { name: 'Check the selection' }).click();
  await p.getByTestId('outcome-mix').waitFor({ timeout: 30_000 });
  await judge('outcome');

  // Any view a later change adds (Calibrate): at least as it opens.
  for (const v of VIEWS.filter((x) => !['model', 'sources', 'review', 'share', 'outcome'].includes(x.id))) {
    await openPaneView(s.page, p, v.label);
    await judge(v.id);
  }

  // The More menu, open.
  await p.getByTestId('tabs-more').click();
  await p.getByRole('menu').waitFor();
  expect(serious(await runAxe(s.page))).toEqual([]);
  await p.screenshot({ path: resultPath('pane-320-more-menu.png') });
  await s.page.keyboard.press('Escape');
  expect(s.pageErrors).toEqual([]);
});

test("the task pane's own page at 320 x 640 (as Excel shows it): one main, a banner, the nav; axe finds nothing serious or critical", async () => {
  const page = await s.browser.context.newPage();
  try {
    await page.setViewportSize({ width: 320, height: 640 });
    // office.js comes from Microsoft's CDN in production; here nothing leaves the dev server.
    const origin = new URL(BASE()).origin;
    await page.route('**/*', (route) => (route.request().url().startsWith(origin) ? route.continue() : route.abort()));
    await page.goto(`${BASE()}/taskpane.html`);
    await page.getByRole('button', { name: 'Build model' }).waitFor({ timeout: 60_000 });
    await expect(page.getByRole('main').count()).resolves.toBe(1);
    await expect(page.getByRole('banner').count()).resolves.toBe(1);
    await expect(page.getByRole('navigation', { name: 'Outcome ROI views' }).count()).resolves.toBe(1);
    const scrolls = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(scrolls).toBe(0);
    for (const label of LABELS) {
      await openPaneView(page, page.locator('body'), label);
      const found = await runAxe(page);
      expect({ label, axe: serious(found) }).toEqual({ label, axe: [] });
      // The landmarks axe asks for are there now.
      expect(found.map((v) => v.id)).not.toContain('landmark-one-main');
      expect(found.map((v) => v.id)).not.toContain('aria-hidden-focus');
    }
    await openPaneView(page, page.locator('body'), LABELS[0]);
    await page.screenshot({ path: resultPath('pane-320-taskpane-page.png') });
  } finally {
    await page.close();
  }
});

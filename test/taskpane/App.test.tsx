/** @jest-environment jsdom */
/**
 * The pane's shell at any width: every view reachable by mouse and keyboard, the tabs that
 * fit and the rest behind "More" (which says when it holds the open view), the landmarks
 * (a main, a banner with the page's h1, a nav), and axe-core finding nothing serious on any
 * view. jsdom lays nothing out, so the narrow pane's widths are given to the measuring
 * elements here; the browser tests (test/e2e/pane.test.ts) measure the real ones.
 */
import '../helpers/dom-setup';
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import App from '../../src/taskpane/App';
import { tabsThatFit } from '../../src/taskpane/components/TabStrip';
import { VIEWS } from '../../src/taskpane/views';
import { createEngineWorkbook } from '../../src/workbook/engine';
import { axeViolations, expectNoSeriousViolations, focusableInsideAriaHidden } from '../helpers/axe';

jest.setTimeout(60_000);

const LABELS = VIEWS.map((v) => v.label);

describe('tabsThatFit', () => {
  const more = (holds: boolean) => (holds ? 120 : 60);

  test('all tabs when they fit, else as many as leave room for More', () => {
    expect(tabsThatFit([50, 100, 60, 50, 110], 400, more, 0)).toBe(5);
    expect(tabsThatFit([50, 100, 60, 50, 110], 320, more, 0)).toBe(4); // 260 + 60
    expect(tabsThatFit([50, 100, 60, 50, 110], 319, more, 0)).toBe(3); // 210 + 60
  });

  test('More takes the width of the open view it stands for', () => {
    // The open view (index 4) is folded: More shows its label (120 px), one tab fewer fits.
    expect(tabsThatFit([50, 100, 60, 50, 110], 300, more, 4)).toBe(2); // 150 + 120
    expect(tabsThatFit([50, 100, 60, 50, 110], 300, more, 1)).toBe(3); // 210 + 60
  });

  test('no tab at all beside More when the pane is narrower than one tab and More', () => {
    expect(tabsThatFit([200, 100], 150, more, 0)).toBe(0);
    expect(tabsThatFit([], 100, more, 0)).toBe(0);
  });
});

/**
 * Gives jsdom a layout for the tab strip: the strip is `width` pixels wide and each
 * measured label is 8 px a character plus 16 px of padding (and 16 for More's chevron).
 */
function narrowPane(width: number): () => void {
  const rect = HTMLElement.prototype.getBoundingClientRect;
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', {
    configurable: true,
    get(this: HTMLElement) {
      return this.querySelector(':scope > [role=tablist]') ? width : 0;
    },
  });
  HTMLElement.prototype.getBoundingClientRect = function (this: HTMLElement) {
    const key = this.dataset.measure;
    if (!key) return rect.call(this);
    const w = (this.textContent ?? '').length * 8 + 16 + (key.startsWith('more:') ? 16 : 0);
    return { width: w, height: 32, top: 0, left: 0, right: w, bottom: 32, x: 0, y: 0, toJSON: () => ({}) };
  };
  return () => {
    delete (HTMLElement.prototype as { clientWidth?: number }).clientWidth;
    HTMLElement.prototype.getBoundingClientRect = rect;
  };
}

function renderApp(initialView?: string) {
  const wb = createEngineWorkbook();
  const user = userEvent.setup();
  const utils = render(<App port={wb} theme="light" initialView={initialView} />);
  return { ...utils, user, wb };
}

const nav = () => screen.getByRole('navigation', { name: 'Outcome ROI views' });
/** The open view's panel, once its lazily loaded view has drawn (its first h2). */
async function panel(label: string): Promise<HTMLElement> {
  const p = await screen.findByRole('tabpanel', { name: label });
  await within(p).findAllByRole('heading', { level: 2 });
  return p;
}

describe('a pane wide enough for every tab', () => {
  test('one tab per view, no More; the open view is the tab panel inside the main landmark', async () => {
    renderApp();
    await panel('Model');
    expect(
      within(nav())
        .getAllByRole('tab')
        .map((t) => t.textContent),
    ).toEqual(LABELS);
    expect(screen.queryByTestId('tabs-more')).toBeNull();
    const main = screen.getByRole('main');
    expect(within(main).getByRole('tabpanel', { name: 'Model' })).toBeTruthy();
    expect(screen.getByRole('banner').contains(screen.getByRole('heading', { level: 1, name: 'Outcome ROI' }))).toBe(
      true,
    );
    expect(screen.getByRole('tab', { name: 'Model' }).getAttribute('aria-controls')).toBe('view-model');
  });

  test('keyboard: one Tab stop on the selected tab, arrows move along (wrapping), Enter opens', async () => {
    const { user } = renderApp();
    await panel('Model');
    const tabs = within(nav()).getAllByRole('tab');
    expect(tabs.map((t) => t.tabIndex)).toEqual(tabs.map((_, i) => (i === 0 ? 0 : -1)));
    await user.tab();
    expect(document.activeElement).toBe(tabs[0]);
    await user.keyboard('{ArrowRight}{ArrowRight}');
    expect(document.activeElement).toBe(tabs[2]);
    expect(tabs[2].tabIndex).toBe(0);
    await user.keyboard('{Enter}');
    await panel(LABELS[2]);
    expect(tabs[2].getAttribute('aria-selected')).toBe('true');
    await user.keyboard('{ArrowLeft}{ArrowLeft}{ArrowLeft}');
    expect(document.activeElement).toBe(tabs[tabs.length - 1]);
    await user.keyboard('{Home}');
    expect(document.activeElement).toBe(tabs[0]);
    await user.keyboard('{End} ');
    await panel(LABELS[LABELS.length - 1]);
  });
});

describe('a pane at Excel width (320 px)', () => {
  let restore: () => void;
  beforeEach(() => {
    restore = narrowPane(320);
  });
  afterEach(() => restore());

  test('the first views as tabs, the rest behind More, every one reachable by mouse', async () => {
    const { user } = renderApp();
    await panel('Model');
    const shownTabs = within(nav())
      .getAllByRole('tab')
      .map((t) => t.textContent);
    expect(shownTabs.length).toBeLessThan(LABELS.length);
    expect(shownTabs).toEqual(LABELS.slice(0, shownTabs.length));
    const more = screen.getByTestId('tabs-more');
    expect(more.textContent).toBe('More');
    expect(more.getAttribute('aria-label')).toBe('More views');
    expect(more.getAttribute('aria-expanded')).toBe('false');

    for (const label of LABELS.slice(shownTabs.length)) {
      await user.click(screen.getByTestId('tabs-more'));
      const menu = screen.getByRole('menu', { name: 'More views' });
      // The menu holds exactly the views without a tab.
      expect(
        within(menu)
          .getAllByRole('menuitemradio')
          .map((i) => i.textContent),
      ).toEqual(LABELS.filter((l) => !within(nav()).queryByRole('tab', { name: l })));
      await user.click(within(menu).getByRole('menuitemradio', { name: label }));
      await panel(label);
      expect(screen.queryByRole('menu')).toBeNull();
      // More now stands for the open view: its label, selected look, checked in the menu.
      const button = screen.getByTestId('tabs-more');
      expect(button.textContent).toBe(label);
      expect(button.getAttribute('aria-label')).toBe(`${label}, more views`);
      expect(document.activeElement).toBe(button);
      await user.click(button);
      const checked = within(screen.getByRole('menu')).getByRole('menuitemradio', { checked: true });
      expect(checked.textContent).toBe(label);
      await user.keyboard('{Escape}');
      expect(screen.queryByRole('menu')).toBeNull();
    }
    // Back to a tab: More is "More" again.
    await user.click(screen.getByRole('tab', { name: 'Model' }));
    await panel('Model');
    expect(screen.getByTestId('tabs-more').textContent).toBe('More');
  });

  test('and by keyboard: Tab to More, Down opens on the first item, Down/Enter picks, Escape returns', async () => {
    const { user } = renderApp();
    await panel('Model');
    const folded = LABELS.filter((l) => !within(nav()).queryByRole('tab', { name: l }));
    expect(folded.length).toBeGreaterThanOrEqual(2);
    await user.tab(); // the selected tab
    await user.tab(); // More
    expect(document.activeElement).toBe(screen.getByTestId('tabs-more'));
    await user.keyboard('{ArrowDown}');
    const items = within(screen.getByRole('menu')).getAllByRole('menuitemradio');
    expect(document.activeElement).toBe(items[0]);
    await user.keyboard('{ArrowUp}');
    expect(document.activeElement).toBe(items[items.length - 1]);
    await user.keyboard('{Home}{ArrowDown}{Enter}');
    await panel(folded[1]);
    expect(document.activeElement).toBe(screen.getByTestId('tabs-more'));
    // Enter on More opens the menu on the checked item.
    await user.keyboard('{Enter}');
    expect(document.activeElement?.textContent).toBe(folded[1]);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('tabs-more'));
    // Tab out of an open menu closes it.
    await user.keyboard(' ');
    expect(screen.getByRole('menu')).toBeTruthy();
    await user.tab();
    expect(screen.queryByRole('menu')).toBeNull();
  });

  test('a click outside closes the menu without choosing', async () => {
    const { user } = renderApp();
    await panel('Model');
    await user.click(screen.getByTestId('tabs-more'));
    expect(screen.getByRole('menu')).toBeTruthy();
    await user.click(document.body);
    expect(screen.queryByRole('menu')).toBeNull();
    expect(screen.getByRole('tab', { name: 'Model' }).getAttribute('aria-selected')).toBe('true');
  });

  test('axe: nothing serious or critical, menu closed and open', async () => {
    const { user } = renderApp();
    await panel('Model');
    await expectNoSeriousViolations();
    await user.click(screen.getByTestId('tabs-more'));
    await expectNoSeriousViolations();
  });
});

describe('axe-core on every view (jsdom: colour contrast and sizes are the browser tests)', () => {
  for (const view of VIEWS) {
    test(`${view.label}: no violation at all, the page's landmarks in place`, async () => {
      renderApp(view.id);
      await panel(view.label);
      await act(async () => new Promise((r) => setTimeout(r, 50)));
      expect(await axeViolations()).toEqual([]);
      expect(focusableInsideAriaHidden()).toEqual([]);
    });
  }

  test('embedded (the workbench): no main or banner of its own, the nav stays', async () => {
    render(<App port={createEngineWorkbook()} theme="light" embedded />);
    await panel('Model');
    expect(screen.queryByRole('main')).toBeNull();
    expect(screen.queryByRole('banner')).toBeNull();
    expect(screen.queryByRole('heading', { level: 1 })).toBeNull();
    expect(nav()).toBeTruthy();
  });
});

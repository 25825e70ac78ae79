/**
 * axe-core in the DOM tests (jsdom): the violations of a rendered container, and the
 * assertion the view tests share (no serious or critical one).
 *
 * Off here, because jsdom cannot evaluate them (it computes no layout, no colours and
 * draws no text): color-contrast and link-in-text-block (colours), target-size (sizes),
 * label-content-name-mismatch (it draws glyphs on a canvas to tell icon fonts from text).
 * The browser tests (test/e2e/pane.ts) run every rule, these included, on the real page.
 */
import axe from 'axe-core';

export const JSDOM_OFF = [
  'color-contrast',
  'link-in-text-block',
  'target-size',
  'label-content-name-mismatch',
] as const;

export interface Violation {
  id: string;
  impact: string | null;
  nodes: string[];
}

/**
 * axe's violations in `container` (the whole document by default). The pages give their
 * document a language and a title (taskpane.html, workbench.html); jsdom's has neither,
 * so they are given here first, as the page would.
 */
export async function axeViolations(container: Element | Document = document): Promise<Violation[]> {
  if (!document.documentElement.lang) document.documentElement.lang = 'en';
  if (!document.title) document.title = 'Outcome ROI';
  const r = await axe.run(container, {
    rules: Object.fromEntries(JSDOM_OFF.map((id) => [id, { enabled: false }])),
    // Every rule still runs on every element; only the violations are described in full (the
    // passes and incomplete results, which nothing here reads, name one element each instead
    // of all: axe builds a selector and an HTML excerpt per element named, a sixth of a run).
    resultTypes: ['violations'],
  });
  return r.violations.map((v) => ({
    id: v.id,
    impact: v.impact ?? null,
    nodes: v.nodes.slice(0, 3).map((n) => n.html.slice(0, 160)),
  }));
}

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * Elements a keyboard reaches inside (or on) an aria-hidden element: axe's serious
 * `aria-hidden-focus`, checked by hand because axe in jsdom takes such elements for
 * invisible (no layout) and lets them pass. Fluent's TabList put two there.
 */
export function focusableInsideAriaHidden(root: ParentNode = document): string[] {
  const out: string[] = [];
  for (const hidden of root.querySelectorAll('[aria-hidden="true"]')) {
    const found = [...(hidden.matches(FOCUSABLE) ? [hidden] : []), ...hidden.querySelectorAll(FOCUSABLE)];
    for (const f of found) out.push(f.outerHTML.slice(0, 160));
  }
  return out;
}

/** Fails with the offending rules and elements when axe finds a serious or critical violation. */
export async function expectNoSeriousViolations(container: Element | Document = document): Promise<void> {
  const found = (await axeViolations(container)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(found).toEqual([]);
  expect(focusableInsideAriaHidden(container)).toEqual([]);
}

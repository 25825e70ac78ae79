/**
 * jsdom gaps that Fluent UI v9 touches: matchMedia (reduced-motion checks), ResizeObserver
 * (overflow and positioning), scrollIntoView; and TextEncoder/TextDecoder, which browsers
 * and workers have (the .xlsx readers use them). And three of jsdom's costs cut: Fluent's CSS
 * rules that only paint (colours, borders, fonts, spacing) are not kept, as getComputedStyle
 * matches every rule; each form control's labels are looked up once per state of the
 * document (jsdom's own answers; it walks the whole document for each control); and each
 * element's computed style is computed once while jsdom's own style cache holds. Import it
 * first in a DOM test file:
 *
 *   /** @jest-environment jsdom *\/
 *   import './helpers/dom-setup';
 */
import { TextDecoder as NodeTextDecoder, TextEncoder as NodeTextEncoder } from 'node:util';

if (typeof globalThis.TextDecoder === 'undefined')
  Object.assign(globalThis, { TextDecoder: NodeTextDecoder, TextEncoder: NodeTextEncoder });

if (typeof window !== 'undefined') {
  if (!window.matchMedia) {
    Object.defineProperty(window, 'matchMedia', {
      configurable: true,
      writable: true,
      value: (query: string): MediaQueryList =>
        ({
          matches: false,
          media: query,
          onchange: null,
          addListener: () => undefined,
          removeListener: () => undefined,
          addEventListener: () => undefined,
          removeEventListener: () => undefined,
          dispatchEvent: () => false,
        }) as MediaQueryList,
    });
  }
  if (!('ResizeObserver' in window)) {
    class ResizeObserverStub {
      observe(): void {}
      unobserve(): void {}
      disconnect(): void {}
    }
    Object.defineProperty(window, 'ResizeObserver', { configurable: true, writable: true, value: ResizeObserverStub });
    (globalThis as { ResizeObserver?: unknown }).ResizeObserver = ResizeObserverStub;
  }
  if (!Element.prototype.scrollIntoView) {
    Element.prototype.scrollIntoView = function scrollIntoView(): void {};
  }
  keepOnlyRulesThatShowOrHide(window.CSSStyleSheet.prototype);
  labelsFromOneLookUp(window);
  computedStylesKeptUntilChange(window);
}

/**
 * `getComputedStyle(el)` answered once per element for as long as jsdom's own style cache
 * holds. Why: jsdom keeps each element's cascaded declaration until the document changes
 * (a node, an attribute or a text inserted, removed or changed, a style sheet added or
 * removed: it then drops its whole cache), but each call still copies that declaration into
 * a new object and resolves visibility, pointer-events and a dozen colour properties by
 * walking the element's ancestors (the colours up to the root, as the pane's CSS sets none).
 * Testing Library's role and name queries (every descendant of every candidate, at each
 * query and each poll of findBy and waitFor), user-event (pointer-events of the target and
 * its ancestors at each action) and Floating UI ask again for the same elements in the same
 * state. Here the answer is kept with the identity of jsdom's cache it was computed from,
 * and given again while that cache is the same object: exactly when jsdom would compute
 * the same answer from the same cached declarations. Callers only read the answer (as in a
 * browser, where it is read-only).
 */
function computedStylesKeptUntilChange(win: Window & typeof globalThis): void {
  const impl = Object.getOwnPropertySymbols(win.document).find((s) => s.description === 'impl');
  if (!impl) return; // not jsdom's document as this was written for: left alone
  const docImpl = (win.document as unknown as Record<symbol, { _styleCache?: object | null }>)[impl];
  const compute = win.getComputedStyle.bind(win);
  let kept = new WeakMap<Element, CSSStyleDeclaration>();
  let from: object | null | undefined = null;
  win.getComputedStyle = function getComputedStyleKept(el: Element, pseudo?: string | null): CSSStyleDeclaration {
    // (An element of another document, or a pseudo-element's style: jsdom's answer as before.)
    if (pseudo || el.ownerDocument !== win.document) return compute(el, pseudo);
    if (!from || docImpl._styleCache !== from) kept = new WeakMap();
    let style = kept.get(el);
    if (!style) {
      style = compute(el);
      from = docImpl._styleCache;
      kept.set(el, style);
    }
    return style;
  };
}

/**
 * The labels of a form control (`input.labels`), as jsdom gives them, found once per state
 * of the document instead of once per control. Why: Testing Library's *ByLabelText queries
 * and the accessible name of every input (dom-accessibility-api, under *ByRole queries) read
 * `labels` of each control in the document, and jsdom answers each by walking the whole
 * document and, for each label met, walking it again to find the label's control (its `for`):
 * one getByLabelText on the Model view cost about 0.1 s, and the view tests made hundreds.
 * Here the first read after a change of the document asks jsdom for every label's control
 * (HTMLLabelElement.control, jsdom's own answer) in one pass, and the reads until the next
 * change (any node, attribute or text: a MutationObserver on the whole document, whose
 * pending records are taken at each read) are answered from that pass. A control outside
 * the document (not yet inserted, or in a shadow root) is answered by jsdom as before.
 */
function labelsFromOneLookUp(win: Window & typeof globalThis): void {
  const doc = win.document;
  const control = Object.getOwnPropertyDescriptor(win.HTMLLabelElement.prototype, 'control')!.get!;
  let byControl: Map<Element, readonly HTMLLabelElement[]> | null = null;
  const changes = new win.MutationObserver(() => (byControl = null));
  changes.observe(doc, { subtree: true, childList: true, attributes: true, characterData: true });
  const labelsOf = (el: Element): readonly HTMLLabelElement[] => {
    if (changes.takeRecords().length) byControl = null;
    if (!byControl) {
      byControl = new Map();
      for (const label of Array.from(doc.querySelectorAll('label'))) {
        const of = control.call(label) as Element | null;
        if (of) byControl.set(of, [...(byControl.get(of) ?? []), label]);
      }
    }
    return byControl.get(el) ?? [];
  };
  for (const kind of [
    win.HTMLInputElement,
    win.HTMLButtonElement,
    win.HTMLSelectElement,
    win.HTMLTextAreaElement,
    win.HTMLOutputElement,
    win.HTMLMeterElement,
    win.HTMLProgressElement,
  ]) {
    const labels = Object.getOwnPropertyDescriptor(kind.prototype, 'labels')!.get!;
    Object.defineProperty(kind.prototype, 'labels', {
      configurable: true,
      enumerable: true,
      get(this: HTMLElement) {
        // (jsdom's own getter builds its list on the first read: not called for what is answered here.)
        const hidden = this instanceof win.HTMLInputElement && this.type === 'hidden'; // no labels: null
        return hidden || this.getRootNode() !== doc ? labels.call(this) : labelsOf(this);
      },
    });
  }
}

/**
 * The CSS properties jsdom's readers act on: whether an element is shown, hidden, clipped or
 * takes the pointer. Testing Library and dom-accessibility-api read display and visibility
 * (and content), user-event pointer-events and display, Fluent's focus manager (Tabster)
 * display, visibility and position, axe-core's visibility checks these and opacity, clip,
 * clip-path, overflow, size, white-space, text-indent, transform, direction. Theme variables
 * (custom properties) are kept too. Everything else Griffel writes (colours, borders, fonts,
 * spacing, transitions, grid and flex, @keyframes) is for the eye: jsdom draws nothing, and
 * its only readers here are axe's colour rules, which jsdom cannot run (helpers/axe.ts) and
 * the browser tests do.
 */
const SHOWN_OR_HIDDEN = new Set([
  'display',
  'visibility',
  'content-visibility',
  'opacity',
  'pointer-events',
  'position',
  'width',
  'height',
  'overflow',
  'overflow-x',
  'overflow-y',
  'clip',
  'clip-path',
  'white-space',
  'text-indent',
  'transform',
  'content',
  'direction',
]);

function showsOrHides(rule: CSSRule | undefined): boolean {
  if (!rule) return false;
  if ('selectorText' in rule) {
    const style = (rule as CSSStyleRule).style;
    for (let i = 0; i < style.length; i++) if (SHOWN_OR_HIDDEN.has(style[i]) || style[i].startsWith('--')) return true;
    return false;
  }
  if ('cssRules' in rule && 'media' in rule) return Array.from((rule as CSSMediaRule).cssRules).some(showsOrHides);
  return false;
}

/**
 * Fluent's styles (Griffel writes one rule per property and value through insertRule: some
 * 450 for the Model view, 630 for all six) without the rules for the eye. Why: jsdom's
 * getComputedStyle matches every rule of the document against the element and each of its
 * ancestors, again after every DOM change, and axe-core, Testing Library's role and name
 * queries and user-event call it for each element they look at: this matching was a third
 * of the time of the App and Workbench tests (mostly under axe), a fifth of the Model view's.
 * Only style rules that set a property above, or @media rules that hold one, stay in the
 * sheet. Checked when this was written: axe-core's whole result (every rule's passes,
 * violations, incomplete and inapplicable nodes) on each of the six views, the dark theme
 * and the workbench, and display, visibility and pointer-events of every element, were the
 * same with all of Fluent's rules and with these.
 */
function keepOnlyRulesThatShowOrHide(proto: CSSStyleSheet): void {
  // jsdom's CSSStyleSheet (rrweb-cssom's) is one class for every window of the worker, not
  // one per test file's window as the DOM's other classes are: patched once.
  const patched = Symbol.for('outcome-roi.test.keepOnlyRulesThatShowOrHide');
  const insertRule = proto.insertRule as CSSStyleSheet['insertRule'] & { [patched]?: true };
  if (insertRule[patched]) return;
  proto.insertRule = Object.assign(
    function insertRuleThatShowsOrHides(this: CSSStyleSheet, rule: string, index?: number): number {
      const at = insertRule.call(this, rule, index);
      if (!showsOrHides(this.cssRules[at])) this.deleteRule(at);
      return at;
    },
    { [patched]: true as const },
  );
}

export {};

// Lazy views and Fluent's first render can take seconds on a loaded 2-core CI machine:
// give Testing Library's findBy*/waitFor room to wait (they return as soon as the
// condition holds, so a fast machine loses nothing).
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('@testing-library/dom').configure({ asyncUtilTimeout: 15000 });

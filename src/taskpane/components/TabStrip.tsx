/**
 * A row of tabs (WAI-ARIA's tabs pattern) that keeps every item reachable at any width:
 * the tabs that fit, then a "More" menu button for the rest. The current item is always
 * visible: as its tab, or as the More button's own label (underlined like a selected
 * tab), and the menu marks it checked.
 *
 * Keyboard: Tab reaches the selected tab (the first one when the current item is in the
 * menu), Left/Right/Home/End move between tabs, Enter or Space opens one; Tab again reaches
 * More. In the menu: Up/Down/Home/End move, Enter or Space opens, Escape or Tab closes.
 *
 * Written here rather than on Fluent's TabList and Menu: their arrow-key focus management
 * (tabster's Mover) inserts focusable elements with aria-hidden into the page, which
 * axe-core reports as a serious `aria-hidden-focus` violation. A roving tabindex needs none.
 */
import { createFocusOutlineStyle, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { ChevronDownIcon, CheckIcon } from './icons';

export interface TabItem {
  value: string;
  label: string;
  /** The id of the tab element (a tab panel's aria-labelledby points at it). */
  id?: string;
  /** The id of the panel the tab shows. */
  controls?: string;
  /** Extra attributes for the tab element (data-* hooks). */
  data?: Record<`data-${string}`, string>;
}

export interface TabStripProps {
  items: readonly TabItem[];
  selected: string;
  onSelect: (value: string) => void;
  /** The tab list's accessible name. */
  label: string;
  /** Fold the tabs that do not fit into a "More" menu (default); false: every tab, the row scrolls. */
  overflow?: boolean;
  /** The More button's and menu's accessible name ("More views"). */
  moreName?: string;
  className?: string;
}

const useStyles = makeStyles({
  strip: { display: 'flex', alignItems: 'stretch', minWidth: 0, position: 'relative' },
  list: { display: 'flex', alignItems: 'stretch', minWidth: 0, flexShrink: 1 },
  scroll: { overflowX: 'auto' },
  tab: {
    position: 'relative',
    display: 'inline-flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXXS,
    flexShrink: 0,
    border: 'none',
    margin: 0,
    padding: `${tokens.spacingVerticalSNudge} ${tokens.spacingHorizontalSNudge}`,
    minHeight: '32px',
    backgroundColor: 'transparent',
    color: tokens.colorNeutralForeground2,
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
    fontWeight: tokens.fontWeightRegular,
    whiteSpace: 'nowrap',
    cursor: 'pointer',
    borderRadius: tokens.borderRadiusMedium,
    '::after': {
      content: '""',
      position: 'absolute',
      left: tokens.spacingHorizontalSNudge,
      right: tokens.spacingHorizontalSNudge,
      bottom: 0,
      height: tokens.strokeWidthThicker,
      borderRadius: tokens.borderRadiusCircular,
      backgroundColor: 'transparent',
    },
    ':hover': { color: tokens.colorNeutralForeground1 },
    ':hover::after': { backgroundColor: tokens.colorNeutralStroke1Hover },
    ...createFocusOutlineStyle(),
  },
  selected: {
    color: tokens.colorNeutralForeground1,
    fontWeight: tokens.fontWeightSemibold,
    '::after': { backgroundColor: tokens.colorCompoundBrandStroke },
    ':hover::after': { backgroundColor: tokens.colorCompoundBrandStrokeHover },
  },
  /** Same box as a tab, never shown: the natural width of each label (bold, as selected). */
  measure: {
    position: 'absolute',
    top: 0,
    left: 0,
    height: 0,
    overflow: 'hidden',
    visibility: 'hidden',
    display: 'flex',
    whiteSpace: 'nowrap',
    pointerEvents: 'none',
  },
  menu: {
    position: 'absolute',
    top: '100%',
    right: 0,
    zIndex: 10,
    minWidth: '180px',
    maxWidth: 'calc(100vw - 16px)',
    margin: 0,
    padding: tokens.spacingVerticalXS,
    listStyleType: 'none',
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorTransparentStroke}`,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow16,
  },
  item: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    width: '100%',
    padding: `${tokens.spacingVerticalSNudge} ${tokens.spacingHorizontalS}`,
    border: 'none',
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: 'transparent',
    color: tokens.colorNeutralForeground2,
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
    textAlign: 'left',
    cursor: 'pointer',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover, color: tokens.colorNeutralForeground1 },
    ':focus-visible': { backgroundColor: tokens.colorNeutralBackground1Hover },
    ...createFocusOutlineStyle(),
  },
  itemChecked: { color: tokens.colorNeutralForeground1, fontWeight: tokens.fontWeightSemibold },
  check: { width: '16px', height: '16px', flexShrink: 0, display: 'inline-flex' },
});

/**
 * How many of the tabs (widths in pixels, in order) fit in `available` pixels, with room
 * for the More button when some do not: its width depends on whether it stands for the
 * selected item (it then shows that item's label). 0 when not even one tab fits beside it.
 */
export function tabsThatFit(
  widths: readonly number[],
  available: number,
  moreWidth: (holdsSelected: boolean) => number,
  selectedIndex: number,
): number {
  const total = widths.reduce((t, w) => t + w, 0);
  if (total <= available) return widths.length;
  let used = total;
  for (let k = widths.length - 1; k >= 0; k--) {
    used -= widths[k];
    if (used + moreWidth(selectedIndex >= k) <= available) return k;
  }
  return 0;
}

const MORE = 'More';

export function TabStrip({
  items,
  selected,
  onSelect,
  label,
  overflow = true,
  moreName = 'More',
  className,
}: TabStripProps) {
  const styles = useStyles();
  const stripRef = useRef<HTMLDivElement>(null);
  const measureRef = useRef<HTMLDivElement>(null);
  const tabRefs = useRef(new Map<string, HTMLButtonElement>());
  const moreRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLUListElement>(null);
  const [shown, setShown] = useState(items.length);
  const [open, setOpen] = useState(false);
  const [focusValue, setFocusValue] = useState<string | null>(null);

  const selectedIndex = items.findIndex((i) => i.value === selected);
  const visible = overflow ? items.slice(0, shown) : items;
  const rest = overflow ? items.slice(shown) : [];
  const selectedInMenu = rest.some((i) => i.value === selected);
  const current = items[selectedIndex];

  // Which tabs fit: measured from hidden copies of the labels, again whenever the width changes.
  const fit = useCallback(() => {
    const strip = stripRef.current;
    const measure = measureRef.current;
    if (!overflow || !strip || !measure) return;
    const available = strip.clientWidth;
    const spans = [...measure.querySelectorAll<HTMLElement>('[data-measure]')];
    const width = (key: string) => spans.find((s) => s.dataset.measure === key)?.getBoundingClientRect().width ?? 0;
    const widths = items.map((i) => width(`tab:${i.value}`));
    // Not laid out (a hidden pane, a test without layout): every tab, nothing folded.
    if (available <= 0 || widths.every((w) => w === 0)) {
      setShown(items.length);
      return;
    }
    const more = (holdsSelected: boolean) =>
      holdsSelected && current ? width(`more:${current.value}`) : width(`more:${MORE}`);
    // One pixel of slack per tab: measured widths are fractional, the layout rounds.
    setShown(tabsThatFit(widths, available - items.length, more, selectedIndex));
  }, [items, overflow, current, selectedIndex]);

  useLayoutEffect(() => {
    fit();
    const strip = stripRef.current;
    if (!overflow || !strip || typeof ResizeObserver === 'undefined') return undefined;
    const ro = new ResizeObserver(() => fit());
    ro.observe(strip);
    return () => ro.disconnect();
  }, [fit, overflow]);

  // Fonts that arrive late change the widths.
  useEffect(() => {
    const fonts = typeof document !== 'undefined' ? document.fonts : undefined;
    if (!overflow || !fonts?.ready) return;
    let live = true;
    void fonts.ready.then(() => live && fit());
    return () => {
      live = false;
    };
  }, [fit, overflow]);

  // The tab that takes the keyboard: the one last moved to, else the selected one, else the first.
  const tabStop =
    visible.find((i) => i.value === focusValue)?.value ??
    visible.find((i) => i.value === selected)?.value ??
    visible[0]?.value;

  const focusTab = (value: string) => {
    setFocusValue(value);
    tabRefs.current.get(value)?.focus();
  };

  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>, index: number) => {
    let to: number | undefined;
    if (e.key === 'ArrowRight') to = (index + 1) % visible.length;
    else if (e.key === 'ArrowLeft') to = (index - 1 + visible.length) % visible.length;
    else if (e.key === 'Home') to = 0;
    else if (e.key === 'End') to = visible.length - 1;
    if (to === undefined) return;
    e.preventDefault();
    focusTab(visible[to].value);
  };

  /* ----- the More menu ----- */

  const menuItems = () => [...(menuRef.current?.querySelectorAll<HTMLButtonElement>('[role=menuitemradio]') ?? [])];

  const closeMenu = (refocus: boolean) => {
    setOpen(false);
    if (refocus) moreRef.current?.focus();
  };

  // On opening, the keyboard goes to the checked item (else the first).
  useLayoutEffect(() => {
    if (!open) return;
    const list = menuItems();
    (list.find((b) => b.getAttribute('aria-checked') === 'true') ?? list[0])?.focus();
  }, [open]);

  // A click anywhere else closes the menu.
  useEffect(() => {
    if (!open) return undefined;
    const onDown = (e: MouseEvent) => {
      if (!stripRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  // Nothing left to fold (the pane grew): no menu.
  useEffect(() => {
    if (!rest.length && open) setOpen(false);
  }, [rest.length, open]);

  const onMoreKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(true);
    }
  };

  const onMenuKey = (e: KeyboardEvent<HTMLUListElement>) => {
    const list = menuItems();
    const at = list.indexOf(document.activeElement as HTMLButtonElement);
    let to: number | undefined;
    if (e.key === 'ArrowDown') to = (at + 1) % list.length;
    else if (e.key === 'ArrowUp') to = (at - 1 + list.length) % list.length;
    else if (e.key === 'Home') to = 0;
    else if (e.key === 'End') to = list.length - 1;
    else if (e.key === 'Escape') {
      e.preventDefault();
      closeMenu(true);
      return;
    } else if (e.key === 'Tab') {
      closeMenu(false);
      return;
    }
    if (to === undefined) return;
    e.preventDefault();
    list[to]?.focus();
  };

  const choose = (value: string) => {
    closeMenu(true);
    onSelect(value);
  };

  const moreText = selectedInMenu && current ? current.label : MORE;
  const menuId = `${label.replace(/\W+/g, '-').toLowerCase()}-more`;

  let moreButton: ReactNode = null;
  if (rest.length) {
    moreButton = (
      <button
        ref={moreRef}
        type="button"
        className={mergeClasses(styles.tab, selectedInMenu && styles.selected)}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={selectedInMenu && current ? `${current.label}, ${moreName.toLowerCase()}` : moreName}
        data-testid="tabs-more"
        onClick={() => setOpen((o) => !o)}
        onKeyDown={onMoreKey}
      >
        {moreText}
        <ChevronDownIcon />
      </button>
    );
  }

  return (
    <div ref={stripRef} className={mergeClasses(styles.strip, className)}>
      <div
        role="tablist"
        aria-label={label}
        aria-orientation="horizontal"
        className={mergeClasses(styles.list, !overflow && styles.scroll)}
      >
        {visible.map((item, index) => {
          const isSelected = item.value === selected;
          return (
            <button
              key={item.value}
              ref={(el) => {
                if (el) tabRefs.current.set(item.value, el);
                else tabRefs.current.delete(item.value);
              }}
              type="button"
              role="tab"
              id={item.id}
              aria-selected={isSelected}
              aria-controls={isSelected ? item.controls : undefined}
              tabIndex={item.value === tabStop ? 0 : -1}
              className={mergeClasses(styles.tab, isSelected && styles.selected)}
              onClick={() => {
                setFocusValue(item.value);
                onSelect(item.value);
              }}
              onKeyDown={(e) => onTabKey(e, index)}
              onFocus={() => setFocusValue(item.value)}
              {...item.data}
            >
              {item.label}
            </button>
          );
        })}
      </div>
      {moreButton}
      {open && rest.length ? (
        <ul ref={menuRef} id={menuId} role="menu" aria-label={moreName} className={styles.menu} onKeyDown={onMenuKey}>
          {rest.map((item) => {
            const checked = item.value === selected;
            return (
              <li key={item.value} role="none">
                <button
                  type="button"
                  role="menuitemradio"
                  aria-checked={checked}
                  tabIndex={-1}
                  className={mergeClasses(styles.item, checked && styles.itemChecked)}
                  onClick={() => choose(item.value)}
                  {...item.data}
                >
                  <span className={styles.check}>{checked ? <CheckIcon /> : null}</span>
                  {item.label}
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
      {overflow ? (
        <div ref={measureRef} className={styles.measure} aria-hidden="true">
          {items.map((i) => (
            <span
              key={`tab:${i.value}`}
              data-measure={`tab:${i.value}`}
              className={mergeClasses(styles.tab, styles.selected)}
            >
              {i.label}
            </span>
          ))}
          {[{ value: MORE, label: MORE }, ...items].map((i) => (
            <span
              key={`more:${i.value}`}
              data-measure={`more:${i.value}`}
              className={mergeClasses(styles.tab, styles.selected)}
            >
              {i.label}
              <ChevronDownIcon />
            </span>
          ))}
        </div>
      ) : null}
    </div>
  );
}

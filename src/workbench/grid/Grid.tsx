/**
 * The spreadsheet grid over the engine adapter. Virtualised: only the rows and columns in
 * view (plus a few either side) are in the DOM, read from the engine a screenful at a time,
 * so a 10,000-row sheet scrolls as lightly as a small one. Column letters and row numbers,
 * values under their number formats, text running into empty neighbours, "####" for a
 * number too wide for its column, spills outlined, errors explained on hover, notes marked,
 * conditional formats applied, charts drawn over their cells, arrow-key navigation and
 * in-cell editing (type to replace, F2 or double-click to edit, Enter/Tab to commit; after a
 * row typed with Tab, Enter goes to the next row's cell under where the Tab run started).
 */
import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import {
  forwardRef,
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent,
  type MouseEvent,
  type ReactNode,
} from 'react';
import { isRoiError } from '../../core';
import type { SheetSnapshot, SheetSource, SnapshotCell } from '../../workbook/sheet-source';
import { cellA1, indexToCol } from '../../base/a1';
import { rangeOf } from '../../workbook/port';
import { Chart } from './Chart';
import { alignOf, editTextOf, fitGeneral, titleOf } from './display';
import {
  HEADER_HEIGHT,
  ROW_HEADER_WIDTH,
  ROW_HEIGHT,
  gridExtent,
  layoutColumns,
  moveInRun,
  pageRows,
  rectOf,
  scrollToShow,
  visibleColumns,
  visibleRows,
  type CellPos,
  type NavKey,
  type TabRun,
} from './geometry';
import { GRID_FONT_FAMILY, GRID_FONT_SIZE, textWidth } from './measure';
import { formatLook } from '../../base/format';
import { cellKey, readWindow } from './window';

export interface EditState {
  row: number;
  col: number;
  text: string;
  /** 'enter': started by typing (arrow keys commit and move); 'edit': F2 / double-click (arrows move the caret). */
  mode: 'enter' | 'edit';
  /** Where the user is typing: in the cell, or in the formula bar. */
  source: 'cell' | 'bar';
}

export interface CommitMove {
  key: NavKey;
  shift?: boolean;
}

export interface GridProps {
  /** The workbook as the grid reads it. */
  wb: SheetSource;
  sheet: string;
  /** Bumped on every change of the workbook. */
  version: number;
  selection: CellPos;
  edit: EditState | null;
  /** Where the current run of Tab presses started (Enter returns to its column), if any. */
  tabRun?: TabRun | null;
  /** A new selection; `run`: the Tab run after a keyboard move (null: none), undefined for the mouse. */
  onSelect: (p: CellPos, run?: TabRun | null) => void;
  onStartEdit: (p: CellPos, text: string, mode: EditState['mode']) => void;
  onEditText: (text: string) => void;
  onCommit: (then?: CommitMove) => void;
  onCancel: () => void;
  onClear: (p: CellPos) => void;
}

export interface GridHandle {
  focus: () => void;
  /** Scrolls a cell to the top-left of the view unless it is in view already (Go To, the name box). */
  reveal: (p: CellPos) => void;
}

const GRIDLINE = '#E1E1E1';
const HEADER_BG = '#F5F5F5';

const useStyles = makeStyles({
  root: {
    position: 'relative',
    flexGrow: 1,
    minHeight: 0,
    display: 'grid',
    gridTemplateColumns: `${ROW_HEADER_WIDTH}px minmax(0, 1fr)`,
    gridTemplateRows: `${HEADER_HEIGHT}px minmax(0, 1fr)`,
    backgroundColor: tokens.colorNeutralBackground1,
    fontFamily: GRID_FONT_FAMILY,
    fontSize: `${GRID_FONT_SIZE}px`,
    color: '#242424',
    userSelect: 'none',
  },
  corner: {
    backgroundColor: HEADER_BG,
    borderRight: `1px solid ${tokens.colorNeutralStroke1}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke1}`,
    boxSizing: 'border-box',
  },
  colHeaders: {
    position: 'relative',
    overflow: 'hidden',
    backgroundColor: HEADER_BG,
    borderBottom: `1px solid ${tokens.colorNeutralStroke1}`,
  },
  rowHeaders: {
    position: 'relative',
    overflow: 'hidden',
    backgroundColor: HEADER_BG,
    borderRight: `1px solid ${tokens.colorNeutralStroke1}`,
  },
  header: {
    position: 'absolute',
    boxSizing: 'border-box',
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    color: tokens.colorNeutralForeground2,
    fontSize: '12px',
  },
  colHeader: { top: 0, height: `${HEADER_HEIGHT}px`, borderRight: `1px solid ${GRIDLINE}` },
  rowHeader: {
    left: 0,
    width: `${ROW_HEADER_WIDTH}px`,
    height: `${ROW_HEIGHT}px`,
    borderBottom: `1px solid ${GRIDLINE}`,
    justifyContent: 'flex-end',
    paddingRight: '8px',
  },
  // The selected cell's row and column headers: brand text on pale blue, 4.5:1 or more (WCAG AA).
  headerActive: { backgroundColor: '#DCE8F7', color: tokens.colorBrandForeground2, fontWeight: 600 },
  body: {
    position: 'relative',
    overflow: 'auto',
  },
  gridBox: {
    position: 'relative',
    // The selected cell's frame shows where the keyboard is, as in Excel.
    outlineStyle: 'none',
  },
  /** A layer at the top left of the scrolled area: what it holds is placed by cell, over the grid. */
  overlay: { position: 'absolute', top: 0, left: 0, height: 0 },
  row: { position: 'absolute', left: 0, height: `${ROW_HEIGHT}px` },
  cell: {
    position: 'absolute',
    top: 0,
    boxSizing: 'border-box',
    height: `${ROW_HEIGHT}px`,
    lineHeight: `${ROW_HEIGHT - 1}px`,
    padding: '0 4px',
    borderRight: `1px solid ${GRIDLINE}`,
    borderBottom: `1px solid ${GRIDLINE}`,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    cursor: 'cell',
  },
  cellOverflow: { overflow: 'visible' },
  text: { display: 'block', overflow: 'hidden', textOverflow: 'clip' },
  error: { color: '#A4262C' },
  noteMark: {
    position: 'absolute',
    top: 0,
    right: 0,
    width: 0,
    height: 0,
    borderTop: '6px solid #C50F1F',
    borderLeft: '6px solid transparent',
  },
  spill: {
    position: 'absolute',
    boxSizing: 'border-box',
    border: '1px dashed rgba(15, 108, 189, 0.45)',
    pointerEvents: 'none',
    zIndex: 2,
  },
  spillActive: { border: `1px solid ${tokens.colorBrandStroke1}` },
  selection: {
    position: 'absolute',
    boxSizing: 'border-box',
    border: `2px solid ${tokens.colorBrandStroke1}`,
    pointerEvents: 'none',
    zIndex: 3,
  },
  editor: {
    position: 'absolute',
    boxSizing: 'border-box',
    zIndex: 5,
    height: `${ROW_HEIGHT}px`,
    padding: '0 3px',
    border: `2px solid ${tokens.colorBrandStroke1}`,
    outlineStyle: 'none',
    fontFamily: GRID_FONT_FAMILY,
    fontSize: `${GRID_FONT_SIZE}px`,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow8,
  },
});

/** Tabster's attribute for an area whose Tab key it leaves alone entirely. */
const GRID_OWNS_TAB = JSON.stringify({ uncontrolled: { completely: true } });

const EMPTY_WINDOW = { top: 0, bottom: -1, left: 0, right: -1 };
const NAV_KEYS = new Set([
  'ArrowUp',
  'ArrowDown',
  'ArrowLeft',
  'ArrowRight',
  'PageUp',
  'PageDown',
  'Home',
  'End',
  'Enter',
  'Tab',
]);

/** How one rendered cell looks: text, alignment, colours, and how far its text may run. */
interface Shown {
  text: string;
  align: 'left' | 'center' | 'right';
  style: CSSProperties;
  overflowTo?: number;
}

export const Grid = forwardRef<GridHandle, GridProps>(function Grid(props, ref) {
  const {
    wb,
    sheet,
    version,
    selection,
    edit,
    tabRun,
    onSelect,
    onStartEdit,
    onEditText,
    onCommit,
    onCancel,
    onClear,
  } = props;
  const styles = useStyles();
  /** The scrolling box. */
  const bodyRef = useRef<HTMLDivElement>(null);
  /** The grid itself inside it (role grid): the keyboard's place. Charts and the editor sit beside it, over the cells. */
  const gridRef = useRef<HTMLDivElement>(null);
  const editorRef = useRef<HTMLInputElement>(null);
  const [scroll, setScroll] = useState({ top: 0, left: 0 });
  const [viewport, setViewport] = useState({ width: 800, height: 600 });

  const layoutRef = useRef<ReturnType<typeof layoutColumns> | null>(null);
  useImperativeHandle(
    ref,
    () => ({
      focus: () => gridRef.current?.focus({ preventScroll: true }),
      reveal: (p: CellPos) => {
        const el = bodyRef.current;
        const lay = layoutRef.current;
        if (!el || !lay) return;
        const top = p.row * ROW_HEIGHT;
        if (top < el.scrollTop || top + ROW_HEIGHT > el.scrollTop + el.clientHeight)
          el.scrollTop = Math.max(0, top - ROW_HEIGHT);
        const left = lay.offsets[Math.min(p.col, lay.count - 1)] ?? 0;
        const right = lay.offsets[Math.min(p.col + 1, lay.count)] ?? left;
        // Keep the labels in column A in view whenever the cell fits beside them.
        if (left < el.scrollLeft || right > el.scrollLeft + el.clientWidth)
          el.scrollLeft = right <= el.clientWidth ? 0 : left;
      },
    }),
    [],
  );

  // The sheet's extent, column widths, spills, charts and conditional formats (no cells).
  // A sheet that is gone (deleted a moment ago) draws as empty until the page moves on.
  const meta = useMemo(
    () => (wb.hasSheet(sheet) ? wb.getSheetSnapshot(sheet, EMPTY_WINDOW) : emptySnapshot(sheet)),
    [wb, sheet, version],
  );
  const extent = useMemo(() => {
    let rows = meta.rows;
    let cols = meta.cols;
    for (const ch of meta.charts) {
      try {
        const r = rangeOf(`${ch.from}:${ch.to}`);
        rows = Math.max(rows, r.bottom + 1);
        cols = Math.max(cols, r.right + 1);
      } catch {
        /* a chart without a readable place is not drawn */
      }
    }
    const e = gridExtent(Math.max(rows, selection.row + 1), Math.max(cols, selection.col + 1));
    return e;
  }, [meta, selection.row, selection.col]);
  const layout = useMemo(() => layoutColumns(extent.cols, meta.columnWidths), [extent.cols, meta.columnWidths]);
  layoutRef.current = layout;
  const rows = visibleRows(scroll.top, viewport.height, extent.rows);
  const cols = visibleColumns(layout, scroll.left, viewport.width);
  const win = useMemo(
    () =>
      wb.hasSheet(sheet)
        ? readWindow(wb, sheet, rows, cols)
        : { snapshot: meta, cells: new Map<string, SnapshotCell>(), looks: new Map(), spills: [] },
    [wb, sheet, version, rows.first, rows.last, cols.first, cols.last],
  );

  // Track the body's size.
  useLayoutEffect(() => {
    const el = bodyRef.current;
    if (!el) return undefined;
    const update = () => setViewport({ width: el.clientWidth, height: el.clientHeight });
    update();
    if (typeof ResizeObserver === 'undefined') return undefined;
    const ro = new ResizeObserver(update);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // A new sheet starts at the top.
  useEffect(() => {
    const el = bodyRef.current;
    if (el) {
      el.scrollTop = 0;
      el.scrollLeft = 0;
    }
    setScroll({ top: 0, left: 0 });
  }, [sheet]);

  // Keep the selected cell in view.
  useEffect(() => {
    const el = bodyRef.current;
    if (!el) return;
    const next = scrollToShow(layout, selection, {
      scrollTop: el.scrollTop,
      scrollLeft: el.scrollLeft,
      height: el.clientHeight,
      width: el.clientWidth,
    });
    if (next.scrollTop !== el.scrollTop) el.scrollTop = next.scrollTop;
    if (next.scrollLeft !== el.scrollLeft) el.scrollLeft = next.scrollLeft;
  }, [selection, layout]);

  // The in-cell editor takes the focus when it opens, the grid when it closes.
  const editingInCell = edit?.source === 'cell';
  useLayoutEffect(() => {
    if (editingInCell) {
      const input = editorRef.current;
      if (input && document.activeElement !== input) {
        input.focus();
        const end = input.value.length;
        input.setSelectionRange(end, end);
      }
    }
  }, [editingInCell]);

  const onScroll = useCallback(() => {
    const el = bodyRef.current;
    if (el) setScroll({ top: el.scrollTop, left: el.scrollLeft });
  }, []);

  const cellAt = (row: number, col: number): SnapshotCell | undefined => win.cells.get(cellKey(row, col));

  const lastUsed = useMemo(() => ({ row: Math.max(0, meta.rows - 1), col: Math.max(0, meta.cols - 1) }), [meta]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== gridRef.current) return;
    const ctrl = e.ctrlKey || e.metaKey;
    if (NAV_KEYS.has(e.key)) {
      e.preventDefault();
      const next = moveInRun(selection, e.key as NavKey, tabRun ?? null, {
        rows: extent.rows + 1000,
        cols: Math.max(extent.cols, 16384),
        ctrl,
        shift: e.shiftKey,
        pageRows: pageRows(viewport.height),
        lastUsed,
      });
      onSelect(next.to, next.run);
      return;
    }
    if (e.key === 'F2') {
      e.preventDefault();
      onStartEdit(selection, editTextOf(cellAt(selection.row, selection.col) ?? readOne(wb, sheet, selection)), 'edit');
      return;
    }
    if (e.key === 'Delete') {
      e.preventDefault();
      onClear(selection);
      return;
    }
    if (e.key === 'Backspace') {
      e.preventDefault();
      onStartEdit(selection, '', 'enter');
      return;
    }
    if (e.key.length === 1 && !ctrl && !e.altKey) {
      e.preventDefault();
      // Keys typed before the editor has the focus still belong to the entry.
      if (edit?.source === 'cell') onEditText(edit.text + e.key);
      else onStartEdit(selection, e.key, 'enter');
    }
  };

  const onEditorKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' || e.key === 'Tab') {
      e.preventDefault();
      onCommit({ key: e.key, shift: e.shiftKey });
      gridRef.current?.focus({ preventScroll: true });
    } else if (e.key === 'Escape') {
      e.preventDefault();
      onCancel();
      gridRef.current?.focus({ preventScroll: true });
    } else if (
      edit?.mode === 'enter' &&
      (e.key === 'ArrowUp' || e.key === 'ArrowDown' || e.key === 'ArrowLeft' || e.key === 'ArrowRight')
    ) {
      e.preventDefault();
      onCommit({ key: e.key });
      gridRef.current?.focus({ preventScroll: true });
    }
  };

  const posFromEvent = (e: MouseEvent): CellPos | undefined => {
    const el = (e.target as HTMLElement).closest('[data-row]') as HTMLElement | null;
    if (!el) return undefined;
    return { row: Number(el.dataset.row), col: Number(el.dataset.col) };
  };

  const onMouseDown = (e: MouseEvent<HTMLDivElement>) => {
    const p = posFromEvent(e);
    if (!p) return;
    if (edit && edit.source === 'cell') onCommit();
    onSelect(p);
    // Keep the keyboard on the grid (the mousedown would otherwise leave it where it was).
    requestAnimationFrame(() => gridRef.current?.focus({ preventScroll: true }));
  };

  const onDoubleClick = (e: MouseEvent<HTMLDivElement>) => {
    const p = posFromEvent(e);
    if (!p) return;
    onStartEdit(p, editTextOf(cellAt(p.row, p.col)), 'edit');
  };

  /* ----- what each cell shows ----- */

  const shownOf = (
    cell: SnapshotCell | undefined,
    width: number,
    look: { fill?: string; fontColor?: string } | undefined,
  ): Shown => {
    const style: CSSProperties = {};
    if (!cell) return { text: '', align: 'left', style: look?.fill ? { backgroundColor: look.fill } : style };
    const st = cell.style;
    const formatted = formatLook(cell.value, cell.numberFormat);
    const fill = look?.fill ?? st?.fill;
    const color = look?.fontColor ?? formatted.color ?? st?.fontColor;
    if (fill) style.backgroundColor = fill;
    if (color) style.color = color;
    if (st?.bold) style.fontWeight = 600;
    if (st?.italic) style.fontStyle = 'italic';
    const align = alignOf(cell.value, st);
    let text = formatted.text;
    const fits = (t: string) => textWidth(t, !!st?.bold) <= width - 7;
    if (typeof cell.value === 'number' && text && !fits(text)) {
      // General numbers shorten as in Excel; a formatted number that does not fit is "####".
      const general = !cell.numberFormat || cell.numberFormat === 'General';
      text = general ? fitGeneral(cell.value, fits, text) : '#';
      if (text === '#') text = '#'.repeat(Math.max(1, Math.floor((width - 7) / textWidth('#'))));
    }
    return { text, align, style };
  };

  const renderRow = (r: number): ReactNode => {
    const cells: ReactNode[] = [];
    let coveredUntil = -1;
    for (let c = cols.first; c <= cols.last; c++) {
      const cell = cellAt(r, c);
      const width = layout.widths[c];
      const look = win.looks.get(cellKey(r, c));
      const shown = shownOf(cell, width, look);
      let overflowTo: number | undefined;
      // Text runs into the empty cells to its right, as in Excel.
      if (cell && typeof cell.value === 'string' && shown.align === 'left' && shown.text) {
        const need = textWidth(shown.text, !!cell.style?.bold) + 8;
        let room = width;
        let last = c;
        while (need > room && last + 1 <= cols.last) {
          const next = cellAt(r, last + 1);
          if (next && next.value !== null && next.value !== undefined && next.value !== '') break;
          last++;
          room += layout.widths[last];
        }
        if (last > c) {
          overflowTo = room;
          coveredUntil = last;
        }
      }
      const isError = cell ? isRoiError(cell.value) : false;
      const hideRightLine = c < coveredUntil;
      const style: CSSProperties = { left: layout.offsets[c], width, textAlign: shown.align, ...shown.style };
      if (hideRightLine) style.borderRightColor = shown.style.backgroundColor ?? 'transparent';
      const address = cellA1(r, c);
      cells.push(
        <div
          key={c}
          role="gridcell"
          aria-colindex={c + 2}
          aria-selected={selection.row === r && selection.col === c}
          data-row={r}
          data-col={c}
          data-addr={address}
          data-value={cell && typeof cell.value === 'number' ? String(cell.value) : undefined}
          data-error={isError ? (cell!.value as { code: string }).code : undefined}
          title={titleOf(cell)}
          className={mergeClasses(
            styles.cell,
            overflowTo !== undefined && styles.cellOverflow,
            isError && styles.error,
          )}
          style={style}
        >
          {shown.text ? (
            <span
              className={styles.text}
              style={overflowTo !== undefined ? { width: overflowTo - 8, position: 'relative', zIndex: 1 } : undefined}
            >
              {shown.text}
            </span>
          ) : null}
          {cell?.note ? <span className={styles.noteMark} aria-hidden="true" /> : null}
        </div>,
      );
    }
    return (
      <div
        key={r}
        role="row"
        aria-rowindex={r + 2}
        className={styles.row}
        style={{ top: r * ROW_HEIGHT, width: layout.total }}
      >
        {cells}
      </div>
    );
  };

  const rowNodes: ReactNode[] = [];
  for (let r = rows.first; r <= rows.last; r++) rowNodes.push(renderRow(r));

  const selRect = rectOf(layout, selection.row, selection.col, selection.row, selection.col);
  const spills = win.spills.map((s) => ({ s, r: s }));
  const editCell = edit?.source === 'cell' ? rectOf(layout, edit.row, edit.col, edit.row, edit.col) : undefined;

  return (
    <div className={styles.root} data-testid="grid" data-sheet={sheet}>
      <div className={styles.corner} />
      <div className={styles.colHeaders} aria-hidden="true">
        <div
          style={{
            position: 'absolute',
            top: 0,
            left: 0,
            width: layout.total,
            height: HEADER_HEIGHT,
            transform: `translateX(${-scroll.left}px)`,
          }}
        >
          {Array.from({ length: cols.last - cols.first + 1 }, (_, i) => cols.first + i).map((c) => (
            <div
              key={c}
              className={mergeClasses(styles.header, styles.colHeader, c === selection.col && styles.headerActive)}
              style={{ left: layout.offsets[c], width: layout.widths[c] }}
            >
              {indexToCol(c)}
            </div>
          ))}
        </div>
      </div>
      <div className={styles.rowHeaders} aria-hidden="true">
        <div
          style={{
            position: 'absolute',
            top: 0,
            left: 0,
            width: ROW_HEADER_WIDTH,
            transform: `translateY(${-scroll.top}px)`,
          }}
        >
          {Array.from({ length: rows.last - rows.first + 1 }, (_, i) => rows.first + i).map((r) => (
            <div
              key={r}
              className={mergeClasses(styles.header, styles.rowHeader, r === selection.row && styles.headerActive)}
              style={{ top: r * ROW_HEIGHT }}
            >
              {r + 1}
            </div>
          ))}
        </div>
      </div>
      <div
        ref={bodyRef}
        className={styles.body}
        onScroll={onScroll}
        onMouseDown={onMouseDown}
        onDoubleClick={onDoubleClick}
      >
        <div
          ref={gridRef}
          className={styles.gridBox}
          style={{ width: layout.total, height: extent.rows * ROW_HEIGHT }}
          tabIndex={0}
          role="grid"
          aria-label={`Sheet ${sheet}`}
          aria-rowcount={extent.rows + 1}
          aria-colcount={extent.cols + 1}
          data-testid="grid-body"
          // Fluent's focus manager (tabster) handles Tab on the window before this element
          // sees it and moves the focus on (to the sheet tabs). The grid owns Tab: it moves
          // right (Shift+Tab left) and commits an edit, as in Excel.
          data-tabster={GRID_OWNS_TAB}
          onKeyDown={onKeyDown}
        >
          {rowNodes}
          {spills.map(({ s, r }) => {
            const active =
              selection.row >= r.top &&
              selection.row <= r.bottom &&
              selection.col >= r.left &&
              selection.col <= r.right;
            return (
              <div
                key={s.anchor}
                className={mergeClasses(styles.spill, active && styles.spillActive)}
                style={rectOf(layout, r.top, r.left, r.bottom, r.right)}
                data-spill={s.range}
              />
            );
          })}
          <div
            className={styles.selection}
            style={{
              top: selRect.top - 1,
              left: selRect.left - 1,
              width: selRect.width + 1,
              height: selRect.height + 1,
            }}
            data-testid="selection"
          />
        </div>
        {/* Over the cells, beside the grid (a grid holds rows only): the charts and the in-cell editor. */}
        <div className={styles.overlay} style={{ width: layout.total }}>
          {win.snapshot.charts.map((ch) => {
            let rect;
            try {
              const r = rangeOf(`${ch.from}:${ch.to}`);
              rect = rectOf(layout, r.top, r.left, r.bottom, r.right);
            } catch {
              return null;
            }
            return <Chart key={ch.name} wb={wb} spec={ch} version={version} rect={rect} />;
          })}
          {editCell && edit ? (
            <input
              ref={editorRef}
              className={styles.editor}
              style={{
                top: editCell.top - 1,
                left: editCell.left - 1,
                minWidth: editCell.width + 1,
                width: Math.max(editCell.width + 1, textWidth(edit.text) + 24),
              }}
              value={edit.text}
              aria-label={`Edit ${cellA1(edit.row, edit.col)}`}
              data-testid="cell-editor"
              spellCheck={false}
              onChange={(e) => onEditText(e.target.value)}
              onKeyDown={onEditorKeyDown}
              onMouseDown={(e) => e.stopPropagation()}
              onBlur={() => onCommit()}
            />
          ) : null}
        </div>
      </div>
    </div>
  );
});

function emptySnapshot(sheet: string): SheetSnapshot {
  return {
    sheet,
    rows: 0,
    cols: 0,
    cells: [],
    spills: [],
    charts: [],
    conditionalFormats: [],
    names: [],
    hidden: false,
    columnWidths: {},
  };
}

/** One cell outside the rendered window (F2 on a cell scrolled out of view). */
function readOne(wb: SheetSource, sheet: string, p: CellPos): SnapshotCell | undefined {
  return wb.getSheetSnapshot(sheet, { top: p.row, bottom: p.row, left: p.col, right: p.col }).cells[0];
}

/**
 * The workbench page: the real task pane (src/taskpane/App) on the engine adapter, beside
 * a spreadsheet on the same engine: formula bar, grid, sheet tabs. Open an .xlsx file (the
 * reader `roi recalc` uses) or a .csv export (a sheet named after the file), download the workbook as .xlsx (the writer `roi model --out`
 * uses). Everything runs in the page: no Excel, no office.js, no network.
 */
import {
  Badge,
  Body1,
  Button,
  Caption1,
  FluentProvider,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Spinner,
  Text,
  Tooltip,
  makeStyles,
  tokens,
  webLightTheme,
} from '@fluentui/react-components';
import { useCallback, useEffect, useMemo, useRef, useState, type ChangeEvent, type KeyboardEvent } from 'react';
import { isRoiError } from '../core';
import App from '../taskpane/App';
import { MAX_SHEET_COLS, MAX_SHEET_ROWS, cellA1, parseCell } from '../base/a1';
import { createEngineWorkbook, type EngineWorkbook } from '../workbook/engine';
import type { SnapshotCell } from '../workbook/sheet-source';
import { cellOf } from '../workbook/port';
import { editTextOf, normalizeEntry } from './grid/display';
import { FormulaBar } from './grid/FormulaBar';
import { moveInRun, type CellPos, type TabRun } from './grid/geometry';
import { Grid, type CommitMove, type EditState, type GridHandle } from './grid/Grid';
import { SheetTabs } from './grid/SheetTabs';
import { ErrorBoundary } from './ErrorBoundary';
import { DownloadIcon, Mark, NewIcon, OpenIcon, RedoIcon, UndoIcon } from './icons';
import { XLSX_MIME, downloadBytes, downloadName, type KeptFormulas } from './xlsx/download';
import { buildOpened, type OpenedFile } from './xlsx/open';
import { csvSizeProblem, isCsvName } from './xlsx/open-csv';

/** The task pane's width: a little wider than Excel opens it (320-350 px), as a user would widen it. */
export const PANE_WIDTH = 420;
/** The narrowest and widest pane the workbench lays out (Excel's own narrowest is about 320 px). */
export const PANE_MIN = 300;
export const PANE_MAX = 720;

const useStyles = makeStyles({
  root: {
    height: '100vh',
    display: 'flex',
    flexDirection: 'column',
    backgroundColor: tokens.colorNeutralBackground3,
    overflow: 'hidden',
  },
  header: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    boxShadow: tokens.shadow2,
    zIndex: 2,
  },
  brand: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, minWidth: 0 },
  product: {
    margin: 0,
    fontSize: tokens.fontSizeBase500,
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForeground1,
    whiteSpace: 'nowrap',
  },
  doc: {
    display: 'flex',
    flexDirection: 'column',
    minWidth: 0,
    marginLeft: tokens.spacingHorizontalL,
    paddingLeft: tokens.spacingHorizontalL,
    borderLeft: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  docName: {
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    fontWeight: tokens.fontWeightSemibold,
  },
  docHint: { color: tokens.colorNeutralForeground3, whiteSpace: 'nowrap' },
  actions: { marginLeft: 'auto', display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  notice: { margin: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL} 0` },
  main: {
    flexGrow: 1,
    minHeight: 0,
    display: 'flex',
    gap: tokens.spacingHorizontalM,
    padding: tokens.spacingHorizontalM,
  },
  sheet: {
    flexGrow: 1,
    minWidth: 0,
    display: 'flex',
    flexDirection: 'column',
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusLarge,
    boxShadow: tokens.shadow4,
    overflow: 'hidden',
  },
  pane: {
    flexShrink: 0,
    display: 'flex',
    flexDirection: 'column',
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusLarge,
    boxShadow: tokens.shadow4,
    overflow: 'hidden',
  },
  paneTitle: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  paneBody: { flexGrow: 1, minHeight: 0, overflowY: 'auto', position: 'relative' },
  hiddenInput: { display: 'none' },
  /** Read by screen readers, not shown: what an undo or a redo did. */
  announce: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    margin: '-1px',
    overflow: 'hidden',
    clipPath: 'inset(50%)',
    whiteSpace: 'nowrap',
  },
  history: {
    display: 'flex',
    gap: tokens.spacingHorizontalXXS,
    paddingRight: tokens.spacingHorizontalS,
    marginRight: tokens.spacingHorizontalXS,
    borderRight: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  gridArea: { position: 'relative', flexGrow: 1, minHeight: 0, display: 'flex', flexDirection: 'column' },
  welcome: {
    position: 'absolute',
    top: '72px',
    right: '32px',
    maxWidth: '360px',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorBrandStroke2}`,
    borderLeft: `4px solid ${tokens.colorBrandBackground}`,
    borderRadius: tokens.borderRadiusLarge,
    boxShadow: tokens.shadow16,
    pointerEvents: 'none',
    zIndex: 6,
  },
  welcomeTitle: {
    fontSize: tokens.fontSizeBase400,
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForeground1,
  },
  welcomeText: { color: tokens.colorNeutralForeground2 },
});

interface Doc {
  id: number;
  wb: EngineWorkbook;
  /** File name shown in the header ("" for a new workbook). */
  name: string;
  /** Formula cells shown with Excel's saved value (another add-in's functions, ...). */
  kept: KeptFormulas;
}

interface Notice {
  intent: 'success' | 'error' | 'warning' | 'info';
  title: string;
  body: string;
}

let nextDocId = 1;
function newDoc(): Doc {
  return { id: nextDocId++, wb: createEngineWorkbook(), name: '', kept: new Map() };
}

function sheetList(wb: EngineWorkbook): Array<{ name: string; hidden: boolean }> {
  return wb.sheets();
}

function firstVisible(wb: EngineWorkbook): string {
  const list = sheetList(wb);
  return (list.find((s) => !s.hidden) ?? list[0]).name;
}

export interface WorkbenchProps {
  /** Start from this workbook (tests); a new one otherwise. */
  initial?: EngineWorkbook;
  /** The task pane's width in pixels (clamped to PANE_MIN..PANE_MAX); PANE_WIDTH by default. */
  paneWidth?: number;
}

export function Workbench({ initial, paneWidth }: WorkbenchProps) {
  const paneW = Math.round(Math.max(PANE_MIN, Math.min(PANE_MAX, paneWidth ?? PANE_WIDTH)));
  const styles = useStyles();
  const [doc, setDoc] = useState<Doc>(() =>
    initial ? { id: nextDocId++, wb: initial, name: '', kept: new Map() } : newDoc(),
  );
  const wb = doc.wb;
  const [version, setVersion] = useState(0);
  const [sheets, setSheets] = useState(() => sheetList(wb));
  const [active, setActive] = useState(() => firstVisible(wb));
  const [sel, setSel] = useState<CellPos>({ row: 0, col: 0 });
  // Where a run of Tab presses started: Enter returns to its column, as in Excel.
  const [tabRun, setTabRunState] = useState<TabRun | null>(null);
  const tabRunRef = useRef<TabRun | null>(null);
  const setTabRun = useCallback((r: TabRun | null) => {
    tabRunRef.current = r;
    setTabRunState(r);
  }, []);
  const [edit, setEditState] = useState<EditState | null>(null);
  const editRef = useRef<EditState | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [busy, setBusy] = useState<'open' | 'download' | null>(null);
  /** An Open under way: the file, where it got, and how to stop it. */
  const [opening, setOpening] = useState<{ name: string; step: string; done?: number; total?: number } | null>(null);
  const openAbort = useRef<AbortController | null>(null);
  const gridRef = useRef<GridHandle>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const activeRef = useRef(active);
  activeRef.current = active;

  const setEdit = useCallback((e: EditState | null) => {
    editRef.current = e;
    setEditState(e);
  }, []);

  // Follow the workbook: values, sheets added by the task pane, its selection.
  useEffect(() => {
    setSheets(sheetList(wb));
    return wb.onChange((change) => {
      if (change.kind === 'selection') {
        void wb.getSelection().then((s) => {
          if (!s) return;
          try {
            const { row, col } = cellOf(s.address.split(':')[0]);
            setActive(s.sheet);
            setSel((cur) => (cur.row === row && cur.col === col ? cur : { row, col }));
          } catch {
            /* not a cell address */
          }
        });
        return;
      }
      if (change.kind === 'settings') return;
      setVersion((v) => v + 1);
      if (change.kind === 'sheets' || change.sheets.includes('*') || change.kind === 'batch') {
        const list = sheetList(wb);
        setSheets(list);
        if (!list.some((s) => s.name === activeRef.current)) setActive(firstVisible(wb));
      }
    });
  }, [wb]);

  const selectCell = useCallback(
    (p: CellPos, sheet = activeRef.current) => {
      const next = {
        row: Math.max(0, Math.min(MAX_SHEET_ROWS - 1, p.row)),
        col: Math.max(0, Math.min(MAX_SHEET_COLS - 1, p.col)),
      };
      setSel(next);
      void wb.select(sheet, cellA1(next.row, next.col)).catch(() => undefined);
    },
    [wb],
  );

  const switchSheet = useCallback(
    (sheet: string) => {
      if (editRef.current) setEdit(null);
      setTabRun(null);
      setActive(sheet);
      setSel({ row: 0, col: 0 });
      void wb.select(sheet, 'A1').catch(() => undefined);
    },
    [wb, setEdit, setTabRun],
  );

  /** The selected cell as the engine has it now. */
  const selected: SnapshotCell | undefined = useMemo(() => {
    try {
      return wb.getSheetSnapshot(active, { top: sel.row, bottom: sel.row, left: sel.col, right: sel.col }).cells[0];
    } catch {
      return undefined;
    }
    // `version` is in the list so the cell is read again after every change.
  }, [wb, active, sel, version]);

  const startEdit = useCallback(
    (p: CellPos, text: string, mode: EditState['mode'], source: EditState['source'] = 'cell') => {
      setEdit({ row: p.row, col: p.col, text, mode, source });
      if (source === 'cell') setSel((cur) => (cur.row === p.row && cur.col === p.col ? cur : p));
    },
    [setEdit],
  );

  const commit = useCallback(
    (then?: CommitMove) => {
      const e = editRef.current;
      if (!e) return;
      setEdit(null);
      const sheet = activeRef.current;
      const address = cellA1(e.row, e.col);
      const before = wb.getSheetSnapshot(sheet, { top: e.row, bottom: e.row, left: e.col, right: e.col }).cells[0];
      if (e.text !== editTextOf(before)) {
        try {
          wb.setCellFromUser(sheet, address, normalizeEntry(e.text, wb.getNumberFormat(sheet, address)));
          setDoc((d) => {
            if (!d.kept.delete(`${sheet}!${address}`)) return d;
            return { ...d };
          });
        } catch (err) {
          setNotice({
            intent: 'error',
            title: `${address} not changed`,
            body: err instanceof Error ? err.message : String(err),
          });
        }
      }
      if (then) {
        const next = moveInRun({ row: e.row, col: e.col }, then.key, tabRunRef.current, {
          rows: MAX_SHEET_ROWS,
          cols: MAX_SHEET_COLS,
          shift: then.shift,
        });
        setTabRun(next.run);
        selectCell(next.to);
      }
    },
    [wb, setEdit, selectCell, setTabRun],
  );

  const cancel = useCallback(() => setEdit(null), [setEdit]);

  const clear = useCallback(
    (p: CellPos) => {
      try {
        wb.setCellFromUser(activeRef.current, cellA1(p.row, p.col), '');
      } catch (err) {
        setNotice({
          intent: 'error',
          title: 'Cell not cleared',
          body: err instanceof Error ? err.message : String(err),
        });
      }
    },
    [wb],
  );

  const goTo = useCallback(
    (target: string): string | undefined => {
      const bang = target.lastIndexOf('!');
      const sheetPart =
        bang > 0
          ? target
              .slice(0, bang)
              .replace(/^'(.*)'$/, '$1')
              .replace(/''/g, "'")
          : undefined;
      const cellPart = bang > 0 ? target.slice(bang + 1) : target;
      setTabRun(null);
      const sheet = sheetPart
        ? wb
            .sheets()
            .map((s) => s.name)
            .find((s) => s.toLowerCase() === sheetPart.toLowerCase())
        : activeRef.current;
      if (!sheet) return `There is no sheet named "${sheetPart}".`;
      const pos = parseCell(cellPart.split(':')[0]);
      if (pos) {
        if (sheet !== activeRef.current) switchSheet(sheet);
        selectCell(pos, sheet);
        gridRef.current?.reveal(pos);
        gridRef.current?.focus();
        return undefined;
      }
      const names = wb.getNames().filter((n) => n.name.toLowerCase() === cellPart.toLowerCase());
      const name = names.find((n) => n.sheet === activeRef.current) ?? names[0];
      if (name) {
        const at = parseCell(name.address.split(':')[0]);
        if (at) {
          if (name.sheet !== activeRef.current) switchSheet(name.sheet);
          selectCell(at, name.sheet);
          gridRef.current?.reveal(at);
          gridRef.current?.focus();
          return undefined;
        }
      }
      return `"${target}" is not a cell address or a defined name.`;
    },
    [wb, selectCell, switchSheet, setTabRun],
  );

  /* ----- files ----- */

  const onOpenFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    setBusy('open');
    setNotice(null);
    const abort = new AbortController();
    openAbort.current = abort;
    const progress = (step: string, done?: number, total?: number) =>
      setOpening({ name: file.name, step, done, total });
    progress('reading the file');
    try {
      // A .csv too large is refused before a byte of it is read (an .xlsx is bounded by its reader's limits).
      const tooLarge = isCsvName(file.name) ? csvSizeProblem(file.name, file.size) : undefined;
      if (tooLarge) throw new Error(tooLarge);
      const bytes = new Uint8Array(await file.arrayBuffer());
      // Read in a worker (the page stays responsive whatever the file), then build the grid in slices.
      const read: OpenedFile = await (
        await import('./xlsx/open-client')
      ).readInWorker(bytes, file.name, progress, abort.signal);
      const opened = await buildOpened(read, progress, abort.signal);
      const kept: KeptFormulas = new Map(opened.kept.map((k) => [`${k.sheet}!${k.address}`, k.formula]));
      setEdit(null);
      setDoc({ id: nextDocId++, wb: opened.wb, name: file.name, kept });
      setActive(firstVisible(opened.wb));
      setSel({ row: 0, col: 0 });
      setVersion((v) => v + 1);
      const extra = [
        opened.kept.length
          ? `${opened.kept.length} formula cell${opened.kept.length === 1 ? '' : 's'} the engine cannot calculate show the value Excel saved (marked with a red corner; hover for why).`
          : '',
        opened.skippedNames.length
          ? `Defined names not read: ${opened.skippedNames.map((n) => n.name).join(', ')}.`
          : '',
      ]
        .filter(Boolean)
        .join(' ');
      setNotice({
        intent: opened.kept.length || opened.skippedNames.length ? 'warning' : 'success',
        title: `Opened ${file.name}`,
        body: `${opened.sheets.length} sheet${opened.sheets.length === 1 ? '' : 's'}, recalculated here. ${extra}`.trim(),
      });
    } catch (err) {
      setNotice({
        intent: abort.signal.aborted ? 'info' : 'error',
        title: abort.signal.aborted ? `Opening ${file.name} was cancelled` : `${file.name} could not be opened`,
        body: abort.signal.aborted
          ? 'The workbook you had is as it was.'
          : err instanceof Error
            ? err.message
            : String(err),
      });
    } finally {
      openAbort.current = null;
      setOpening(null);
      setBusy(null);
    }
  };

  const onDownload = async () => {
    if (editRef.current) commit();
    setBusy('download');
    setNotice(null);
    try {
      const bytes = await downloadBytes(wb, doc.kept);
      const name = downloadName(doc.name);
      const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: XLSX_MIME }));
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setNotice({
        intent: 'success',
        title: `Downloaded ${name}`,
        body: 'ROI formulas are saved as Excel saves them, with their current values: the file shows numbers even where the add-in is not installed.',
      });
    } catch (err) {
      setNotice({ intent: 'error', title: 'Download failed', body: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(null);
    }
  };

  const onNew = () => {
    setEdit(null);
    const d = newDoc();
    setDoc(d);
    setActive(firstVisible(d.wb));
    setSel({ row: 0, col: 0 });
    setNotice(null);
  };

  /* ----- undo ----- */

  const [undone, setUndone] = useState('');

  /**
   * Ctrl+Z / Ctrl+Y: one cell edit, or one write of the task pane, at a time. The workbook
   * moves the selection back to where the step was; a step that cannot be undone is put
   * back as it was, and says so.
   */
  const undoRedo = useCallback(
    (redo: boolean) => {
      // An entry not committed yet is what Ctrl+Z takes back first: it is dropped, as Escape does.
      if (editRef.current) {
        setEdit(null);
        return;
      }
      try {
        const r = redo ? wb.redo() : wb.undo();
        if (r) setUndone(`${redo ? 'Redone' : 'Undone'}: ${r.label}`);
      } catch (err) {
        setNotice({
          intent: 'error',
          title: redo ? 'Nothing was redone' : 'Nothing was undone',
          body: `${err instanceof Error ? err.message : String(err)} The workbook is as it was.`,
        });
      }
    },
    [wb, setEdit],
  );

  /**
   * F6 / Shift+F6 move the keyboard between the formula bar, the grid and the task pane, as
   * in Excel. Ctrl+Z undoes, Ctrl+Y and Ctrl+Shift+Z redo, wherever the keyboard is except
   * in a box being typed in (there they undo the typing, as the browser does).
   */
  const onRootKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const key = e.key.toLowerCase();
    if ((e.ctrlKey || e.metaKey) && !e.altKey && (key === 'z' || key === 'y')) {
      const t = e.target as HTMLElement;
      if (t.closest('input, textarea, select, [contenteditable="true"]')) return;
      e.preventDefault();
      undoRedo(key === 'y' || e.shiftKey);
      return;
    }
    if (e.key !== 'F6') return;
    e.preventDefault();
    const root = e.currentTarget;
    const regions = [
      root.querySelector<HTMLElement>('[data-testid=formula-bar]'),
      root.querySelector<HTMLElement>('[data-testid=grid-body]'),
      root.querySelector<HTMLElement>('.wb-pane'),
    ];
    const at = regions.findIndex((r) => r && r.contains(document.activeElement));
    const next = regions[(at + (e.shiftKey ? regions.length - 1 : 1) + regions.length) % regions.length];
    if (!next) return;
    const target = next.matches('input, [tabindex]')
      ? next
      : next.querySelector<HTMLElement>(
          'button:not([disabled]), input:not([disabled]), select, textarea, [tabindex]:not([tabindex="-1"])',
        );
    target?.focus();
  };

  /* ----- status ----- */

  const status = useMemo(() => {
    const v = selected?.value;
    if (isRoiError(v)) return `${cellA1(sel.row, sel.col)}: ${v.code}${v.message ? ` ${v.message}` : ''}`;
    if (selected?.spillAnchor && selected.spillAnchor !== selected.address)
      return `Part of the spill of ${selected.spillAnchor}`;
    return undefined;
  }, [selected, sel]);

  // First run: an empty workbook gets a word on where to start (gone once anything is in it).
  const empty = useMemo(() => {
    const names = wb.sheets().map((s) => s.name);
    return names.length === 1 && wb.getSheetSnapshot(names[0], { top: 0, bottom: -1, left: 0, right: -1 }).rows === 0;
    // `version`: checked again after every change.
  }, [wb, version]);

  const barText = edit ? edit.text : editTextOf(selected);
  const address = cellA1(sel.row, sel.col);

  return (
    <FluentProvider theme={webLightTheme}>
      <div className={styles.root} onKeyDown={onRootKeyDown}>
        <header className={styles.header}>
          <div className={styles.brand}>
            <Mark />
            <h1 className={styles.product}>Outcome ROI</h1>
            <Badge appearance="tint" color="brand" size="medium">
              Workbench
            </Badge>
          </div>
          <div className={styles.doc}>
            <Body1 className={styles.docName} data-testid="doc-name">
              {doc.name || 'New workbook'}
            </Body1>
            <Caption1 className={styles.docHint}>
              Runs in this page on the headless engine: no Excel, nothing sent anywhere
            </Caption1>
          </div>
          <div className={styles.actions}>
            <div className={styles.history} role="group" aria-label="Undo and redo">
              <Tooltip
                content={wb.undoLabel ? `Undo: ${wb.undoLabel} (Ctrl+Z)` : 'Nothing to undo (Ctrl+Z)'}
                relationship="description"
              >
                <Button
                  appearance="subtle"
                  icon={<UndoIcon />}
                  aria-label="Undo"
                  disabledFocusable={!wb.undoLabel}
                  onClick={() => undoRedo(false)}
                  data-testid="undo"
                />
              </Tooltip>
              <Tooltip
                content={wb.redoLabel ? `Redo: ${wb.redoLabel} (Ctrl+Y)` : 'Nothing to redo (Ctrl+Y)'}
                relationship="description"
              >
                <Button
                  appearance="subtle"
                  icon={<RedoIcon />}
                  aria-label="Redo"
                  disabledFocusable={!wb.redoLabel}
                  onClick={() => undoRedo(true)}
                  data-testid="redo"
                />
              </Tooltip>
              <span role="status" className={styles.announce}>
                {undone}
              </span>
            </div>
            <Tooltip content="Start again from an empty workbook" relationship="description">
              <Button appearance="subtle" icon={<NewIcon />} onClick={onNew} disabled={busy !== null}>
                New
              </Button>
            </Tooltip>
            <Button
              appearance="secondary"
              icon={busy === 'open' ? <Spinner size="tiny" /> : <OpenIcon />}
              onClick={() => fileRef.current?.click()}
              disabled={busy !== null}
            >
              Open .csv / .xlsx
            </Button>
            <Button
              appearance="primary"
              icon={busy === 'download' ? <Spinner size="tiny" /> : <DownloadIcon />}
              onClick={() => void onDownload()}
              disabled={busy !== null}
            >
              Download .xlsx
            </Button>
            <input
              ref={fileRef}
              className={styles.hiddenInput}
              type="file"
              accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              data-testid="open-input"
              onChange={(e) => void onOpenFile(e)}
            />
          </div>
        </header>
        {opening ? (
          <MessageBar className={styles.notice} intent="info" data-testid="workbench-opening">
            <MessageBarBody>
              <MessageBarTitle>Opening {opening.name}</MessageBarTitle>
              {opening.step}
              {opening.total ? ` (${Math.min(100, Math.floor((100 * (opening.done ?? 0)) / opening.total))}%)` : ''}
              <ProgressBar
                value={opening.total ? Math.min(1, (opening.done ?? 0) / opening.total) : undefined}
                aria-label={`Opening ${opening.name}`}
              />
            </MessageBarBody>
            <MessageBarActions>
              <Button size="small" onClick={() => openAbort.current?.abort()} data-testid="open-cancel">
                Cancel
              </Button>
            </MessageBarActions>
          </MessageBar>
        ) : null}
        {notice ? (
          <MessageBar className={styles.notice} intent={notice.intent} data-testid="workbench-notice">
            <MessageBarBody>
              <MessageBarTitle>{notice.title}</MessageBarTitle>
              {notice.body}
            </MessageBarBody>
            <MessageBarActions
              containerAction={
                <Button appearance="transparent" size="small" aria-label="Dismiss" onClick={() => setNotice(null)}>
                  ×
                </Button>
              }
            />
          </MessageBar>
        ) : null}
        <div className={styles.main}>
          <main className={styles.sheet} aria-label="Workbook">
            <FormulaBar
              address={address}
              text={barText}
              editing={edit?.source === 'bar'}
              onFocusText={() => {
                if (!editRef.current) startEdit(sel, editTextOf(selected), 'edit', 'bar');
              }}
              onChangeText={(text) => {
                const e = editRef.current;
                setEdit(e ? { ...e, text } : { row: sel.row, col: sel.col, text, mode: 'edit', source: 'bar' });
              }}
              onCommit={(then) => {
                commit(then);
                gridRef.current?.focus();
              }}
              onCancel={() => {
                cancel();
                gridRef.current?.focus();
              }}
              onGoTo={goTo}
            />
            <div className={styles.gridArea}>
              {empty ? (
                <div className={styles.welcome} role="note" data-testid="welcome">
                  <span className={styles.welcomeTitle}>Start with the task pane</span>
                  <Body1 className={styles.welcomeText}>
                    Enter your revenue target, deal value and funnel rates on the right, then press <b>Build model</b>:
                    the model appears here as live ROI formulas you can edit.
                  </Body1>
                  <Caption1 className={styles.welcomeText}>
                    Or open an .xlsx file to recalculate it here, or a CRM export (.csv) to calibrate from it.
                  </Caption1>
                </div>
              ) : null}
              <ErrorBoundary resetKey={`${doc.id}:${active}`}>
                <Grid
                  ref={gridRef}
                  wb={wb}
                  sheet={active}
                  version={version}
                  selection={sel}
                  edit={edit}
                  tabRun={tabRun}
                  onSelect={(p, run) => {
                    if (editRef.current?.source === 'bar') commit();
                    setTabRun(run ?? null);
                    selectCell(p);
                  }}
                  onStartEdit={(p, text, mode) => startEdit(p, text, mode, 'cell')}
                  onEditText={(text) => {
                    const e = editRef.current;
                    if (e) setEdit({ ...e, text });
                  }}
                  onCommit={commit}
                  onCancel={cancel}
                  onClear={clear}
                />
              </ErrorBoundary>
            </div>
            <SheetTabs sheets={sheets} active={active} onSelect={switchSheet} status={status} />
          </main>
          <aside className={styles.pane} style={{ width: paneW }} aria-label="Outcome ROI task pane">
            <div className={styles.paneTitle}>
              <Text weight="semibold">Outcome ROI</Text>
              <Caption1>task pane</Caption1>
            </div>
            <div className={`${styles.paneBody} wb-pane`}>
              <App key={doc.id} port={wb} theme="light" embedded />
            </div>
          </aside>
        </div>
      </div>
    </FluentProvider>
  );
}

/**
 * The Model view's behaviour: the form, its reading as ModelInputs, validation in the
 * user's words (the field table's labels, the core's verdicts), the preview, and Build /
 * Update through the WorkbookPort.
 *
 * Once a model exists, its sheet is the truth: the inputs are read back from the model
 * sheet when the pane opens, when that sheet is activated or edited, and when Update
 * finds cells changed on the sheet. A value changed on the sheet and not in the form is taken into
 * the form (and said so, old -> new); one changed in both places is shown with both
 * values. Update never writes over a cell the user changed: it stops, and a dialog lists
 * the changed cells and asks whether to keep the sheet's values or the form's.
 */
import { useCallback, useDeferredValue, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { useAsyncAction } from './useAsyncAction';
import { errorText } from '../../base/error-text';
import {
  ModelInputError,
  contentWords,
  findModelRecord,
  inputProblems,
  listModelSheets,
  loadSavedInputs,
  mergeSheetEdits,
  planModel,
  previewModel,
  problemTexts,
  readModelSheet,
  recordProblem,
  shortLabel,
  MODEL_FIELDS,
  MODEL_OUTPUTS,
  type InputChange,
  type ModelInputs,
  type ModelPreview,
  type ModelRecord,
} from '../../features/model';
import { CellsChangedError, type ChangedCell, type WorkbookPort } from '../../workbook/port';
import { adoptInputs, formFromInputs, formReducer, readForm, type FormAction, type FormState } from './form';

/** The model's writes (features/model/write.ts): loaded on the first Build or Update, not with the first screen. */
const writes = () => import(/* webpackChunkName: "model-write" */ '../../features/model/write');

export interface Notice {
  intent: 'success' | 'error' | 'warning' | 'info';
  title: string;
  body: string;
}

export type Busy = 'loading' | 'building' | 'updating' | null;

/** What the model sheet holds that the form did not (read back from the sheet). */
export interface SheetNews {
  sheet: string;
  /** Changed on the sheet only: now in the form too. */
  adopted: InputChange[];
  /** Changed on the sheet and in the form: both values, the form's kept until the user says. */
  conflicts: Array<InputChange & { form: string }>;
}

/** Update found cells changed on the sheet: what to ask. */
export interface UpdateQuestion {
  sheet: string;
  /** One line per changed cell, in the user's words. */
  lines: string[];
  cells: ChangedCell[];
}

export interface ModelBuilder {
  form: FormState;
  dispatch: (a: FormAction) => void;
  inputs: ModelInputs;
  /** Field path -> message in the user's words: the pane's own for text that is not a number, else from the core's verdict. */
  errors: Record<string, string>;
  valid: boolean;
  /** The preview of the current inputs (null while any field needs attention). */
  preview: ModelPreview | null;
  busy: Busy;
  notice: Notice | null;
  dismissNotice: () => void;
  /** Model sheets this builder created that still exist, oldest first. */
  modelSheets: string[];
  updateTarget: string | null;
  setUpdateTarget: (sheet: string) => void;
  build: () => Promise<void>;
  update: () => Promise<void>;
  /** What was last read back from the model sheet, when it differed from the form. */
  sheetNews: SheetNews | null;
  dismissSheetNews: () => void;
  /** Take the sheet's values for the conflicts too. */
  takeSheetValues: () => void;
  /** Read the model sheet again now. */
  readSheet: () => Promise<void>;
  /** The question Update asks when cells changed on the sheet (a dialog), or null. */
  question: UpdateQuestion | null;
  answer: (choice: 'sheet' | 'form' | 'cancel') => Promise<void>;
}

function reason(e: unknown, inputs?: ModelInputs): string {
  if (e instanceof ModelInputError) {
    const texts = inputs ? problemTexts(inputProblems(inputs), inputs) : e.errors;
    return Object.values(texts)[0] ?? e.message;
  }
  return errorText(e);
}

/** What each cell of a model sheet is, in words ("Average deal value", "Deals to win (a formula)"), by address. */
function cellNames(record: ModelRecord): Map<string, { what: string; path?: string; formula: boolean }> {
  const plan = planModel(record.inputs, record.sheet, { capacity: record.capacity, id: record.id });
  const out = new Map<string, { what: string; path?: string; formula: boolean }>();
  const labels = new Map<string, string>([
    ...MODEL_FIELDS.map((f) => [`input.${f.key}`, shortLabel(f.label)] as [string, string]),
    ...MODEL_OUTPUTS.map((o) => [o.key, o.label] as [string, string]),
  ]);
  const formulas = new Set(plan.formulas.keys());
  for (const [key, address] of Object.entries(plan.cells)) {
    let what = labels.get(key);
    const stage = /^input\.stages\.(\d+)\.(\w+)$/.exec(key);
    if (!what && stage) what = `Stage ${Number(stage[1]) + 1} ${stage[2] === 'rateName' ? 'rate name' : stage[2]}`;
    if (!what && key === 'input.wonStageName') what = 'Name of the won deals';
    const sc = /^scenario\.(Low|High)\.(dealValue|rates\.(\d+))$/.exec(key);
    if (!what && sc) what = `${sc[1]} ${sc[3] !== undefined ? `rate of stage ${Number(sc[3]) + 1}` : 'deal value'}`;
    if (what) out.set(address, { what, path: key.replace(/^input\./, ''), formula: formulas.has(address) });
  }
  return out;
}

function questionLines(record: ModelRecord, cells: ChangedCell[]): string[] {
  const names = cellNames(record);
  return cells.map((c) => {
    const n = names.get(c.address);
    const now = c.formula.startsWith('=') ? `the formula ${c.formula}` : contentWords(c.value, n?.path);
    if (n?.formula) return `${n.what} (${c.address}): you typed ${now} over its formula; Update puts the formula back.`;
    if (n) return `${n.what} (${c.address}): now ${now}.`;
    return `${c.address}: now ${now} (a cell of the model).`;
  });
}

export function useModelBuilder(port: WorkbookPort): ModelBuilder {
  const [form, dispatch] = useReducer(formReducer, undefined, () => formFromInputs());
  const [notice, setNotice] = useState<Notice | null>(null);
  const [modelSheets, setModelSheets] = useState<string[]>([]);
  const [updateTarget, setUpdateTarget] = useState<string | null>(null);
  const [sheetNews, setSheetNews] = useState<SheetNews | null>(null);
  const [question, setQuestion] = useState<UpdateQuestion | null>(null);
  const { busy, run, whileMounted } = useAsyncAction<NonNullable<Busy>>('loading');

  const reading = useMemo(() => readForm(form), [form]);
  // The latest form and reading, for reads that finish after the user typed on.
  const formRef = useRef(form);
  formRef.current = form;
  const readingRef = useRef(reading);
  readingRef.current = reading;
  const targetRef = useRef(updateTarget);
  targetRef.current = updateTarget;

  const refreshSheets = useCallback(
    async (prefer?: string): Promise<string | null> => {
      const sheets = await listModelSheets(port);
      const pick = (cur: string | null) =>
        prefer && sheets.includes(prefer)
          ? prefer
          : cur && sheets.includes(cur)
            ? cur
            : (sheets[sheets.length - 1] ?? null);
      const next = pick(targetRef.current);
      whileMounted(() => {
        setModelSheets(sheets);
        setUpdateTarget(pick);
      });
      targetRef.current = next;
      return next;
    },
    [port, whileMounted],
  );

  /**
   * Read the model sheet back and take what changed there into the form. Returns the
   * record and the sheet's inputs (null when there is no readable model sheet).
   */
  const syncFromSheet = useCallback(
    async (sheet: string | null): Promise<{ record: ModelRecord; sheetInputs: ModelInputs } | null> => {
      if (!sheet) return null;
      const record = await findModelRecord(port, sheet);
      if (!record || recordProblem(record, sheet)) return null;
      const read = await readModelSheet(port, record);
      if (typeof read === 'string') return null;
      const { merged, adopted, conflicts } = mergeSheetEdits(readingRef.current.inputs, record.inputs, read.inputs);
      whileMounted(() => {
        if (adopted.length) {
          let next = adoptInputs(
            formRef.current,
            merged,
            adopted.map((a) => a.path),
          );
          // A box whose cell holds text shows that text (and its message), not an empty box.
          for (const [path, raw] of Object.entries(read.notNumbers))
            if (path in next.fields && adopted.some((a) => a.path === path))
              next = {
                ...next,
                fields: { ...next.fields, [path]: raw === null || raw === undefined ? '' : String(raw) },
              };
          dispatch({ type: 'reset', form: next });
        }
        setSheetNews(adopted.length || conflicts.length ? { sheet, adopted, conflicts } : null);
      });
      return { record, sheetInputs: read.inputs };
    },
    [port, whileMounted],
  );

  // Restore the inputs saved in the workbook, find the model sheets, and read the latest back.
  useEffect(() => {
    void run(
      'loading',
      async () => {
        const saved = await loadSavedInputs(port);
        return async () => {
          if (saved) {
            const restored = formFromInputs(saved);
            formRef.current = restored;
            readingRef.current = readForm(restored);
            dispatch({ type: 'reset', form: restored });
          }
          const target = await refreshSheets();
          await syncFromSheet(target).catch(() => null);
        };
      },
      {
        failed: (e) =>
          setNotice({
            intent: 'warning',
            title: 'Saved inputs not read',
            body: `Starting from the defaults: ${reason(e)}`,
          }),
      },
    );
  }, [port, run, refreshSheets, syncFromSheet]);

  // When the model sheet becomes the active sheet, or the user edits it, read it back (edits
  // a moment apart are read once).
  const busyRef = useRef(busy);
  busyRef.current = busy;
  useEffect(() => {
    const stops: Array<() => void> = [];
    let gone = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = (sheet: string, wait: number) => {
      if (sheet !== targetRef.current) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        // A write of the pane's own is not the user's edit: its result is read when it ends.
        if (!gone && !busyRef.current) void syncFromSheet(sheet).catch(() => null);
      }, wait);
    };
    const subscribe = (on: WorkbookPort['onSheetActivated'], wait: number) => {
      if (!on) return;
      void on
        .call(port, (sheet) => read(sheet, wait))
        .then((stop) => (gone ? stop() : stops.push(stop)))
        .catch(() => undefined);
    };
    subscribe(port.onSheetActivated, 0);
    subscribe(port.onSheetChanged, 400);
    return () => {
      gone = true;
      if (timer) clearTimeout(timer);
      for (const stop of stops) stop();
    };
  }, [port, syncFromSheet]);

  const errors = useMemo(
    () => ({ ...problemTexts(inputProblems(reading.inputs), reading.inputs), ...reading.parseErrors }),
    [reading],
  );
  const valid = Object.keys(errors).length === 0;
  // The preview runs the core (exact binomial tails): let typing stay ahead of it.
  const deferredInputs = useDeferredValue(valid ? reading.inputs : null);
  const preview = useMemo(() => (deferredInputs ? previewModel(deferredInputs) : null), [deferredInputs]);

  const build = useCallback(async () => {
    if (!valid || busy) return;
    setNotice(null);
    await run(
      'building',
      async () => {
        const { buildModel } = await writes();
        const { sheet } = await buildModel(port, reading.inputs);
        return async () => {
          setNotice({
            intent: 'success',
            title: 'Model built',
            body: `The model is on the new sheet "${sheet}". Edit its inputs there and every output follows; the pane reads them back.`,
          });
          setSheetNews(null);
          await refreshSheets(sheet).catch(() => undefined);
          await port.select(sheet, 'A1').catch(() => undefined);
        };
      },
      {
        failed: (e) =>
          setNotice({
            intent: 'error',
            title: 'Model not built',
            body: `${reason(e, reading.inputs)} The workbook was left as it was.`,
          }),
      },
    );
  }, [valid, busy, port, reading.inputs, refreshSheets, run]);

  /** Write the inputs to the sheet; a CellsChangedError becomes the question. */
  const write = useCallback(
    async (sheet: string, inputs: ModelInputs, seen?: ChangedCell[]) => {
      setNotice(null);
      await run(
        'updating',
        async () => {
          try {
            const { updateModel } = await writes();
            await updateModel(port, inputs, sheet, { seen });
          } catch (e) {
            if (!(e instanceof CellsChangedError)) throw e;
            // Ask first: the form is left as it is, so "the form's values" means what the user typed.
            const record = await findModelRecord(port, sheet);
            return () => {
              setQuestion({ sheet, cells: e.changed, lines: record ? questionLines(record, e.changed) : [e.message] });
            };
          }
          return async () => {
            setQuestion(null);
            setSheetNews(null);
            setNotice({
              intent: 'success',
              title: 'Model updated',
              body: `"${sheet}" now uses these inputs. Only the cells the builder created were changed.`,
            });
            await refreshSheets(sheet).catch(() => undefined);
          };
        },
        {
          failed: (e) =>
            setNotice({
              intent: 'error',
              title: 'Model not updated',
              body: `${reason(e, inputs)} The workbook was left as it was.`,
            }),
        },
      );
    },
    [port, run, refreshSheets],
  );

  const update = useCallback(async () => {
    if (!valid || busy || !updateTarget) return;
    await write(updateTarget, reading.inputs);
  }, [valid, busy, updateTarget, reading.inputs, write]);

  const answer = useCallback(
    async (choice: 'sheet' | 'form' | 'cancel') => {
      const q = question;
      setQuestion(null);
      if (!q || choice === 'cancel') return;
      let inputs = readingRef.current.inputs;
      if (choice === 'sheet') {
        // The sheet's values for every input, conflicts included; then write with the cells as seen.
        const record = await findModelRecord(port, q.sheet);
        const read = record ? await readModelSheet(port, record).catch(() => null) : null;
        if (record && read && typeof read !== 'string') {
          const m = mergeSheetEdits(record.inputs, record.inputs, read.inputs);
          const paths = [...m.adopted.map((a) => a.path)];
          const next = adoptInputs(formRef.current, read.inputs, paths);
          dispatch({ type: 'reset', form: next });
          inputs = readForm(next).inputs;
          if (Object.keys(inputProblems(inputs)).length) {
            setNotice({
              intent: 'warning',
              title: 'The sheet holds values the model cannot use',
              body: "The form now shows the sheet's values: fix the marked fields, then Update model again.",
            });
            return;
          }
        }
      }
      await write(q.sheet, inputs, q.cells);
    },
    [question, port, write],
  );

  const takeSheetValues = useCallback(() => {
    const news = sheetNews;
    if (!news) return;
    void (async () => {
      const record = await findModelRecord(port, news.sheet);
      const read = record ? await readModelSheet(port, record) : null;
      if (!read || typeof read === 'string') return;
      whileMounted(() => {
        dispatch({
          type: 'reset',
          form: adoptInputs(
            formRef.current,
            read.inputs,
            news.conflicts.map((c) => c.path),
          ),
        });
        setSheetNews({ ...news, adopted: [...news.adopted, ...news.conflicts], conflicts: [] });
      });
    })().catch(() => undefined);
  }, [sheetNews, port, whileMounted]);

  const readSheet = useCallback(async () => {
    await syncFromSheet(targetRef.current).catch(() => null);
  }, [syncFromSheet]);

  const dismissNotice = useCallback(() => setNotice(null), []);
  const dismissSheetNews = useCallback(() => setSheetNews(null), []);

  return {
    form,
    dispatch,
    inputs: reading.inputs,
    errors,
    valid,
    preview,
    busy,
    notice,
    dismissNotice,
    modelSheets,
    updateTarget,
    setUpdateTarget: (sheet: string) => {
      setUpdateTarget(sheet);
      targetRef.current = sheet;
      void syncFromSheet(sheet).catch(() => null);
    },
    build,
    update,
    sheetNews,
    dismissSheetNews,
    takeSheetValues,
    readSheet,
    question,
    answer,
  };
}

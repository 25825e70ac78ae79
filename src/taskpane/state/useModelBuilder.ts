/**
 * The Model view's behaviour: the form, its reading as ModelInputs, validation with the
 * core's messages, the core's preview, and Build / Update through the WorkbookPort.
 * Saved inputs are restored from the workbook's document settings on mount.
 */
import { useCallback, useDeferredValue, useEffect, useMemo, useReducer, useState } from 'react';
import { useAsyncAction } from './useAsyncAction';
import { errorText } from '../../base/error-text';
import {
  ModelInputError,
  buildModel,
  listModelSheets,
  loadSavedInputs,
  previewModel,
  updateModel,
  validateInputs,
  type ModelInputs,
  type ModelPreview,
} from '../../features/model';
import type { WorkbookPort } from '../../workbook/port';
import { formFromInputs, formReducer, readForm, type FormAction, type FormState } from './form';

export interface Notice {
  intent: 'success' | 'error' | 'warning' | 'info';
  title: string;
  body: string;
}

export type Busy = 'loading' | 'building' | 'updating' | null;

export interface ModelBuilder {
  form: FormState;
  dispatch: (a: FormAction) => void;
  inputs: ModelInputs;
  /** Field path -> message: the pane's own for text that is not a number, else the core's. */
  errors: Record<string, string>;
  valid: boolean;
  /** The core's preview of the current inputs (null while any field needs attention). */
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
}

function reason(e: unknown): string {
  if (e instanceof ModelInputError) return Object.values(e.errors)[0] ?? e.message;
  return errorText(e);
}

export function useModelBuilder(port: WorkbookPort): ModelBuilder {
  const [form, dispatch] = useReducer(formReducer, undefined, () => formFromInputs());
  const [notice, setNotice] = useState<Notice | null>(null);
  const [modelSheets, setModelSheets] = useState<string[]>([]);
  const [updateTarget, setUpdateTarget] = useState<string | null>(null);
  const { busy, run, whileMounted } = useAsyncAction<NonNullable<Busy>>('loading');

  const refreshSheets = useCallback(
    async (prefer?: string) => {
      const sheets = await listModelSheets(port);
      whileMounted(() => {
        setModelSheets(sheets);
        setUpdateTarget((cur) =>
          prefer && sheets.includes(prefer)
            ? prefer
            : cur && sheets.includes(cur)
              ? cur
              : (sheets[sheets.length - 1] ?? null),
        );
      });
    },
    [port, whileMounted],
  );

  // Restore the inputs saved in the workbook, and find the model sheets already built.
  useEffect(() => {
    void run(
      'loading',
      async () => {
        const saved = await loadSavedInputs(port);
        return async () => {
          if (saved) dispatch({ type: 'reset', form: formFromInputs(saved) });
          await refreshSheets();
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
  }, [port, run, refreshSheets]);

  const reading = useMemo(() => readForm(form), [form]);
  const errors = useMemo(() => ({ ...validateInputs(reading.inputs), ...reading.parseErrors }), [reading]);
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
        const { sheet } = await buildModel(port, reading.inputs);
        return async () => {
          setNotice({
            intent: 'success',
            title: 'Model built',
            body: `The model is on the new sheet "${sheet}". Edit its inputs there and every output follows.`,
          });
          await refreshSheets(sheet).catch(() => undefined);
          await port.select(sheet, 'A1').catch(() => undefined);
        };
      },
      {
        failed: (e) =>
          setNotice({
            intent: 'error',
            title: 'Model not built',
            body: `${reason(e)} The workbook was left as it was.`,
          }),
      },
    );
  }, [valid, busy, port, reading.inputs, refreshSheets, run]);

  const update = useCallback(async () => {
    if (!valid || busy || !updateTarget) return;
    const sheet = updateTarget;
    setNotice(null);
    await run(
      'updating',
      async () => {
        await updateModel(port, reading.inputs, sheet);
        return async () => {
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
            body: `${reason(e)} The workbook was left as it was.`,
          }),
      },
    );
  }, [valid, busy, updateTarget, port, reading.inputs, refreshSheets, run]);

  const dismissNotice = useCallback(() => setNotice(null), []);

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
    setUpdateTarget,
    build,
    update,
  };
}

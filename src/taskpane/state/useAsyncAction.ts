/**
 * The views' one async pattern: an action that talks to the workbook runs with a busy
 * label; what it found, or the error it met, reaches the view's state only while the view
 * is still mounted (Excel may answer after the user has switched tabs, and React must not
 * be told to update a view that is gone); the busy label clears at the end.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

/** What an action resolves to: the update of the view's state it calls for (applied only while mounted), or nothing. */
export type Show = (() => void | Promise<void>) | void;

export interface AsyncActionOptions {
  /** Shows an error the action threw (only while mounted). */
  failed?: (e: unknown) => void;
  /** Runs last, while still mounted, before the busy label clears (a refresh after a write). */
  settled?: () => void | Promise<void>;
}

export interface AsyncAction<B extends string> {
  /** The label of the action running, or null. */
  busy: B | null;
  /** Runs `work` under `label`: its result, or `failed` with its error, is shown only while mounted. */
  run(label: B, work: () => Promise<Show>, options?: AsyncActionOptions): Promise<void>;
  /** Calls `show` only while the view is mounted (for work that has no busy label of its own). */
  whileMounted(show: () => void): void;
}

export function useAsyncAction<B extends string>(initial: B | null = null): AsyncAction<B> {
  const [busy, setBusy] = useState<B | null>(initial);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(async (label: B, work: () => Promise<Show>, options: AsyncActionOptions = {}) => {
    setBusy(label);
    try {
      const show = await work();
      if (mounted.current && show) await show();
    } catch (e) {
      if (mounted.current) options.failed?.(e);
    } finally {
      if (mounted.current) {
        await options.settled?.();
        setBusy(null);
      }
    }
  }, []);

  const whileMounted = useCallback((show: () => void) => {
    if (mounted.current) show();
  }, []);

  return { busy, run, whileMounted };
}

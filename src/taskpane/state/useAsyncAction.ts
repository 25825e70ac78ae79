/**
 * The views' one async pattern: an action that talks to the workbook runs with a busy
 * label; what it found, or the error it met, reaches the view's state only while the view
 * is still mounted (Excel may answer after the user has switched tabs, and React must not
 * be told to update a view that is gone); the busy label clears at the end.
 *
 * Long work (Review over a big workbook, Share freezing many formulas) also gets a
 * WorkControl (src/base/progress.ts): it reports how far it got, and `cancel()` aborts its
 * signal. The progress is shown only once the action has run for PROGRESS_AFTER_MS (what
 * ends sooner never flashes a bar), and it reaches React at most once per whole percent,
 * so a loop over 10,000 formulas does not render 10,000 times.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { isWorkCancelled, type ProgressStep, type WorkControl } from '../../base/progress';

export type { ProgressStep } from '../../base/progress';

/** What an action resolves to: the update of the view's state it calls for (applied only while mounted), or nothing. */
export type Show = (() => void | Promise<void>) | void;

/** After how long a running action shows its progress (about a second: shorter work needs no bar). */
export const PROGRESS_AFTER_MS = 1000;

export interface AsyncActionOptions {
  /** Shows an error the action threw (only while mounted). */
  failed?: (e: unknown) => void;
  /** The user cancelled and the work stopped cleanly (WorkCancelled); `failed` is not called then. */
  cancelled?: () => void;
  /** Runs last, while still mounted, before the busy label clears (a refresh after a write). */
  settled?: () => void | Promise<void>;
}

export interface AsyncAction<B extends string> {
  /** The label of the action running, or null. */
  busy: B | null;
  /** How far the running action got, once it has run for PROGRESS_AFTER_MS and reported a step; else null. */
  progress: ProgressStep | null;
  /** Runs `work` under `label`: its result, or `failed` with its error, is shown only while mounted. */
  run(label: B, work: (control: Required<WorkControl>) => Promise<Show>, options?: AsyncActionOptions): Promise<void>;
  /** Asks the running action to stop (its signal aborts); the work decides where it can stop cleanly. */
  cancel(): void;
  /** Calls `show` only while the view is mounted (for work that has no busy label of its own). */
  whileMounted(show: () => void): void;
}

export function useAsyncAction<B extends string>(initial: B | null = null): AsyncAction<B> {
  const [busy, setBusy] = useState<B | null>(initial);
  const [progress, setProgress] = useState<ProgressStep | null>(null);
  const mounted = useRef(true);
  const controller = useRef<AbortController | null>(null);
  useEffect(() => {
    mounted.current = true;
    // Leaving the view does not cancel: what the user started finishes (only its result is not shown).
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(
    async (label: B, work: (control: Required<WorkControl>) => Promise<Show>, options: AsyncActionOptions = {}) => {
      const abort = new AbortController();
      controller.current = abort;
      let latest: ProgressStep | null = null;
      let shown: ProgressStep | null = null;
      let visible = false;
      const publish = () => {
        if (!visible || !latest || !mounted.current || controller.current !== abort) return;
        const pct = (s: ProgressStep) => (s.total > 0 ? Math.floor((100 * s.done) / s.total) : -1);
        if (shown && shown.what === latest.what && shown.total === latest.total && pct(shown) === pct(latest)) return;
        shown = latest;
        setProgress(latest);
      };
      const timer = setTimeout(() => {
        visible = true;
        publish();
      }, PROGRESS_AFTER_MS);
      const control: Required<WorkControl> = {
        signal: abort.signal,
        progress: (step) => {
          latest = { ...step };
          publish();
        },
      };
      setBusy(label);
      try {
        const show = await work(control);
        if (mounted.current && show) await show();
      } catch (e) {
        if (mounted.current) {
          if (isWorkCancelled(e)) options.cancelled?.();
          else options.failed?.(e);
        }
      } finally {
        clearTimeout(timer);
        if (controller.current === abort) controller.current = null;
        if (mounted.current) {
          setProgress(null);
          await options.settled?.();
          setBusy(null);
        }
      }
    },
    [],
  );

  const cancel = useCallback(() => controller.current?.abort(), []);

  const whileMounted = useCallback((show: () => void) => {
    if (mounted.current) show();
  }, []);

  return { busy, progress, run, cancel, whileMounted };
}

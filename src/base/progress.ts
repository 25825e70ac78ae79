/**
 * Long work the user can watch and stop: what a feature's function takes to report how far
 * it got and to learn that the user cancelled. Only the vocabulary lives here; the task
 * pane shows it (src/taskpane/components/WorkProgress.tsx, useAsyncAction), and the work
 * itself checks for a cancel only where stopping leaves the workbook as it was: between
 * reads, and before its one write batch is sent (never in the middle of it).
 */

/** How far the work got: `done` of `total` `what` ("sheets read", "formulas checked"). */
export interface ProgressStep {
  done: number;
  total: number;
  what: string;
}

/** The part of an AbortSignal the work reads (src/base is below the DOM and Node: no AbortSignal type here). */
export interface CancelSignal {
  readonly aborted: boolean;
}

/** What long work receives; both parts optional (a caller that neither watches nor cancels passes nothing). */
export interface WorkControl {
  /** An AbortController's signal: aborted once the user cancels. */
  signal?: CancelSignal;
  progress?: (step: ProgressStep) => void;
}

/** Thrown by work that stopped because the user cancelled it (before writing anything). */
export class WorkCancelled extends Error {
  constructor(message = 'Cancelled: nothing was changed.') {
    super(message);
    this.name = 'WorkCancelled';
  }
}

export function isWorkCancelled(e: unknown): e is WorkCancelled {
  return e instanceof WorkCancelled;
}

/** Stops the work here (throws WorkCancelled) when it was cancelled; call it between steps and before the write. */
export function stopIfCancelled(control: WorkControl | undefined): void {
  if (control?.signal?.aborted) throw new WorkCancelled();
}

/** Reports a step, if anyone listens. */
export function report(control: WorkControl | undefined, done: number, total: number, what: string): void {
  control?.progress?.({ done, total, what });
}

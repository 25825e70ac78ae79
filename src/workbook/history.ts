/**
 * An undo history for a workbook adapter (the engine's: the workbench's Ctrl+Z and Ctrl+Y).
 * A step is one thing the user did, as they would name it: a cell typed, a cell cleared,
 * one write of the task pane (one WriteBatch, however many cells). Each step can put the
 * workbook back as it was before, and captures, just before it does, the step that puts
 * it forward again (so redo is undo's own inverse, and a redo can be undone).
 *
 * Never lose work: a step whose undo fails is put back (the state captured just before is
 * applied again) and stays on its stack, and the error goes to the caller.
 */

export interface HistoryStep<Info = unknown> {
  /** What the step did, in the user's words ("Typing in Plan!B2", "The task pane's change"). */
  label: string;
  /** Where the workbook's selection goes after the step is undone or redone. */
  info: Info;
  /** The step that returns the workbook to how it is now (read before `apply`). */
  capture(): HistoryStep<Info>;
  /** Puts the workbook in the state the step holds. */
  apply(): void;
}

/** As many steps as Excel keeps. */
export const HISTORY_LIMIT = 100;

export class History<Info = unknown> {
  private undos: HistoryStep<Info>[] = [];
  private redos: HistoryStep<Info>[] = [];

  constructor(private readonly limit = HISTORY_LIMIT) {}

  /** A new step: undoable; whatever could be redone is gone, as in Excel. */
  record(step: HistoryStep<Info>): void {
    this.undos.push(step);
    if (this.undos.length > this.limit) this.undos.splice(0, this.undos.length - this.limit);
    this.redos = [];
  }

  /** Undoes the last step; returns it (undefined when there is none). */
  undo(): HistoryStep<Info> | undefined {
    return this.move(this.undos, this.redos);
  }

  /** Redoes the last undone step; returns it (undefined when there is none). */
  redo(): HistoryStep<Info> | undefined {
    return this.move(this.redos, this.undos);
  }

  private move(from: HistoryStep<Info>[], to: HistoryStep<Info>[]): HistoryStep<Info> | undefined {
    const step = from[from.length - 1];
    if (!step) return undefined;
    const back = step.capture();
    try {
      step.apply();
    } catch (e) {
      try {
        back.apply();
      } catch {
        /* the error below is the one the user must see */
      }
      throw e;
    }
    from.pop();
    to.push(back);
    return step;
  }

  /** The label of the step Ctrl+Z would undo. */
  get undoLabel(): string | undefined {
    return this.undos[this.undos.length - 1]?.label;
  }

  /** The label of the step Ctrl+Y would redo. */
  get redoLabel(): string | undefined {
    return this.redos[this.redos.length - 1]?.label;
  }

  /** Forgets every step (a workbook loaded from a file starts a history of its own). */
  clear(): void {
    this.undos = [];
    this.redos = [];
  }
}

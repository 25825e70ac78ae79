/**
 * How long work tells how far it got: reading sheets, calculating, writing. The reader,
 * the evaluation and the file operations take an optional Progress and call it as they go;
 * the `roi` verbs draw it on a terminal (src/cli/progress.ts) and the workbench's Open
 * posts it from its worker to the page. Calls are cheap and frequent: the receiver decides
 * how often to show them.
 */

/** A step ("reading Sheet1", "calculating") and, when known, how much of it is done. */
export type Progress = (step: string, done?: number, total?: number) => void;

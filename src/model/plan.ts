/**
 * The model plan: a pure function from the form's inputs to everything the model sheet
 * holds (labels, input values, formulas, number formats, defined names, notes, charts).
 * Both the task pane (through a WorkbookPort) and `roi model --out` write this plan.
 */
import type { A1, WriteBatch } from '../workbook/port';
import type { ModelInputs } from './inputs';

export interface ModelPlan {
  sheet: string;
  batch: WriteBatch;
  /** Every cell the model occupies (written cells and the areas its spills fill), sorted. */
  footprint: A1[];
  /** Where each output lives, by the key previewModel uses for it. */
  cells: Record<string, A1>;
}

export function planModel(inputs: ModelInputs, sheet: string): ModelPlan {
  void inputs;
  throw new Error(`planModel is not written yet (sheet ${sheet}).`);
}

/**
 * One HyperFormula engine for the many cases of a test file that each type a few cells into
 * fresh sheets and read what the engine shows. Building an engine costs far more than
 * evaluating one formula (chevrotain analyses its grammar for every instance), so a file
 * with hundreds of such cases spent most of its time building engines.
 *
 * `load` gives every case sheets holding exactly its own cells, the first case as the others:
 * each sheet's whole content is replaced in one batch (fillSheets, as createEngine does:
 * HyperFormula's setSheetContent clears the sheet first, spills included), so no case can
 * see another's cells. Sheets are the same, in the same order, as in an engine built from the
 * same object (a different set of sheet names builds a new engine).
 * The engine is the product's (createEngine: the ROI plugin, ENGINE_CONFIG), with no defined
 * names: a case that needs names builds its own.
 */
import type { HyperFormula, RawCellContent } from 'hyperformula';
import { createEngine, fillSheets } from '../../src/engine/hf';

export interface SharedEngine {
  /** The engine holding exactly these sheets' cells (and no other sheet). */
  load(sheets: Record<string, RawCellContent[][]>): HyperFormula;
}

export function sharedEngine(): SharedEngine {
  let hf: HyperFormula | undefined;
  let names = '';
  afterAll(() => hf?.destroy());
  return {
    load(sheets) {
      const key = JSON.stringify(Object.keys(sheets));
      if (!hf || key !== names) {
        hf?.destroy();
        const empty: Record<string, RawCellContent[][]> = {};
        for (const name of Object.keys(sheets)) empty[name] = [];
        hf = createEngine(empty);
        names = key;
      }
      fillSheets(hf, sheets);
      return hf;
    },
  };
}

/**
 * The port used when the pane runs outside Excel (a plain browser, office.js missing):
 * the form and the preview work, settings live in memory, and writing says why it cannot.
 * The workbench passes its engine adapter instead.
 */
import { WorkbookWriteError, type RangeRead, type WorkbookPort } from '../../workbook/port';

const NO_WORKBOOK = 'There is no workbook here: open Outcome ROI from Excel (or in the workbench) to build the model.';

export function createNoWorkbookPort(): WorkbookPort {
  const settings = new Map<string, unknown>();
  return {
    listSheets: async () => [],
    usedRange: async () => null,
    readRange: async (): Promise<RangeRead> => {
      throw new WorkbookWriteError(NO_WORKBOOK);
    },
    getSelection: async () => null,
    select: async () => undefined,
    applyBatch: async () => {
      throw new WorkbookWriteError(NO_WORKBOOK);
    },
    deleteSheet: async () => {
      throw new WorkbookWriteError(NO_WORKBOOK);
    },
    getSetting: async <T>(key: string) => settings.get(key) as T | undefined,
    setSetting: async (key: string, value: unknown) => {
      settings.set(key, JSON.parse(JSON.stringify(value)));
    },
  };
}

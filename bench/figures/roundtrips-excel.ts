/**
 * Counting the Excel adapter's round trips on the mocked Excel the tests use
 * (test/helpers/mock-excel.ts, office-addin-mock underneath): a model build, an update and
 * reading the inputs back from the sheet (src/features/model) through src/workbook/excel.ts,
 * and the scorecard.
 */
import { MockExcel, type CellInput, type Counts } from '../../test/helpers/mock-excel';

type SheetData = Record<string, CellInput>;
import { atMost, type FigureLine } from '../lib/report';
import { buildModel, defaultInputs, findModelRecord, readModelSheet, updateModel } from '../../src/features/model';
import { ExcelWorkbook, type SettingsStore } from '../../src/workbook/excel';

export interface Counted {
  lines: FigureLine[];
  details: string[];
}

function describe(c: Counts): string {
  return `${c.syncs} context.sync() in ${c.runs} Excel.run, ${c.writes} queued writes; plus ${c.saveAsync} document-settings saveAsync`;
}

export async function measureModelBuild(): Promise<Counted> {
  const excel = new MockExcel(['Sheet1']);
  const port = new ExcelWorkbook({
    run: excel.run as never,
    settings: excel.settings as SettingsStore,
    isSetSupported: () => true,
  });
  const inputs = defaultInputs();
  const { sheet } = await buildModel(port, inputs);
  const build = { ...excel.counts };
  excel.reset();
  await updateModel(port, { ...inputs, averageDealValue: inputs.averageDealValue * 1.1 }, sheet);
  const update = { ...excel.counts };
  excel.reset();
  const record = await findModelRecord(port, sheet);
  if (record) await readModelSheet(port, record);
  const readBack = { ...excel.counts };
  const lines: FigureLine[] = [
    {
      label: 'model build (buildModel through the Excel adapter)',
      absolute: describe(build),
      target: '<= 2 syncs',
      verdict: atMost(build.syncs, 2),
    },
    {
      label: 'model update (updateModel, same sheet)',
      absolute: describe(update),
      target: '<= 2 syncs',
      verdict: atMost(update.syncs, 2),
    },
    {
      label: 'model build, every round trip to the host (context.sync + settings saveAsync)',
      absolute: `${build.syncs + build.saveAsync} per build (${build.syncs} + ${build.saveAsync}), ${update.syncs + update.saveAsync} per update (${update.syncs} + ${update.saveAsync})`,
      target: '<= 2',
      verdict: atMost(build.syncs + build.saveAsync, 2),
    },
    {
      label: 'model update, every round trip to the host (context.sync + settings saveAsync)',
      absolute: `${update.syncs + update.saveAsync} per update`,
      target: '<= 2',
      verdict: atMost(update.syncs + update.saveAsync, 2),
    },
    {
      label: 'model inputs read back from the sheet (readModelSheet, the field table by defined name)',
      absolute: `${readBack.syncs} context.sync() in ${readBack.runs} Excel.run`,
      target: '<= 1',
      verdict: atMost(readBack.syncs, 1),
    },
  ];
  const details = [
    `Model build on a workbook with one sheet: ${describe(build)}. Update of that model (deal value +10%): ${describe(update)}.`,
  ];
  details.push(
    `**Settings.** buildModel and updateModel write the sheet's record and the inputs with their batch (WriteBatch.settings; src/features/model/build.ts): the Excel adapter queues them in the workbook's settings (\`context.workbook.settings\`, ExcelApi 1.4) after everything else in the write's own \`context.sync()\`, and reads the settings once per session, together, in the batch's first round trip when it has not read them yet. So there is no \`settings.saveAsync\` any more: ${build.saveAsync} per build, ${update.saveAsync} per update, and every round trip of a build is one of its ${build.syncs} syncs. Settings saved by earlier versions through \`Office.context.document.settings\` are still read (a host without ExcelApi 1.4 keeps saving them there after the batch).`,
    `**Update checks before it writes.** The update's first sync also reads every cell of the model it would write (WriteBatch.expectCells): a cell the user changed on the sheet stops the update there (CellsChangedError, nothing written) and the task pane asks; the marker cell ROI_ModelId must hold the record's id. Reading the inputs back from the sheet (readNames, one batched read of the field table's defined names) is ${readBack.syncs} sync.`,
  );
  return { lines, details };
}

/** A lead-source table as a user selects it (header row, five sources), and the area beside it empty. */
export const SOURCES: SheetData = (() => {
  const rows: Array<Array<number | string>> = [
    ['Source', 'Leads', 'Qualified opportunities', 'Won', 'Revenue', 'Cost'],
    ['Trade show prize draw', 2300, 23, 4, 200000, 60000],
    ['Webinar', 200, 40, 9, 450000, 8000],
    ['Paid search', 900, 90, 12, 600000, 45000],
    ['Partner referrals', 120, 48, 15, 750000, 5000],
    ['Content syndication', 1500, 30, 3, 150000, 30000],
  ];
  const out: SheetData = {};
  rows.forEach((row, r) => row.forEach((v, c) => (out[`${String.fromCharCode(65 + c)}${r + 1}`] = v)));
  return out;
})();

/**
 * The scorecard as the Lead sources view drives it (src/taskpane/views/LeadSourcesView.tsx):
 * "Use selection" reads the selected table (readSourceTable); "Add scorecard" writes it
 * (buildScorecard) and then selects the result (port.select).
 */
export async function measureScorecard(): Promise<Counted> {
  const { buildScorecard, matchHeaders, readSourceTable } = await import('../../src/features/lead-sources/scorecard');
  const excel = new MockExcel({ Sources: SOURCES }, 'Sources!A1:F6');
  const port = new ExcelWorkbook({
    run: excel.run as never,
    settings: excel.settings as SettingsStore,
    isSetSupported: () => true,
  });
  const table = await readSourceTable(port);
  const read = { ...excel.counts };
  excel.reset();
  const mapping = matchHeaders(table.headers);
  const result = await buildScorecard(port, table, mapping, { confidence: 0.9, grossMargin: 0.6 });
  const built = { ...excel.counts };
  const selected = `${excel.selection.sheet}!${excel.selection.address}`;
  const lines: FigureLine[] = [
    {
      label: 'scorecard: "Add scorecard" (buildScorecard, which also selects the result)',
      absolute: `${built.syncs} context.sync() in ${built.runs} Excel.run; ${built.writes} queued writes; ${result.newSheet ? 'on a new sheet' : 'beside the table'}; selected afterwards: ${selected ?? 'nothing'}`,
      target: '<= 2 syncs',
      verdict: atMost(built.syncs, 2),
    },
    {
      label: 'scorecard: "Use selection" (readSourceTable)',
      absolute: `${read.syncs} context.sync() in ${read.runs} Excel.run`,
      target: '<= 2 syncs',
      verdict: atMost(read.syncs, 2),
    },
  ];
  const details = [
    `Scorecard on a selected table of five sources with an empty area beside it: "Use selection" ${describe(read)}; "Add scorecard" ${describe(built)}.`,
    '**Scorecard round trips.** "Use selection" reads the table together with the cells where the widest scorecard would go (one readRange, src/features/reading/selection.ts `around`), so "Add scorecard" needs no read of its own to choose between beside the table and a new sheet. Its one batch makes the 2 syncs of applyBatch: the first also checks that the area beside is still empty (`requireEmpty`: if something was typed there since, nothing is written and the scorecard goes to a new sheet, 2 syncs more), the second writes and selects the result (`select`, queued before that sync), so the view no longer selects it in a run of its own.',
  ];
  return { lines, details };
}

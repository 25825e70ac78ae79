/**
 * Counting the Excel adapter's round trips on the mocked Excel of bench/lib/mock-excel.ts
 * (office-addin-mock underneath): a model build and an update from the model builder
 * (src/model/build.ts) through src/workbook/excel.ts, and the scorecard once it exists.
 */
import { CountingExcel, type Counts } from '../lib/mock-excel';
import { atMost, notMeasured, type FigureLine } from '../lib/report';
import { buildModel, defaultInputs, updateModel } from '../../src/model';
import { ExcelWorkbook, type SettingsStore } from '../../src/workbook/excel';

export interface Counted {
  lines: FigureLine[];
  details: string[];
}

function describe(c: Counts): string {
  return `${c.syncs} context.sync() in ${c.runs} Excel.run, ${c.writes} queued writes; plus ${c.saveAsync} document-settings saveAsync`;
}

export async function measureModelBuild(): Promise<Counted> {
  const excel = new CountingExcel(['Sheet1']);
  const port = new ExcelWorkbook({ run: excel.run as never, settings: excel.settings as SettingsStore, isSetSupported: () => true });
  const inputs = defaultInputs();
  const { sheet } = await buildModel(port, inputs);
  const build = { ...excel.counts };
  excel.reset();
  await updateModel(port, { ...inputs, averageDealValue: inputs.averageDealValue * 1.1 }, sheet);
  const update = { ...excel.counts };
  const lines: FigureLine[] = [
    { label: 'model build (buildModel through the Excel adapter)', absolute: describe(build), target: '<= 2 syncs', verdict: atMost(build.syncs, 2) },
    { label: 'model update (updateModel, same sheet)', absolute: describe(update), target: '<= 2 syncs', verdict: atMost(update.syncs, 2) },
    {
      label: 'model build, every round trip to the host (context.sync + settings saveAsync)',
      absolute: `${build.syncs + build.saveAsync} per build (${build.syncs} + ${build.saveAsync}), ${update.syncs + update.saveAsync} per update`,
      target: '<= 2',
      verdict: atMost(build.syncs + build.saveAsync, 2),
    },
  ];
  const details = [
    `Model build on a workbook with one sheet: ${describe(build)}. Update of that model (deal value +10%): ${describe(update)}.`,
  ];
  if (build.saveAsync > 1) {
    details.push(
      `**Settings.** buildModel saves its sheet record (saveRecord) and its inputs (saveInputs) with two separate \`setSetting\` calls, and ExcelWorkbook.setSetting calls \`settings.saveAsync\` each time: ${build.saveAsync} round trips to the host after the ${build.syncs} syncs. Proposed: set both keys and save once (a \`setSettings(entries)\` on the WorkbookPort, or a deferred save that coalesces the calls of one action), which makes a build ${build.syncs} syncs + 1 save.`,
    );
  }
  return { lines, details };
}

export async function measureScorecard(file: string): Promise<Counted> {
  return { lines: [notMeasured('scorecard', `a scorecard flow to drive in the bench (found ${file}; update bench/figures/roundtrips-excel.ts)`)], details: [] };
}

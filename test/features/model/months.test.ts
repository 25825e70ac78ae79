/**
 * The plan on a calendar: the model sheet's "Month by month" and "Pace" blocks, cell by
 * cell for the reference input (the spec's FUNNELPLAN example: twelve months of 250,000,
 * deals of 50,000, rates 50% / 40% / 25%, lags 1 / 1 / 2), evaluated by the headless
 * engine and by the preview alike; actuals typed into the Pace block move the forecast,
 * the shortfall, the extra leads and the pipeline's chance; Update never touches them.
 */
import { callFunction, isRoiError } from '../../../src/core';
import {
  buildModel,
  defaultInputs,
  evaluatePlan,
  inputProblems,
  mergeInputs,
  planModel,
  previewModel,
  referenceInputs,
  updateModel,
  validateInputs,
  type ModelInputs,
  type ModelPlan,
} from '../../../src/features/model';
import { createEngineWorkbook, type EngineWorkbook } from '../../../src/workbook/engine';

const SHEET = 'ROI Model';

async function evaluated(inputs: ModelInputs): Promise<{ wb: EngineWorkbook; plan: ModelPlan }> {
  const wb = createEngineWorkbook();
  const plan = planModel(inputs, SHEET);
  await wb.applyBatch(plan.batch);
  return { wb, plan };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

describe('Month by month, the reference input, cell by cell', () => {
  it('labels the months from the fiscal start and spreads the new revenue by the weights', async () => {
    const { wb, plan } = await evaluated(referenceInputs());
    const v = (key: string) => wb.getValue(SHEET, plan.cells[key]);
    expect(MONTHS.map((_, m) => v(`months.label.${m}`))).toEqual(MONTHS);
    for (let m = 0; m < 12; m++) expect(v(`months.target.${m}`)).toBeCloseTo(250_000, 6);
    expect(wb.getSheetSnapshot(SHEET).cells.find((c) => c.address === plan.cells['months.target.0'])?.formula).toBe(
      `=ROI_NewRevenue*${plan.cells['input.seasonality.0']}/SUM(ROI_Seasonality)`,
    );
    // An April year, a busy December: labels and targets follow, the total stays the year's.
    const april = referenceInputs();
    april.fiscalStartMonth = 4;
    april.seasonality = [1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1];
    const p = previewModel(april);
    expect(p.months.labels).toEqual([...MONTHS.slice(3), ...MONTHS.slice(0, 3)]);
    expect(p.months.targets[8]).toBeCloseTo((3_000_000 / 13) * 2, 6);
    expect(p.months.targets.reduce((a, b) => (a as number) + (b as number), 0)).toBeCloseTo(3_000_000, 6);
    expect(p.months.sentence).toBe(
      'To close $3.0M by March you need leads from December of last year; ' +
        `${((p.months.leads.before as number) + (p.months.leads.months as number[]).reduce((a, b) => a + b, 0)).toLocaleString('en-US')} leads in all, ${p.months.leads.before} of them before April.`,
    );
  });

  it("spills FUNNELPLAN with the stage names: the spec's example numbers, next year grown at the growth target", async () => {
    const inputs = referenceInputs();
    const { wb, plan } = await evaluated(inputs);
    const spill = (await wb.readRange(SHEET, plan.spills.monthPlan)).values;
    expect(spill.map((r) => r[0])).toEqual(['Leads', 'SALs', 'SQOs', 'Won deals']);
    // Before the year, then January and February (the spec's worked example).
    expect(spill.map((r) => r.slice(1, 4))).toEqual([
      [400, 100, 100],
      [150, 50, 50],
      [40, 20, 20],
      [0, 5, 5],
    ]);
    // The whole grid is the core's, called on the same arguments (late months pull next year's grown targets).
    const core = callFunction('FUNNELPLAN', [
      [Array(12).fill(250_000)],
      50_000,
      [[0.5], [0.4], [0.25]],
      [[1], [1], [2]],
      0.2,
      [['Leads'], ['SALs'], ['SQOs'], ['Won deals']],
    ]);
    expect(spill).toEqual(core);
    expect(spill[0][13]).toBe(120); // December's leads serve next April's deals, 20% larger
    expect(wb.getSheetSnapshot(SHEET).cells.find((c) => c.address === plan.cells.monthPlan)?.formula).toBe(
      '=ROI.FUNNELPLAN(ROI_MonthTargets,ROI_DealValue,ROI_Rates,ROI_Lags,ROI_GrowthRate,ROI_StageNames)',
    );
    // The chart's rows: leads and deals, "Before the year" first.
    expect(wb.getValue(SHEET, plan.cells['months.leads.before'])).toBe(400);
    expect(MONTHS.map((_, m) => wb.getValue(SHEET, plan.cells[`months.deals.${m}`]))).toEqual(Array(12).fill(5));
    expect(plan.batch.charts).toContainEqual(
      expect.objectContaining({ name: 'ROI_MonthChart', type: 'columnClustered', seriesBy: 'rows' }),
    );
  });

  it('says the "before the year" column in words, and the sentence the task pane shows', async () => {
    const { wb, plan } = await evaluated(referenceInputs());
    expect(wb.getValue(SHEET, plan.cells.beforeSentence)).toBe(
      'To close the deals of January to April you need 400 leads before the year starts (a lead takes about 4 months to become a deal).',
    );
    const p = previewModel(referenceInputs());
    const all = 400 + (p.months.leads.months as number[]).reduce((a, b) => a + b, 0);
    expect(wb.getValue(SHEET, plan.cells.monthSentence)).toBe(
      `To close $3.0M by December you need leads from September of last year; ${all.toLocaleString('en-US')} leads in all, 400 of them before January.`,
    );
    // One month of lag: "January's deals".
    const short = referenceInputs();
    short.stages = short.stages.map((s, i) => ({ ...s, lag: i === 2 ? 1 : 0 }));
    expect(previewModel(short).months.beforeSentence).toMatch(
      /^To close January's deals you need \d+ leads before the year starts \(a lead takes about 1 month to become a deal\)\.$/,
    );
    // No lag at all: nothing before the year.
    const none = referenceInputs();
    none.stages = none.stages.map((s) => ({ ...s, lag: 0 }));
    expect(previewModel(none).months.beforeSentence).toBe(
      'Every lead can arrive within the year: none is needed before January.',
    );
    expect(previewModel(none).months.sentence).toMatch(/you need leads from January; /);
  });

  it('the preview reads the same numbers the engine computes, for the month plan', async () => {
    const inputs = defaultInputs();
    inputs.fiscalStartMonth = 7;
    inputs.seasonality = [0.5, 0.8, 1, 1, 1.2, 1.5, 1, 1, 1, 0.9, 1, 1.1];
    const { wb, plan } = await evaluated(inputs);
    const p = previewModel(inputs);
    const rows = p.months.rows as Array<{ name: string; before: unknown; months: unknown[] }>;
    const spill = (await wb.readRange(SHEET, plan.spills.monthPlan)).values;
    expect(spill).toEqual(rows.map((r) => [r.name, r.before, ...r.months]));
    expect(wb.getValue(SHEET, plan.cells.monthSentence)).toBe(p.months.sentence);
    expect(p.months.labels[0]).toBe('Jul');
  });
});

describe('Pace: actuals typed month by month', () => {
  it('is on pace with no actuals: the forecast is the plan, new leads reach May on', async () => {
    const { wb, plan } = await evaluated(referenceInputs());
    const v = (key: string) => wb.getValue(SHEET, plan.cells[key]);
    expect(v('monthsPassed')).toBe(0);
    expect(MONTHS.map((_, m) => v(`pace.expected.${m}`))).toEqual(Array(12).fill(5));
    expect(v('pace.yearShortfall')).toBe(0);
    expect(v('pace.extraLeads')).toBe(0);
    expect(v('pace.firstReachable')).toBe('May');
    expect(MONTHS.map((_, m) => v(`pace.reachable.${m}`))).toEqual([...Array(4).fill('no'), ...Array(8).fill('yes')]);
    expect(v('paceSentence')).toBe('On pace: the deals closed and expected reach the plan by year end.');
  });

  it('follows typed actuals: a weak January moves May, the shortfall, the extra leads and the pipeline', async () => {
    const inputs = referenceInputs();
    const { wb, plan } = await evaluated(inputs);
    const v = (key: string) => wb.getValue(SHEET, plan.cells[key]);
    // The actuals rows: one per stage row (leads first here), won deals last.
    const actual = (stageRow: number, month: number) => plan.userCells[stageRow * 12 + month];
    wb.setCellFromUser(SHEET, actual(0, 0), '50'); // January: 50 leads, not 100
    wb.setCellFromUser(SHEET, actual(10, 0), '3'); // January: 3 deals won, not 5
    expect(v('monthsPassed')).toBe(1);
    expect(v('pace.leads.0')).toBe(50);
    expect(v('pace.leads.1')).toBe(100); // the plan's, for the months ahead
    // 50 leads short in January = 2.5 deals short in May (50 x 50% x 40% x 25%, 4 months later).
    expect(v('pace.expected.4')).toBeCloseTo(2.5, 9);
    expect(v('pace.actual.0')).toBe(3);
    expect(v('pace.shortfall.0')).toBeCloseTo(2, 9);
    expect(v('pace.yearShortfall')).toBeCloseTo(4.5, 9);
    expect(v('pace.extraLeads')).toBe(90);
    expect(v('pace.firstReachable')).toBe('Jun'.replace('Jun', 'June'));
    expect(v('paceSentence')).toBe(
      'At this pace the year ends 4.5 deals short: about 90 more leads now would close the gap, closing from June on.',
    );
    // Still needed: the plan to the end of March (15) less 3 closed; the year's 60 less 3.
    expect(v('pace.quarterNeeded')).toBe(12);
    expect(v('pace.yearNeeded')).toBe(57);
    expect(v('pace.quarterChance')).toBe(0);
    // 40 SQOs open now: the chance they bring the quarter's 12 is the core's exact binomial tail.
    const open = plan.userCells[12 * 11 + 2];
    wb.setCellFromUser(SHEET, open, '40');
    expect(v('pace.quarterChance')).toBeCloseTo(
      callFunction('PIPELINEHIT', [12, [[0], [0], [40]], [[0.5], [0.4], [0.25]]]) as number,
      12,
    );
    expect(v('pace.quarterChance')).toBeGreaterThan(0.2);
    // The preview (no actuals) and the engine agree on every other cell of the blocks.
    const ts = evaluatePlan(plan);
    for (const key of ['months.leads.before', 'pace.plan.3', 'monthSentence'])
      expect(wb.getValue(SHEET, plan.cells[key])).toEqual(ts(plan.cells[key]));
  });

  it('Update never writes, clears or asks about the actuals and the open pipeline', async () => {
    const wb = createEngineWorkbook();
    const { sheet } = await buildModel(wb, referenceInputs());
    const plan = planModel(referenceInputs(), sheet);
    wb.setCellFromUser(sheet, plan.userCells[0], '50');
    wb.setCellFromUser(sheet, plan.userCells[12 * 11 + 2], '40');
    const next = referenceInputs();
    next.averageDealValue = 40_000;
    await updateModel(wb, next, sheet);
    expect(wb.getValue(sheet, plan.userCells[0])).toBe(50);
    expect(wb.getValue(sheet, plan.userCells[12 * 11 + 2])).toBe(40);
    // The blocks follow the new deal value and still read the actuals.
    const after = planModel(next, sheet);
    expect(wb.getValue(sheet, after.cells['pace.leads.0'])).toBe(50);
    expect(wb.getValue(sheet, after.cells['months.deals.0'])).toBe(7); // 250,000 / 40,000, rounded up cumulatively
  });
});

describe('the time inputs', () => {
  it('checks the fiscal start, the weights and the lags with the core, and nothing is built from bad ones', async () => {
    const i = defaultInputs();
    i.fiscalStartMonth = 13;
    i.seasonality = [1, 1, -1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
    i.stages[1].lag = 2000;
    const p = inputProblems(i);
    expect(p.fiscalStartMonth.message).toMatch(/from 1 \(January\) to 12 \(December\), not 13/);
    expect(p['seasonality.2'].message).toBe(
      (callFunction('FUNNELPLAN', [[[-1]], 1, 0.5, 0]) as { message: string }).message,
    );
    expect(p['stages.1.lag'].message).toMatch(/stage_lags/);
    const zero = defaultInputs();
    zero.seasonality = Array(12).fill(0);
    expect(validateInputs(zero).seasonality).toBe('At least one month needs a seasonality weight above 0.');
    const half = defaultInputs();
    half.fiscalStartMonth = 2.5;
    expect(validateInputs(half).fiscalStartMonth).toBeDefined();
    const wb = createEngineWorkbook();
    await expect(buildModel(wb, i)).rejects.toThrow();
    expect(await wb.listSheets()).not.toContain(SHEET);
  });

  it('gives lags from the sales cycle where none are given (old settings, a JSON file)', () => {
    const merged = mergeInputs({
      salesCycleMonths: 6,
      stages: [
        { name: 'Leads', rate: 0.5 },
        { name: 'SQOs', rate: 0.3 },
      ],
    });
    expect(isRoiError(merged as never)).toBe(false);
    expect(typeof merged).toBe('object');
    const m = merged as ModelInputs;
    expect(m.stages.map((s) => s.lag)).toEqual([1, 6]);
    expect(m.seasonality).toEqual(Array(12).fill(1));
    expect(defaultInputs().stages.map((s) => s.lag)).toEqual([0, 0.5, 0.5, 3]);
    expect(mergeInputs({ seasonality: 'busy' })).toMatch(/seasonality/);
  });
});

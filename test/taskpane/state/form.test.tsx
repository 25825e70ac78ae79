/**
 * The Model view's form logic without React: how typed text becomes numbers, how the form
 * reads as ModelInputs, the stage list's edits, and which Fluent theme an Office theme picks.
 */
import { defaultInputs, scenarioValues, validateInputs } from '../../../src/features/model';
import { formFromInputs, formReducer, readForm, MAX_STAGES, type FormState } from '../../../src/taskpane/state/form';
import {
  formatChance,
  formatMoneyShort,
  parseCount,
  parseMoney,
  parsePercent,
  percentText,
} from '../../../src/taskpane/state/parse';
import { lightness, themeNameFor } from '../../../src/taskpane/state/theme';

describe('parsing what people type', () => {
  test.each([
    ['25', 0.25],
    ['25%', 0.25],
    [' 25 % ', 0.25],
    ['12.5', 0.125],
    ['0.25', 0.0025],
    ['150', 1.5],
    ['-10', -0.1],
    ['14', 0.14],
    ['57', 0.57],
  ])('percent "%s" is the fraction %p', (text, fraction) => {
    expect(parsePercent(text)).toEqual({ ok: true, value: fraction });
  });

  test.each(['', 'abc', '25%%', '2 5', '%'])('percent "%s" is not a number', (text) => {
    const p = parsePercent(text);
    expect(p.ok).toBe(false);
  });

  test.each([
    ['3000000', 3_000_000],
    ['$3,000,000', 3_000_000],
    ['3m', 3_000_000],
    ['3.5M', 3_500_000],
    ['250k', 250_000],
    ['1.2bn', 1_200_000_000],
    ['-5000', -5000],
    ['$ 50,000', 50_000],
  ])('money "%s" is %p', (text, value) => {
    expect(parseMoney(text)).toEqual({ ok: true, value });
  });

  test.each(['', 'lots', '3x', '$', 'k'])('money "%s" is not a number', (text) => {
    expect(parseMoney(text).ok).toBe(false);
  });

  test('counts accept grouping, and percent text round-trips', () => {
    expect(parseCount('1,200')).toEqual({ ok: true, value: 1200 });
    expect(parseCount('twelve').ok).toBe(false);
    for (const f of [0.25, 0.125, 0.14, 0.57, 1.5, 0.0025]) {
      const p = parsePercent(percentText(f));
      expect(p.ok && p.value).toBe(f);
    }
    expect(formatMoneyShort(3_000_000)).toBe('$3.0M');
    expect([0, 0.001, 0.792, 0.999, 1].map(formatChance)).toEqual(['0%', '<1%', '79%', '>99%', '100%']);
  });
});

describe('the form as ModelInputs', () => {
  test('the default form reads as the default inputs, valid', () => {
    const { inputs, parseErrors } = readForm(formFromInputs());
    expect(parseErrors).toEqual({});
    expect(inputs).toEqual(defaultInputs());
    expect(validateInputs(inputs)).toEqual({});
  });

  test('saved inputs round-trip through the form', () => {
    const saved = { ...defaultInputs(), currentRevenue: 4_200_000, growthRate: 0.35, leadStage: 2 };
    saved.scenarios = { ...saved.scenarios, mode: 'manual', dealValue: { low: 30_000, high: 70_000 } };
    expect(readForm(formFromInputs(saved)).inputs).toEqual(saved);
  });

  test('saved inputs from an older version take defaults for what they lack', () => {
    const old = { currentRevenue: 1_000_000 } as never;
    const { inputs } = readForm(formFromInputs(old));
    expect(inputs).toEqual({ ...defaultInputs(), currentRevenue: 1_000_000 });
  });

  test('text that is no number is reported by path and blank (NaN) to the core', () => {
    let f = formFromInputs();
    f = formReducer(f, { type: 'stageNumber', key: f.stages[1].key, column: 'rate', text: 'half' });
    const { inputs, parseErrors } = readForm(f);
    expect(Object.keys(parseErrors)).toEqual(['stages.1.rate']);
    expect(inputs.stages[1].rate).toBeNaN();
  });

  test('hidden scenario boxes are not reported: typed Low/High only count in manual mode', () => {
    let f = formFromInputs();
    f = formReducer(f, { type: 'dealLow', text: 'oops' });
    expect(readForm(f).parseErrors).toEqual({});
    f = formReducer(f, { type: 'scenarioMode', mode: 'manual' });
    // Switching to manual starts from Base -/+ share, replacing what was typed.
    const v = scenarioValues(defaultInputs());
    const dv = readForm(f).inputs.scenarios.dealValue;
    expect(dv.low).toBeCloseTo(v.Low.dealValue, 6);
    expect(dv.high).toBeCloseTo(v.High.dealValue, 6);
    expect(dv.high).toBe(55000); // 55000.00000000001 is shown as the 55000 it means
    f = formReducer(f, { type: 'dealLow', text: 'oops' });
    expect(Object.keys(readForm(f).parseErrors)).toEqual(['scenarios.dealValue.low']);
  });
});

describe('editing the stages', () => {
  const names = (f: FormState) => f.stages.map((s) => s.name);

  test('move, add and remove keep each stage with its rates and the lead stage with its stage', () => {
    let f = formFromInputs();
    const leads = f.stages[1].key;
    expect(f.leadStageKey).toBe(leads);
    f = formReducer(f, { type: 'moveStage', key: leads, by: 1 });
    expect(names(f)).toEqual(['Visitors', 'SALs', 'Leads', 'SQOs']);
    expect(readForm(f).inputs.leadStage).toBe(2);
    expect(readForm(f).inputs.stages[2]).toEqual({ name: 'Leads', rate: 0.5, lag: 0.5 });
    // Moving past either end does nothing.
    expect(formReducer(f, { type: 'moveStage', key: f.stages[0].key, by: -1 })).toBe(f);
    f = formReducer(f, { type: 'addStage' });
    expect(names(f)).toEqual(['Visitors', 'SALs', 'Leads', 'SQOs', 'Stage 5']);
    expect(new Set(f.stages.map((s) => s.key)).size).toBe(5);
    f = formReducer(f, { type: 'removeStage', key: leads });
    expect(names(f)).toEqual(['Visitors', 'SALs', 'SQOs', 'Stage 5']);
    // The lead stage was removed: the stage now in its place counts as leads.
    expect(readForm(f).inputs.leadStage).toBe(2);
  });

  test('at most MAX_STAGES, at least one', () => {
    let f = formFromInputs();
    for (let i = 0; i < 20; i++) f = formReducer(f, { type: 'addStage' });
    expect(f.stages).toHaveLength(MAX_STAGES);
    for (const s of f.stages.slice()) f = formReducer(f, { type: 'removeStage', key: s.key });
    expect(f.stages).toHaveLength(1);
  });
});

describe('theme', () => {
  test('a dark Office theme gives the dark Fluent theme', () => {
    expect(themeNameFor(undefined)).toBe('light');
    expect(themeNameFor({ isDarkTheme: true })).toBe('dark');
    expect(themeNameFor({ isDarkTheme: false, bodyBackgroundColor: '#000000' })).toBe('light');
    expect(themeNameFor({ bodyBackgroundColor: '#262626' })).toBe('dark');
    expect(themeNameFor({ bodyBackgroundColor: '#FFFFFF' })).toBe('light');
    expect(themeNameFor({ bodyBackgroundColor: 'not a colour' })).toBe('light');
    expect(lightness('#fff')).toBeCloseTo(1);
  });
});

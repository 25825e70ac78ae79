/**
 * The function table is typed and consistent: each row's kernel takes exactly its
 * parameters, by name and in order; the declarations the runner reads (sameLength,
 * transposeWhenColumn, spill) point at parameters that exist and fit; ids are typed;
 * and every function that takes conversion_rates does work linear in the stages.
 */
import {
  argumentsOf,
  FUNCTION_IDS,
  MAX_STAGES,
  RUNTIME_FUNCTIONS,
  callByName,
  callFunction,
  defineFunction,
  isFunctionId,
  isRoiError,
  type ArgValue,
  type FunctionId,
  type ParamKind,
  type RoiError,
} from '../../src/core';
import { VALID_ARGS } from '../helpers/valid-args';

/** The parameter names of a function, from its source (what `run`'s author named them). */
function paramNames(fn: (...a: never[]) => unknown): string[] {
  const src = fn.toString();
  const m = /^\s*(?:function\s*\w*\s*)?\(([^)]*)\)/.exec(src) ?? /^\s*(\w+)\s*=>/.exec(src);
  if (!m) throw new Error(`cannot read the parameters of ${src.slice(0, 80)}`);
  return m[1]
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

describe.each(RUNTIME_FUNCTIONS.map((f) => [f.id, f] as const))('%s', (id, f) => {
  test('its kernel takes its parameters, by name and in order', () => {
    expect({ id, arity: f.run.length }).toEqual({ id, arity: f.params.length });
    expect(paramNames(f.run)).toEqual(f.params.map((p) => p.name));
  });

  test('its declarations point at parameters that exist and fit', () => {
    expect(f.name).toBe(`ROI.${id}`);
    expect(id).toMatch(/^[A-Z]+$/);
    const names = f.params.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    const LISTS: ParamKind[] = ['rateList', 'lagList', 'countList', 'periodList', 'textList'];
    let seenOptional = false;
    for (const p of f.params) {
      // Excel wants optional parameters last; a default only makes sense on an optional one.
      if (seenOptional) expect({ param: p.name, optional: !!p.optional }).toEqual({ param: p.name, optional: true });
      seenOptional ||= !!p.optional;
      if (p.defaultValue !== undefined) expect(p.optional).toBe(true);
      if (p.sameLength) {
        expect(LISTS).toContain(p.kind);
        const other = f.params.find((q) => q.name === p.sameLength!.as);
        expect(other && LISTS.includes(other.kind)).toBe(true);
      }
      if (p.of) expect(p.kind).toBe('periodList');
      const listKind = LISTS.includes(p.kind);
      expect({ param: p.name, mode: p.mode }).toEqual({
        param: p.name,
        mode: listKind ? 'list' : p.kind === 'dateGrid' ? 'table' : p.mode === 'single' ? 'single' : 'elementwise',
      });
    }
    if (f.transposeWhenColumn) expect(f.params.find((p) => p.name === f.transposeWhenColumn)?.kind).toBe('periodList');
    expect(f.spills).toBe(!!f.spill);
    // A spilling function's result is its spill: no elementwise argument spreads it further.
    if (f.spills) expect(f.params.filter((p) => p.mode === 'elementwise')).toEqual([]);
  });
});

describe('typed ids', () => {
  test('FUNCTION_IDS lists the table, and isFunctionId knows exactly those', () => {
    expect(FUNCTION_IDS).toEqual(RUNTIME_FUNCTIONS.map((f) => f.id));
    for (const id of FUNCTION_IDS) expect(isFunctionId(id)).toBe(true);
    expect(isFunctionId('cac')).toBe(false);
    expect(isFunctionId('ROI.CAC')).toBe(false);
    const s: string = 'LTV';
    if (isFunctionId(s)) expect(callFunction(s, [1000, 0.8, 0.02])).toBe(40000);
  });

  test('an unknown id is a compile error, and #NAME? at run time', () => {
    // @ts-expect-error: 'NOPE' is not a FunctionId
    const r = callFunction('NOPE', []) as RoiError;
    expect(r.code).toBe('#NAME?');
    expect(r).toEqual(callByName('NOPE', []));
    const ok: FunctionId = 'CAC';
    expect(callFunction(ok, [600000, 30])).toBe(20000);
  });
});

describe('defineFunction types run from params', () => {
  test('the kernel receives named, typed arguments', () => {
    const row = defineFunction({
      id: 'TYPED',
      params: [
        { name: 'money', kind: 'money', mode: 'elementwise' },
        { name: 'rates', kind: 'rateList', mode: 'list' },
        { name: 'names', kind: 'textList', mode: 'list', optional: true },
        { name: 'step', kind: 'step', mode: 'single', optional: true, defaultValue: 0.01 },
        { name: 'confidence', kind: 'confidence', mode: 'elementwise', optional: true },
      ],
      run: (money, rates, names, step, confidence) => {
        const m: number = money;
        const r: readonly number[] = rates;
        const n: readonly string[] | undefined = names;
        const s: number = step; // a default: never undefined
        const c: number | undefined = confidence;
        // @ts-expect-error: an optional list without a default may be undefined
        const bad: readonly string[] = names;
        return m + r.length + (n?.length ?? 0) + s + (c ?? 0) + (bad ? 0 : 0);
      },
    });
    expect(row.name).toBe('ROI.TYPED');
  });

  test('a kernel of the wrong types or arity does not compile', () => {
    defineFunction({
      id: 'WRONG',
      params: [{ name: 'money', kind: 'money', mode: 'elementwise' }],
      // @ts-expect-error: money is a number, not text
      run: (money: string) => money.length,
    });
    defineFunction({
      id: 'WRONG',
      params: [{ name: 'money', kind: 'money', mode: 'elementwise' }],
      // @ts-expect-error: one parameter, not two
      run: (money: number, extra: number) => money + extra,
    });
    defineFunction({
      id: 'WRONG',
      params: [
        { name: 'targets', kind: 'periodList', mode: 'list' },
        { name: 'rates', kind: 'rateList', mode: 'list' },
      ],
      run: () => [[0]],
      spill: () => ({ rows: 1, cols: 1 }),
      // @ts-expect-error: only a period list orients a result
      transposeWhenColumn: 'rates',
    });
    defineFunction({
      id: 'WRONG',
      params: [{ name: 'rates', kind: 'rateList', mode: 'list' }],
      run: () => [[0]],
      // @ts-expect-error: the spill reads the shapes by parameter name
      spill: (s) => s.nope ?? { rows: 1, cols: 1 },
    });
    expect(true).toBe(true);
  });
});

/** A list whose element reads are counted (the kernels only read lists). */
function counted(n: number, rate: number): { list: number[]; reads: () => number } {
  let reads = 0;
  const target = Array.from({ length: n }, () => rate);
  const list = new Proxy(target, {
    get(t, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
      return Reflect.get(t, key, receiver);
    },
  });
  return { list, reads: () => reads };
}

describe('every function of the funnel is linear in the number of rates (issue 12)', () => {
  const calls: Array<[FunctionId, (rates: number[]) => ArgValue[]]> = [
    ['FUNNEL', (r) => [1e6, 1000, [r]]],
    ['SENSITIVITY', (r) => [1e6, 1000, [r], 0.01]],
    ['REQUIREDLEADS', (r) => [1e6, 1000, [r]]],
    ['REQUIREDLEADS', (r) => [1e6, 1000, [r], 0.9]],
    ['HITPROBABILITY', (r) => [5e6, 1e6, 1000, [r]]],
  ];
  test.each(calls)('%s reads each rate a bounded number of times', (id, args) => {
    const readsAt = (k: number) => {
      const { list, reads } = counted(k, 0.9999);
      const r = callFunction(id, args(list));
      expect(isRoiError(r)).toBe(false);
      if (Array.isArray(r)) expect(r.length).toBe(id === 'FUNNEL' ? k + 1 : k);
      return reads();
    };
    const at500 = readsAt(500);
    const at1000 = readsAt(MAX_STAGES);
    // Quadratic work would read a rate about k/2 times: 500,000 reads at 1,000 stages.
    expect(at1000).toBeLessThanOrEqual(5 * MAX_STAGES);
    expect(at1000).toBeLessThanOrEqual(2 * at500 + 10);
  });

  test('FUNNEL and SENSITIVITY at 1,000 rates give what the definitions give', () => {
    const rates = Array.from({ length: MAX_STAGES }, (_, i) => 0.999 - (i % 7) / 1000);
    const deals = 1000;
    const f = callFunction('FUNNEL', [1e6, 1000, [rates]]) as number[][];
    const s = callFunction('SENSITIVITY', [1e6, 1000, [rates], 0.01]) as number[][];
    for (const i of [0, 1, 499, 998, 999]) {
      let p = 1;
      for (let j = rates.length - 1; j >= i; j--) p *= rates[j];
      expect(f[i][0]).toBe(Math.ceil(deals / p - 1e-9 * (deals / p)));
      const moved = rates.slice();
      moved[i] = Math.min(1, rates[i] + 0.01);
      expect(s[i][0]).toBe(callFunction('REQUIREDLEADS', [1e6, 1000, [moved]]));
    }
    expect(f[MAX_STAGES][0]).toBe(deals);
  });

  test(`more than ${MAX_STAGES} rates is #NUM! with a message, for every function that takes them`, () => {
    const rates = [Array.from({ length: 40_000 }, () => 0.9999)];
    for (const id of ['FUNNEL', 'SENSITIVITY', 'REQUIREDLEADS', 'HITPROBABILITY'] as const) {
      const args: ArgValue[] = id === 'HITPROBABILITY' ? [100, 1e6, 1000, rates] : [1e6, 1000, rates];
      const r = callFunction(id, args) as RoiError;
      expect({ id, code: r.code, message: r.message }).toEqual({
        id,
        code: '#NUM!',
        message: `conversion_rates has 40000 stages: at most ${MAX_STAGES} are supported.`,
      });
    }
  });
});

describe('argumentsOf: a call’s arguments by name, as its kernel receives them', () => {
  test.each(RUNTIME_FUNCTIONS.map((f) => [f.id, f] as const))('%s', (id, f) => {
    const args = VALID_ARGS[id];
    const named = argumentsOf(id, args);
    expect(isRoiError(named)).toBe(false);
    const values = f.params.map((p) => (named as Record<string, unknown>)[p.name]);
    expect(Object.keys(named)).toEqual(f.params.map((p) => p.name));
    // The kernel on those values gives the call's result (before orientation).
    const run = f.run as (...a: unknown[]) => unknown;
    if (!f.transposeWhenColumn) expect(run(...values)).toEqual(callFunction(id, args));
  });

  test('typed from the row, defaults applied; the error the call gives before its kernel otherwise', () => {
    const a = argumentsOf('FUNNELPLAN', [[[1, 2]], 10, [[0.5]], [[1]]]);
    if (isRoiError(a)) throw new Error(a.message);
    const targets: readonly number[] = a.revenue_targets;
    const growth: number = a.extend_growth;
    const names: readonly string[] | undefined = a.stage_names;
    expect({ targets, growth, names }).toEqual({ targets: [1, 2], growth: 0, names: undefined });
    expect(argumentsOf('FUNNELPLAN', [[[1, 2]], 10, [[0.5]], [[1, 2]]])).toEqual(
      callFunction('FUNNELPLAN', [[[1, 2]], 10, [[0.5]], [[1, 2]]]),
    );
    expect((argumentsOf('CAC', [[[1, 2]], 3]) as RoiError).code).toBe('#VALUE!');
    expect((argumentsOf('CAC', [1, 2, 3]) as RoiError).code).toBe('#VALUE!');
  });
});

/**
 * Smoke tests of the benchmark's measuring helpers on tiny sizes (issue 7). No timed
 * assertion: these check that the helpers measure what they claim (ordering, medians,
 * baselines that compute the same numbers, parsers, the mocked Excel's rules), not how
 * fast anything is. The bench itself is `npm run bench`.
 */
import { strFromU8, unzipSync } from 'fflate';
import { callByName, callFunction, normSInv, wilsonLower } from '../../src/core';
import { pipelineWorkload, planWorkload, stageRatesWorkload } from '../../bench/lib/time-calls';
import * as wrapper from '../../bench/lib/excel-wrapper';
import { medianAllocation } from '../../bench/lib/alloc';
import { createEngine } from '../../src/engine/hf';
import { buildModel, defaultInputs } from '../../src/features/model';
import { ExcelWorkbook, type SettingsStore } from '../../src/workbook/excel';
import {
  MARKERS,
  bytesBySource,
  findMarkers,
  firstViewChunkName,
  gzipSize,
  packageOf,
  scriptTags,
  stylesheetLinks,
} from '../../bench/figures/bundle';
import { callBatch, excelWrapper, inlineBatch, rangeWorkloads, workloads } from '../../bench/figures/core';
import { compareResults, leadSourceSheet } from '../../bench/figures/engine';
import { binomialPmf, binomialTailDirect, naiveLeastTrials } from '../../bench/figures/probability';
import { checkOutput } from '../../bench/figures/recalc';
import { interleave, median, perCall, quantile, summarize, fmtRatio } from '../../bench/lib/measure';
import { MockExcel as CountingExcel } from '../helpers/mock-excel';
import { assembleDoc, formatLine, machineInfo, type FigureResult } from '../../bench/lib/report';
import { rezip } from '../../bench/lib/rezip';
import { expected, leadSourceWorkbook } from '../../bench/lib/xlsx-gen';

describe('statistics', () => {
  test('median and quantiles', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(Number.isNaN(median([]))).toBe(true);
    expect(quantile([1, 2, 3, 4, 5], 0.25)).toBe(2);
    expect(quantile([10, 20], 0.5)).toBe(15);
  });

  test('summarize pairs the rounds: the paired ratio is the median of subject/baseline per round', () => {
    const s = summarize([10, 20, 40], [20, 60, 40]);
    expect(s.medianBaseline).toBe(20);
    expect(s.medianSubject).toBe(40);
    expect(s.ratio).toBe(2);
    expect(s.pairedRatio).toBe(2); // ratios 2, 3, 1
    expect(s.ratioIqr[0]).toBeLessThanOrEqual(s.pairedRatio);
    expect(s.ratioIqr[1]).toBeGreaterThanOrEqual(s.pairedRatio);
  });

  test('ratios print with enough digits at any scale', () => {
    expect(fmtRatio(1.234)).toBe('1.23x');
    expect(fmtRatio(52.71)).toBe('52.7x');
    expect(fmtRatio(0.00123)).toBe('0.0012x');
  });
});

describe('interleaving', () => {
  test('warm-up first, then baseline and subject alternate AB, BA, AB', async () => {
    const order: string[] = [];
    const a = () => {
      order.push('A');
      return 1;
    };
    const b = () => {
      order.push('B');
      return 2;
    };
    const c = await interleave(a, b, { rounds: 3, warmup: 1 });
    expect(order.join('')).toBe('AB' + 'AB' + 'BA' + 'AB');
    expect(c.baseline).toEqual([1, 1, 1]);
    expect(c.subject).toEqual([2, 2, 2]);
    expect(c.ratio).toBe(2);
  });

  test('perCall runs both bodies the same number of times and reports a time per call', async () => {
    let calls = 0;
    const body = (n: number) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += Math.sqrt(i + calls);
      calls += n;
      return s;
    };
    const r = await perCall(body, body, { rounds: 3, batchMs: 1, warmupMs: 5 });
    expect(r.callsPerBatch).toBeGreaterThanOrEqual(1);
    expect(r.baseline).toHaveLength(3);
    expect(r.subject).toHaveLength(3);
    for (const t of [...r.baseline, ...r.subject]) expect(Number.isFinite(t) && t >= 0).toBe(true);
    expect(calls).toBeGreaterThan(6 * r.callsPerBatch);
  });
});

describe("figure 1: the inline baselines do the core's maths", () => {
  test.each(workloads(16).map((w) => [w.id, w] as const))(
    '%s: inline equals callFunction on every argument set',
    (_id, w) => {
      for (const a of w.args) expect(w.inline(a)).toEqual(callFunction(w.id, a));
    },
  );

  test('the generated batch loops call the function n times and return a sink', () => {
    const w = workloads(4)[2];
    let seen = 0;
    const counting = (id: string, args: readonly unknown[]) => {
      seen++;
      return callByName(id, args as never);
    };
    const s = callBatch(counting, w)(10);
    expect(seen).toBe(10);
    expect(s).toBeCloseTo(inlineBatch(w)(10), 12);
  });
});

describe("figure 8: the time figure's baselines do the core's maths", () => {
  test('FUNNELPLAN inline equals the Excel wrapper on every set', () => {
    const w = planWorkload(4);
    w.sets.forEach((args, i) => expect(excelWrapper(wrapper, 'FUNNELPLAN')(...args)).toEqual(w.inline(i)));
  });
  test('STAGERATES inline equals the Excel wrapper on 3,000 generated records', () => {
    const w = stageRatesWorkload(wilsonLower, 3_000);
    expect(excelWrapper(wrapper, 'STAGERATES')(...w.args)).toEqual(w.inline());
  });
  test('the pipelines put their mean at the deals needed, and HITPROBABILITY the same total and mean', () => {
    for (const deals of [1_000, 100_000]) {
      const w = pipelineWorkload(deals);
      const p = callFunction('PIPELINEHIT', w.pipeline.slice(0, 3) as never) as number;
      expect(p).toBeGreaterThan(0.4);
      expect(p).toBeLessThan(0.6);
      const q = callFunction('HITPROBABILITY', w.single.slice(0, 4) as never) as number;
      expect(q).toBeGreaterThan(0.4);
      expect(q).toBeLessThan(0.6);
    }
  });
});

describe('figure 1: the range calls', () => {
  test.each(rangeWorkloads(normSInv, 500).map((w) => [w.formula, w] as const))(
    "%s: the inline arithmetic gives the Excel wrapper's numbers, element for element",
    (_formula, w) => {
      const got = excelWrapper(wrapper, w.id)(...w.args);
      const want = w.inline();
      expect(got.length).toBe(500);
      expect(got).toEqual(want);
    },
  );

  test('the allocation measure counts what work keeps and what it throws away', () => {
    const rows = () => {
      const out: number[][] = new Array(10_000);
      for (let i = 0; i < out.length; i++) out[i] = [i];
      return out;
    };
    for (let i = 0; i < 5; i++) rows();
    const keep = medianAllocation(rows, 9);
    expect(keep.allocated).toBeGreaterThan(10_000 * 24);
    expect(Math.abs(keep.thrownAway)).toBeLessThan(keep.allocated / 2);
    const waste = medianAllocation(() => {
      let last: number[] = [];
      for (let i = 0; i < 10_000; i++) last = [i, i + 1, last.length];
      return last.length;
    });
    expect(waste.thrownAway).toBeGreaterThan(10_000 * 24);
  });
});

describe('figure 2: the two lead-source sheets give the same numbers', () => {
  test('ROI.* and Excel functions agree on a small sheet, and after the shared input changes', () => {
    const rows = 30;
    const roi = createEngine({ Sheet1: leadSourceSheet(rows, true) });
    const native = createEngine({ Sheet1: leadSourceSheet(rows, false) });
    try {
      expect(compareResults(roi, native, rows)).toEqual([]);
      const leads = roi.getSheetValues(0)[2][7];
      expect(typeof leads).toBe('number');
      roi.setCellContents({ sheet: 0, row: 0, col: 1 }, 20_000);
      native.setCellContents({ sheet: 0, row: 0, col: 1 }, 20_000);
      expect(roi.getSheetValues(0)[2][7]).not.toBe(leads);
      expect(compareResults(roi, native, rows)).toEqual([]);
      // and the comparison does see a difference when there is one
      native.setCellContents({ sheet: 0, row: 0, col: 1 }, 30_000);
      expect(compareResults(roi, native, rows).length).toBeGreaterThan(0);
    } finally {
      roi.destroy();
      native.destroy();
    }
  });
});

describe('figure 3: the naive baseline and the referee', () => {
  /** P(Binomial(n, p) >= k) by the textbook sum. */
  function brute(n: number, p: number, k: number): number {
    let s = 0;
    for (let j = k; j <= n; j++) {
      let c = 1;
      for (let i = 0; i < j; i++) c = (c * (n - i)) / (i + 1);
      s += c * p ** j * (1 - p) ** (n - j);
    }
    return s;
  }

  test.each([
    [20, 0.3, 5],
    [50, 0.1, 3],
    [100, 0.5, 60],
    [30, 0.9, 25],
    [200, 0.02, 2],
  ])('direct tail sum of Binomial(%d, %d) >= %d matches the textbook sum', (n, p, k) => {
    expect(binomialTailDirect(n, p, k)).toBeCloseTo(brute(n, p, k), 12);
  });

  test('the pmf sums to one', () => {
    let s = 0;
    for (let x = 0; x <= 40; x++) s += binomialPmf(x, 40, 0.37);
    expect(s).toBeCloseTo(1, 12);
  });

  test('the walk finds the least N: one deal at p = 1/2 with 90% needs 4 leads (1 - 0.5^4 >= 0.9)', () => {
    expect(naiveLeastTrials(1, 0.5, 0.9)?.n).toBe(4);
  });

  test.each([
    [3, 0.2, 0.75],
    [10, 0.05, 0.9],
    [60, 0.05, 0.9],
  ])('walk, referee and the core agree: %d deals, p %d, c %d', (k, p, c) => {
    const walk = naiveLeastTrials(k, p, c)!;
    expect(walk.tailBefore).toBeLessThan(c);
    expect(walk.tail).toBeGreaterThanOrEqual(c);
    expect(binomialTailDirect(walk.n - 1, p, k)).toBeLessThan(c);
    expect(binomialTailDirect(walk.n, p, k)).toBeGreaterThanOrEqual(c);
    expect(callFunction('REQUIREDLEADS', [k, 1, p, c])).toBe(walk.n);
  });

  test('a deadline stops the walk', () => {
    expect(naiveLeastTrials(10_000, 1e-4, 0.9, 0)).toBeUndefined();
  });
});

describe('figure 4: bundle helpers', () => {
  test('script tags of a minified page, in order, quoted or not, comments ignored', () => {
    const html =
      '<head><script src=https://appsforoffice.microsoft.com/lib/1/hosted/office.js></script><!-- <script src="old.js"></script> --><script defer src=functions.js></script><script defer="defer" src="react.1234.js"></script><script>inline()</script><script type=module src=\'x.js\'></script></head>';
    const tags = scriptTags(html);
    expect(tags.map((t) => t.src)).toEqual([
      'https://appsforoffice.microsoft.com/lib/1/hosted/office.js',
      'functions.js',
      'react.1234.js',
      'x.js',
    ]);
    expect(tags.map((t) => t.external)).toEqual([true, false, false, false]);
  });

  test('stylesheets a page links count too: rel=stylesheet only, quoted or not, comments ignored', () => {
    const html =
      '<head><link rel=icon href=a.png><!-- <link rel="stylesheet" href="old.css"> --><link href="taskpane.1234.css" rel="stylesheet"><link rel=stylesheet href=https://example.com/x.css><link rel=preload href=p.css></head>';
    const links = stylesheetLinks(html);
    expect(links.map((t) => t.src)).toEqual(['taskpane.1234.css', 'https://example.com/x.css']);
    expect(links.map((t) => t.external)).toEqual([false, true]);
  });

  test('markers find React, Fluent and HyperFormula, and nothing in plain code', () => {
    expect(findMarkers('function f(){return 1}')).toEqual({});
    expect(Object.keys(findMarkers('x=Symbol.for("react.transitional.element")'))).toEqual(['React']);
    expect(Object.keys(findMarkers('x=Symbol.for("react.element")'))).toEqual(['React']);
    expect(Object.keys(findMarkers('new HyperFormula({licenseKey:"gpl-v3"})'))).toEqual(['HyperFormula']);
    expect(Object.keys(findMarkers('"@fluentui/react-components"'))).toEqual(['Fluent UI']);
    expect(Object.keys(MARKERS)).toContain('ExcelJS');
  });

  test('bytes are attributed to sources through the source map', () => {
    // "aaabbbb": columns 0-2 from source 0, 3-6 from source 1 (VLQ: AAAA = [0,0,0,0], GCAA = [3,1,0,0]).
    const by = bytesBySource('aaabbbb', {
      sources: ['webpack://x/./src/core/a.ts', 'webpack://x/./node_modules/@stdlib/b/lib/main.js'],
      mappings: 'AAAA,GCAA',
    });
    expect(by.get('webpack://x/./src/core/a.ts')).toBe(3);
    expect(by.get('webpack://x/./node_modules/@stdlib/b/lib/main.js')).toBe(4);
    expect(packageOf('webpack://x/./src/core/a.ts')).toBe('src/core');
    expect(packageOf('webpack://x/./node_modules/@stdlib/b/lib/main.js')).toMatch(/^@stdlib/);
    expect(packageOf('webpack://x/./node_modules/react-dom/cjs/x.js')).toBe('react-dom');
  });

  test("the first view's chunk: named when the first row of VIEWS is lazy, none when it comes with the page", () => {
    const lazyFirst = `export const VIEWS = [
  { id: 'model', label: 'Model', component: lazy(() => import(/* webpackChunkName: "view-model" */ './ModelView')) },
  { id: 'share', label: 'Share', component: lazy(() => import(/* webpackChunkName: "view-share" */ './ShareView')) },
];`;
    expect(firstViewChunkName(lazyFirst)).toBe('view-model');
    const eagerFirst = `import ModelView from './ModelView';
export const VIEWS = [
  { id: 'model', label: 'Model', component: ModelView },
  { id: 'share', label: 'Share', component: lazy(() => import(/* webpackChunkName: "view-share" */ './ShareView')) },
];`;
    expect(firstViewChunkName(eagerFirst)).toBeUndefined();
  });

  test('gzip size is the level-9 gzip length', () => {
    const text = 'abc'.repeat(1000);
    expect(gzipSize(text)).toBeLessThan(text.length / 10);
  });
});

describe('figure 5: the mocked Excel counts round trips and refuses reads without one', () => {
  test('a loaded property read before sync throws; after load and sync it reads', async () => {
    const excel = new CountingExcel(['Sheet1', 'Data']);
    const names = await excel.run(
      async (context: {
        workbook: { worksheets: { load(p: string): void; items: Array<{ name: string }> } };
        sync(): Promise<void>;
      }) => {
        const ws = context.workbook.worksheets;
        ws.load('items/name');
        expect(() => ws.items).toThrow(/before load\(\) and context.sync\(\)/);
        await context.sync();
        return ws.items.map((s) => s.name);
      },
    );
    expect(names).toEqual(['Sheet1', 'Data']);
    expect(excel.counts.syncs).toBe(1);
    expect(excel.counts.runs).toBe(1);
  });

  test("ranges read the sheet's data, and the selection its address, after a sync", async () => {
    const excel = new CountingExcel({ Data: { A1: 'Source', B1: 'Leads', A2: 'Webinar', B2: 200 } }, 'Data!A1:B2');
    const port = new ExcelWorkbook({
      run: excel.run as never,
      settings: excel.settings as SettingsStore,
      isSetSupported: () => true,
    });
    expect(await port.getSelection()).toEqual({ sheet: 'Data', address: 'A1:B2' });
    const read = await port.readRange('Data', 'A1:C2');
    expect(read.values).toEqual([
      ['Source', 'Leads', null],
      ['Webinar', 200, null],
    ]);
    expect(await port.usedRange('Data')).toBe('A1:B2');
    expect(excel.counts.syncs).toBe(3);
    expect(excel.counts.runs).toBe(3);
  });

  test('a model build through the Excel adapter is counted (syncs and settings saves: none, they ride in the batch)', async () => {
    const excel = new CountingExcel();
    const port = new ExcelWorkbook({
      run: excel.run as never,
      settings: excel.settings as SettingsStore,
      isSetSupported: () => true,
    });
    await buildModel(port, defaultInputs());
    expect(excel.counts.runs).toBeGreaterThanOrEqual(1);
    expect(excel.counts.syncs).toBeGreaterThanOrEqual(excel.counts.runs);
    expect(excel.counts.writes).toBeGreaterThan(10);
    expect([...excel.sheets.keys()]).toContain('ROI Model');
    expect(excel.counts.syncs).toBe(2);
    expect(excel.counts.saveAsync).toBe(0);
  });
});

describe('figure 6: the generated workbook and the baseline', () => {
  test('the workbook has the formulas Excel writes, and the output check reads values back', () => {
    const bytes = leadSourceWorkbook({ formulas: 10, kind: 'roi', cache: 'fresh' });
    const xml = strFromU8(unzipSync(bytes)['xl/worksheets/sheet1.xml']);
    expect(xml.match(/_xldudf_ROI_REQUIREDLEADS/g)).toHaveLength(5);
    expect(xml.match(/_xldudf_ROI_LEADQUALITY/g)).toHaveLength(5);
    expect(xml).toContain('<c r="F2" cm="1"><f t="array" ref="F2">');
    expect(checkOutput(bytes, 10)).toEqual([]);
    const stale = leadSourceWorkbook({ formulas: 10, kind: 'roi', cache: 'stale' });
    expect(checkOutput(stale, 10).length).toBeGreaterThan(0);
    const native = strFromU8(
      unzipSync(leadSourceWorkbook({ formulas: 4, kind: 'native' }))['xl/worksheets/sheet1.xml'],
    );
    expect(native).toContain('<f>ROUNDUP(ROUNDUP(B2/$E$1,0)/($B$1*$C$1*$D$1),0)</f>');
  });

  test("the expected values are the core's", () => {
    for (let i = 0; i < 20; i++) {
      const e = expected(i);
      expect(e.requiredLeads).toBeGreaterThan(0);
      expect(Number.isInteger(e.requiredLeads)).toBe(true);
    }
    const v = callFunction('REQUIREDLEADS', [100_000, 50_000, [[0.5, 0.4, 0.25]]]);
    expect(v).toBe(40);
  });

  test('rezip keeps every part', () => {
    const bytes = leadSourceWorkbook({ formulas: 6, kind: 'roi' });
    const a = unzipSync(bytes);
    const b = unzipSync(rezip(bytes));
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    for (const k of Object.keys(a)) expect(strFromU8(b[k])).toBe(strFromU8(a[k]));
  });
});

describe('report', () => {
  const machine = machineInfo(new Date('2026-01-02T03:04:05Z'));
  const fig = (id: string, label: string): FigureResult => ({
    id,
    title: id,
    lines: [{ label, ratio: 1.5, absolute: 'x', target: '<= 2x', verdict: 'PASS' }],
    details: ['d'],
  });

  test('one line per figure with ratio, numbers, target and verdict', () => {
    expect(
      formatLine('core', { label: 'L', ratio: 2.5, absolute: '10 ns vs 4 ns', target: '<= 3x', verdict: 'PASS' }),
    ).toBe('[core] L: 2.50x  (10 ns vs 4 ns)  target <= 3x  PASS');
    expect(formatLine('recalc', { label: 'L', absolute: 'src/cli/recalc.ts', verdict: 'NOT MEASURED' })).toBe(
      '[recalc] L: not measured yet: src/cli/recalc.ts',
    );
  });

  test('running one figure replaces its section and keeps the others', () => {
    const first = assembleDoc(undefined, [fig('core', 'first core'), fig('engine', 'first engine')], machine);
    expect(first).toContain('first core');
    expect(first).toContain('Node ');
    const second = assembleDoc(first, [fig('core', 'second core')], machine);
    expect(second).toContain('second core');
    expect(second).not.toContain('first core');
    expect(second).toContain('first engine');
    expect(second.indexOf('second core')).toBeLessThan(second.indexOf('first engine'));
  });

  test('the summary lists every line with a target and its verdict', () => {
    const failing: FigureResult = {
      id: 'bundle',
      title: '4. Bundles',
      lines: [{ label: 'functions.js', absolute: '36 KB', target: '<= 30 KB', verdict: 'FAIL' }],
      details: [],
    };
    const doc = assembleDoc(undefined, [fig('core', 'calls'), failing], machine);
    const glance = doc.slice(doc.indexOf('## Targets at a glance'), doc.indexOf('<!-- figure:core -->'));
    expect(glance).toContain('- **PASS** core: calls, 1.50x (target <= 2x)');
    expect(glance).toContain('- **FAIL** Bundles: functions.js (target <= 30 KB)');
  });
});

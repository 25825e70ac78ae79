/**
 * The error table of the time and calibration functions (FUNNELPLAN, FUNNELFORECAST,
 * PIPELINEHIT, STAGERATES, STAGELAGS), written once and run through each door: the core
 * (callFunction), the headless engine (the arguments typed into cells, the formula
 * referencing them) and the Excel wrapper (Excel-shaped arguments). Each case breaks one
 * argument of a valid call in one way (text, TRUE/FALSE, blank, an error value, a number
 * outside its domain, a block where a list belongs, a range of blank cells, a 1x1 range,
 * a list of the wrong length, a row where a column was expected and the other way round)
 * and says what must come back: an error (its code, and a word its message must hold), or
 * the same result as another call (1x1 ranges, blank optionals), or its transpose (a
 * column of periods).
 */
import { RoiError, type ArgValue, type CellValue, type FunctionId } from '../../src/core';
import { FUNCTIONS } from '../../src/core';

export type Expect =
  | { code: RoiError['code']; mentions?: string }
  /** The result of these arguments instead. */
  | { same: ArgValue[] }
  /** The transpose of the result of these arguments. */
  | { transposed: ArgValue[] };

export interface Case {
  id: FunctionId;
  label: string;
  args: ArgValue[];
  want: Expect;
}

const RATES = [[0.5, 0.4, 0.25]];
/** Lead, SAL, SQO and won dates of five records (45658 is 1 Jan 2025). */
export const STAGE_DATES: CellValue[][] = [
  [45658, 45668, 45670, 45700],
  [45660, 45690, null, null],
  [45670, null, null, null],
  [45680, 45685, 45690, 45710],
  [null, 45700, 45702, null],
];

/** A valid call of each function, every argument given. */
export const BASE: Record<'FUNNELPLAN' | 'FUNNELFORECAST' | 'PIPELINEHIT' | 'STAGERATES' | 'STAGELAGS', ArgValue[]> = {
  FUNNELPLAN: [[[250000, 300000, 200000]], 50000, RATES, [[1, 0.5, 2]], 0.1, [['Leads', 'SAL', 'SQO', 'Won']]],
  FUNNELFORECAST: [[[100, 120, 90]], RATES, [[1, 0.5, 2]], [['Leads', 'SAL', 'SQO', 'Won']]],
  PIPELINEHIT: [5, [[10, 20, 30]], RATES],
  STAGERATES: [STAGE_DATES, 0.9, 45700, 10],
  STAGELAGS: [STAGE_DATES, 0.5, 30.4375],
};
export const TIME_IDS = Object.keys(BASE) as Array<keyof typeof BASE>;

/** A number outside each kind's domain, with the code it gives. */
const OUTSIDE: Record<string, number> = {
  money: -1,
  count: -2,
  duration: -1,
  growth: -1.5,
  confidence: 1,
  date: -1,
  rate: 1.5,
  rateList: 1.5,
  lagList: 1000.5,
  countList: 2.5,
  periodList: -1,
};

const ERR = new RoiError('#N/A', 'from the sheet');

function withArg(base: ArgValue[], i: number, v: ArgValue): ArgValue[] {
  const args = base.slice();
  args[i] = v;
  return args;
}

/** The first row of a list argument with one cell replaced. */
function cellIn(list: ArgValue, v: CellValue): ArgValue {
  const row = (list as CellValue[][])[0].slice();
  row[1] = v;
  return [row];
}

function column(list: ArgValue): ArgValue {
  return (list as CellValue[][])[0].map((c) => [c]);
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const id of TIME_IDS) {
    const spec = FUNCTIONS.find((f) => f.id === id)!;
    const base = BASE[id];
    const add = (label: string, args: ArgValue[], want: Expect) => out.push({ id, label, args, want });
    spec.params.forEach((p, i) => {
      const name = p.name;
      const at = (v: ArgValue) => withArg(base, i, v);
      if (p.mode === 'table') {
        const grid = base[i] as CellValue[][];
        const put = (v: CellValue) => [grid[0], grid[1], [grid[2][0], v, ...grid[2].slice(2)], ...grid.slice(3)];
        add(`${name}: a text date`, at(put('2025-03-04')), { code: '#VALUE!', mentions: 'row 3' });
        add(`${name}: a text date says how to convert it`, at(put('3/4/2025')), {
          code: '#VALUE!',
          mentions: 'convert text dates to dates first',
        });
        add(`${name}: TRUE`, at(put(true)), { code: '#VALUE!', mentions: 'row 3' });
        add(`${name}: an error value`, at(put(ERR)), { code: '#N/A' });
        add(`${name}: a negative date`, at(put(-3)), { code: '#NUM!', mentions: 'row 3' });
        add(`${name}: blank`, at(null), { code: '#VALUE!', mentions: `${name} is required` });
        add(`${name}: omitted`, at(undefined), { code: '#VALUE!', mentions: `${name} is required` });
        add(`${name}: text`, at('25%'), { code: '#VALUE!', mentions: name });
        add(`${name}: one column (a column where a table was expected)`, at(grid.map((r) => [r[0]])), {
          code: '#VALUE!',
          mentions: 'at least two',
        });
        add(`${name}: a 1x1 range`, at([[45658]]), { code: '#VALUE!', mentions: name });
        add(`${name}: one row is one record`, at([grid[0]]), { same: at([grid[0]]) });
        return;
      }
      // Text, TRUE and error values, as the argument itself or inside its list.
      if (p.kind !== 'textList') {
        add(`${name}: text`, at(p.mode === 'list' ? cellIn(base[i], '25%') : '25%'), {
          code: '#VALUE!',
          mentions: name,
        });
        add(`${name}: TRUE`, at(p.mode === 'list' ? cellIn(base[i], true) : true), {
          code: '#VALUE!',
          mentions: name,
        });
      } else {
        add(`${name}: TRUE among the names`, at(cellIn(base[i], true)), { code: '#VALUE!', mentions: name });
      }
      add(`${name}: an error value`, at(p.mode === 'list' ? cellIn(base[i], ERR) : ERR), { code: '#N/A' });
      // Blank and omitted.
      if (p.optional) {
        const without = at(p.defaultValue);
        add(`${name}: blank takes its default`, at(null), { same: without });
        add(
          `${name}: a range of blank cells`,
          at([[null, null, null]]),
          p.mode === 'list' ? { same: without } : { code: '#VALUE!', mentions: 'single value' },
        );
      } else {
        add(`${name}: blank`, at(null), { code: '#VALUE!', mentions: `${name} is required` });
        add(`${name}: omitted`, at(undefined), { code: '#VALUE!', mentions: `${name} is required` });
        if (p.mode === 'list')
          add(`${name}: a range of blank cells`, at([[null, null, null]]), {
            code: '#VALUE!',
            mentions: `${name} is required`,
          });
      }
      // Out of its domain.
      const bad = OUTSIDE[p.kind];
      if (bad !== undefined)
        add(`${name}: ${bad}`, at(p.mode === 'list' ? cellIn(base[i], bad) : bad), { code: '#NUM!', mentions: name });
      // Shapes.
      if (p.mode === 'list') {
        add(`${name}: a 2x2 block`, at([(base[i] as CellValue[][])[0].slice(0, 2), [1, 1]]), {
          code: '#VALUE!',
          mentions: '2x2 block',
        });
        if (p.kind === 'periodList') {
          add(`${name}: a column of periods transposes the result`, at(column(base[i])), { transposed: base });
          add(`${name}: a 1x1 range is one period`, at([[(base[i] as number[][])[0][0]]]), {
            same: at((base[i] as number[][])[0][0]),
          });
        } else {
          add(`${name}: a column where a row was given`, at(column(base[i])), { same: base });
        }
        if (p.sameLength) {
          const shorter = [(base[i] as CellValue[][])[0].slice(0, -1)];
          add(`${name}: one value too few`, at(shorter), { code: '#VALUE!', mentions: name });
          add(
            `${name}: one value too many`,
            at([[...(base[i] as CellValue[][])[0], (base[i] as CellValue[][])[0][0]]]),
            {
              code: '#VALUE!',
              mentions: name,
            },
          );
          add(`${name}: a blank inside is skipped, so one value too few`, at(cellIn(base[i], null)), {
            code: '#VALUE!',
            mentions: name,
          });
        }
      } else if (p.mode === 'single') {
        add(`${name}: a range (the result already spills)`, at([[base[i] as number, base[i] as number]]), {
          code: '#VALUE!',
          mentions: 'single value',
        });
        add(`${name}: a 1x1 range is its value`, at([[base[i] as number]]), { same: base });
      } else {
        // PIPELINEHIT's deals_needed: elementwise.
        add(`${name}: a 1x1 range is its value`, at([[base[i] as number]]), { same: base });
        add(`${name}: a row spills`, at([[0, 5, 10]]), { same: at([[0, 5, 10]]) });
        add(`${name}: 2.5 is not a whole deal`, at(2.5), { code: '#NUM!', mentions: 'whole number' });
      }
    });
    add('too many arguments', [...base, 1], { code: '#VALUE!', mentions: 'at most' });
  }
  // Rates shorter than the stage lists: the lists are measured against the rates.
  out.push({
    id: 'FUNNELPLAN',
    label: 'conversion_rates one rate short of the lags',
    args: withArg(BASE.FUNNELPLAN, 2, [[0.5, 0.4]]),
    want: { code: '#VALUE!', mentions: 'stage_lags has 3 values but conversion_rates has 2' },
  });
  out.push({
    id: 'PIPELINEHIT',
    label: 'an error value before a wrong count: the error first',
    args: [ERR, [[1]], RATES],
    want: { code: '#N/A' },
  });
  out.push({
    id: 'FUNNELPLAN',
    label: 'wrong counts before the maths: #VALUE!, not #DIV/0!',
    args: withArg(withArg(BASE.FUNNELPLAN, 1, 0), 5, [['a', 'b']]),
    want: { code: '#VALUE!', mentions: 'stage_names has 2 names but the funnel has 4 rows' },
  });
  return out;
}

export const CASES: Case[] = cases();

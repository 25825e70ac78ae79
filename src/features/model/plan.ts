/**
 * The model plan: a pure function from the form's inputs to everything the model sheet
 * holds (labels, input values, formulas, number formats, defined names, notes, charts,
 * conditional formats, column widths). The task pane writes it through a WorkbookPort;
 * `roi model --out` writes the same plan to a new .xlsx file; the preview evaluates it
 * (preview.ts).
 *
 * planModel is a layout loop: MODEL_BLOCKS, in order, each placing its rows. The rows
 * come from the tables: the Inputs block from MODEL_FIELDS, the stage table from
 * STAGE_COLUMNS, "What it takes" and "Unit economics" from MODEL_OUTPUTS, the scenarios'
 * outcomes from SCENARIO_OUTCOMES. Every formula is a tree (expr.ts) rendered here once:
 * a reference by key becomes its defined name, or its cell where it has none. A new block
 * (the time issue's "Month by month" and "Pace") is one more entry of MODEL_BLOCKS.
 *
 * No formula names the sheet, so the same plan can be written to whichever sheet name
 * is free (WriteBatch.uniqueSheetNames). Every output is a live formula on the Inputs
 * block's names, so editing an input cell moves every number on the sheet; no computed
 * number is ever written as a constant.
 *
 * The layout depends only on `capacity` (stage rows kept, STAGE_CAPACITY by default),
 * never on the inputs' values or their number of stages, so "Update model" rewrites the
 * same cells, and a stage typed into an empty row of the funnel table flows through every
 * list formula (ROI.* lists skip blank cells).
 *
 * Layout (k = number of stages, m = stages from the lead stage down):
 *   A1 title, A2 the plain-English sentence, A3 how to read the sheet
 *   Inputs           label | value (named, blue) | what it is
 *   Funnel stages    stage name | converts to next | rate name      (capacity rows + the won row, the close rate)
 *   What it takes    label | formula | what it means as an outcome
 *   Unit economics   label | formula | what it means
 *   The funnel       ROI.FUNNEL spill (name, volume), its chart beside it
 *   What moves the number   rate | leads saved | ROI.SENSITIVITY spill | rank | in words, the sentence, its chart below
 *   Scenarios        rate or deal value | Low | Base | High, then each scenario's outcomes
 *   Model id         the marker Update model checks
 */
import { cellA1, parseCellRange } from '../../base/a1';
import type { A1, CellStyle, CellWrite, ChartSpec, ConditionalFormat, NameDef, WriteBatch } from '../../workbook/port';
import {
  add,
  addressOfKey,
  call,
  cell,
  fn,
  formulaText,
  ge,
  iff,
  isEmpty,
  join,
  mul,
  num,
  ref,
  rekey,
  sub,
  type Expr,
} from './expr';
import {
  FORMATS,
  MODEL_FIELDS,
  SCENARIO_NAMES,
  STAGE_CAPACITY,
  STAGE_COLUMNS,
  type ModelField,
  type StageColumn,
} from './fields';
import { fieldValue, rateLabel, type ModelInputs } from './inputs';
import { MODEL_OUTPUTS, SCENARIO_OUTCOMES, type ModelOutput, type OutputAlert } from './outputs';
import { pointsWords, wholeWords } from './text';

// The sheet's formats live with the fields (fields.ts); code that knew them from here still finds them.
export { FORMATS };

export interface ModelPlan {
  sheet: string;
  batch: WriteBatch;
  /** Every cell the model occupies (written cells and the areas its spills fill), in writing order. */
  footprint: A1[];
  /**
   * Where each output lives, by the key previewModel uses for it ("revenueGap", "leads",
   * "funnel" (the spill's anchor), "sensitivity", "sentence", "scenario.Low.deals", ...),
   * and where the inputs live ("input.currentRevenue", "input.stages.0.rate",
   * "scenario.Low.dealValue", "scenario.High.rates.2", ...), and the marker ("marker").
   */
  cells: Record<string, A1>;
  /** Spilled areas for these inputs, by key: "funnel" and "sensitivity". */
  spills: Record<string, A1>;
  /** The largest areas the spills may fill (stages added in the sheet grow them): never written. */
  spillZones: A1[];
  /** Stage rows laid out (the layout is the same for any number of stages up to this). */
  capacity: number;
  /** Each formula cell's tree, by address (the batch holds its text). */
  formulas: ReadonlyMap<A1, Expr>;
  /** Each reference key -> the cell or range it stands for. */
  refs: ReadonlyMap<string, A1>;
  /** Each spilling formula's anchor -> the largest area it may fill. */
  spillAnchors: ReadonlyMap<A1, A1>;
  /** The model's id, written in its marker cell (named ROI_ModelId). */
  id: string;
}

export const STYLE = {
  title: { bold: true, fontColor: '#1F3864' } as CellStyle,
  section: { bold: true, fill: '#DDEBF7', fontColor: '#1F3864' } as CellStyle,
  header: { bold: true, fontColor: '#404040' } as CellStyle,
  input: { fontColor: '#0000FF', fill: '#FFF2CC' } as CellStyle,
  output: { bold: true } as CellStyle,
  note: { italic: true, fontColor: '#595959' } as CellStyle,
  sentence: { bold: true, fontColor: '#1F3864' } as CellStyle,
};

const ALERTS: Record<OutputAlert, { rule: (self: A1) => string; fill: string; fontColor: string }> = {
  negative: { rule: (a) => `=${a}<0`, fill: '#F8CBAD', fontColor: '#9C0006' },
  belowConfidence: { rule: (a) => `=${a}<ROI_Confidence`, fill: '#FFEB9C', fontColor: '#9C5700' },
};

/** The defined name of the marker cell Update model checks before it writes. */
export const MARKER_NAME = 'ROI_ModelId';

/** "B7" from column index 1 (0 = A) and sheet row 7 (1-based, as the layout counts rows). */
export function addr(col: number, row: number): A1 {
  return cellA1(row - 1, col);
}

const A = 0;
const B = 1;
const C = 2;
const D = 3;
const E = 4;
const F = 5;

export interface PlanOptions {
  /** Stage rows to lay out (at least the number of stages); default STAGE_CAPACITY. */
  capacity?: number;
  /** The model's id for its marker cell; default "unsaved" (a plan not yet built). */
  id?: string;
}

/** What a block writes into, and the helpers it places rows with. */
export class Layout {
  readonly cells: CellWrite[] = [];
  readonly names: NameDef[] = [];
  readonly keys: Record<string, A1> = {};
  readonly footprint: A1[] = [];
  readonly formulas = new Map<A1, Expr>();
  readonly refs = new Map<string, A1>();
  readonly refNames = new Map<string, string>();
  readonly spills: Record<string, A1> = {};
  readonly spillZones: A1[] = [];
  readonly spillAnchors = new Map<A1, A1>();
  readonly charts: ChartSpec[] = [];
  readonly conditionalFormats: ConditionalFormat[] = [];
  /** The writes that hold a formula, with its tree (their text is rendered once every reference is placed). */
  readonly formulaWrites: Array<[CellWrite, Expr]> = [];
  /** The next free row (1-based). */
  row = 1;
  private readonly seen = new Set<A1>();

  constructor(
    readonly sheet: string,
    readonly inputs: ModelInputs,
    readonly capacity: number,
    readonly id: string,
  ) {}

  occupy(a: A1): void {
    if (!this.seen.has(a)) {
      this.seen.add(a);
      this.footprint.push(a);
    }
  }

  /** One cell: a value, a formula (a tree), or only a format and style. */
  put(
    col: number,
    row: number,
    w: { value?: CellWrite['value']; expr?: Expr; numberFormat?: string; style?: CellStyle },
  ): A1 {
    const address = addr(col, row);
    const { expr, ...rest } = w;
    const write: CellWrite = { sheet: this.sheet, address, ...rest };
    if (typeof write.value === 'number' && !Number.isFinite(write.value)) write.value = null;
    if (expr) {
      this.formulas.set(address, expr);
      this.formulaWrites.push([write, expr]);
    }
    this.cells.push(write);
    this.occupy(address);
    return address;
  }

  /** A number format on a cell a spill fills (occupied, not written). */
  format(col: number, row: number, numberFormat: string): void {
    const address = addr(col, row);
    this.occupy(address);
    this.cells.push({ sheet: this.sheet, address, numberFormat });
  }

  label(col: number, row: number, text: string, style?: CellStyle): A1 {
    return this.put(col, row, { value: text, style });
  }

  name(name: string, address: A1, comment?: string): void {
    this.names.push({ name, sheet: this.sheet, address, scope: 'sheet', comment });
  }

  /** A reference key for formulas: rendered as `name` when given, else as the address. */
  bind(key: string, address: A1, name?: string): void {
    this.refs.set(key, address);
    if (name) this.refNames.set(key, name);
  }

  /** A section's title row across columns A-C (or more). */
  section(title: string, width = 3): void {
    this.label(A, this.row, title, STYLE.section);
    for (let c = 1; c < width; c++) this.put(c, this.row, { style: STYLE.section });
    this.row++;
  }

  /** An output row: label | formula | note, named and bound to its key. */
  output(o: ModelOutput): A1 {
    const r = this.row++;
    this.label(A, r, o.label);
    const a = this.put(B, r, { expr: o.expr, numberFormat: o.format, style: STYLE.output });
    this.label(C, r, o.note, STYLE.note);
    if (o.name) this.name(o.name, a, o.note);
    this.bind(o.key, a, o.name);
    this.keys[o.key] = a;
    if (o.alert) this.alert(a, o.alert);
    return a;
  }

  alert(address: A1, kind: OutputAlert): void {
    const first = address.split(':')[0];
    const a = ALERTS[kind];
    this.conditionalFormats.push({
      sheet: this.sheet,
      address,
      kind: 'formula',
      formula: a.rule(first),
      fill: a.fill,
      fontColor: a.fontColor,
    });
  }

  /** How a reference is written: its name, else its cell or range. */
  refText = (key: string): string => {
    const at = addressOfKey(key);
    if (at) return at;
    const name = this.refNames.get(key);
    if (name) return name;
    const address = this.refs.get(key);
    if (address) return address;
    throw new Error(`The model plan has no "${key}" to refer to.`);
  };
}

/** One block of the sheet: it places its rows from layout.row on and leaves layout.row after them. */
export interface ModelBlock {
  readonly id: string;
  readonly layout: (l: Layout) => void;
}

const titleBlock: ModelBlock = {
  id: 'title',
  layout: (l) => {
    l.label(A, 1, 'Outcome ROI model: what it takes to reach the revenue target', STYLE.title);
    const headline = (MODEL_OUTPUTS as readonly ModelOutput[]).find((o) => o.section === 'headline')!;
    l.keys[headline.key] = l.put(A, 2, { expr: headline.expr, style: STYLE.sentence });
    l.label(
      A,
      3,
      'Blue cells are inputs: change any of them and every number below follows. Every result is a live ROI.* formula.',
      STYLE.note,
    );
    l.row = 5;
  },
};

const inputsBlock: ModelBlock = {
  id: 'inputs',
  layout: (l) => {
    l.section('Inputs');
    const manual = l.inputs.scenarios.mode === 'manual';
    for (const f of MODEL_FIELDS as readonly ModelField[]) {
      const r = l.row++;
      l.label(A, r, f.label);
      const v = fieldValue(l.inputs, f.key);
      const a = l.put(B, r, { value: typeof v === 'number' ? v : null, numberFormat: f.format, style: STYLE.input });
      l.label(C, r, manual && f.manualScenarioNote ? f.manualScenarioNote : f.note, STYLE.note);
      l.name(f.name, a, f.note);
      l.bind(f.key, a, f.name);
      l.keys[`input.${f.key}`] = a;
    }
    l.row++;
  },
};

/** The value of a stage table column for stage i (the rate name: the typed label, else the generated one). */
function stageValue(l: Layout, c: StageColumn, i: number): CellWrite['value'] {
  const s = l.inputs.stages[i] as unknown as Record<string, unknown>;
  if (c.key === 'label') return rateLabel(l.inputs.stages, i);
  const v = s[c.key];
  return typeof v === 'number' ? v : typeof v === 'string' ? v : null;
}

/** The plan's key of a stage cell: "input.stages.2.rate"; the rate name keeps its old key "rateName". */
const stageKey = (i: number, c: StageColumn) => `input.stages.${i}.${c.key === 'label' ? 'rateName' : c.key}`;

const stagesBlock: ModelBlock = {
  id: 'stages',
  layout: (l) => {
    const columns = STAGE_COLUMNS as readonly StageColumn[];
    const k = l.inputs.stages.length;
    l.section('Funnel stages', Math.max(3, columns.length));
    columns.forEach((c, j) => l.label(j, l.row, c.header, STYLE.header));
    l.row++;
    const top = l.row;
    for (let i = 0; i < l.capacity; i++) {
      columns.forEach((c, j) => {
        // Rows past the stages are room for more: styled as inputs and empty.
        const a = l.put(j, top + i, {
          ...(i < k ? { value: stageValue(l, c, i) } : {}),
          numberFormat: c.format,
          style: STYLE.input,
        });
        if (i < k) l.keys[stageKey(i, c)] = a;
      });
    }
    const last = top + l.capacity - 1;
    const won = last + 1;
    l.keys['input.wonStageName'] = l.put(A, won, { value: l.inputs.wonStageName, style: STYLE.input });
    l.label(C, won, 'Empty blue rows: room for more stages.', STYLE.note);
    columns.forEach((c, j) => {
      const range = `${addr(j, top)}:${addr(j, c.key === 'name' ? won : last)}`;
      l.name(c.name, range, STAGE_NAME_COMMENTS[c.key] ?? `The stage table's "${c.header}" column.`);
      l.bind(c.key === 'name' ? 'stageNames' : c.key === 'rate' ? 'rates' : `${c.key}s`, range, c.name);
    });
    const rateCol = columns.findIndex((c) => c.key === 'rate');
    const rates = `${addr(rateCol, top)}:${addr(rateCol, last)}`;
    const leadRates = `${addr(rateCol, top + l.inputs.leadStage)}:${addr(rateCol, last)}`;
    l.name('ROI_LeadRates', leadRates, 'The conversion rates from the lead stage down.');
    l.bind('leadRates', leadRates, 'ROI_LeadRates');
    l.bind('stageTable', `${addr(A, top)}:${addr(columns.length - 1, last)}`);
    l.row = won + 1;
    // The close rate is the last rate, also when a stage is added in the sheet.
    const r = l.row++;
    l.label(A, r, 'Close rate (the last rate above)');
    const close = l.put(B, r, {
      expr: fn('INDEX', cell(rates), fn('COUNT', cell(rates))),
      numberFormat: FORMATS.percent,
    });
    l.label(C, r, 'Share of qualified opportunities won.', STYLE.note);
    l.name('ROI_CloseRate', close, 'The last conversion rate: qualified opportunity to won.');
    l.bind('closeRate', close, 'ROI_CloseRate');
    l.keys.closeRate = close;
    l.keys.stageTop = addr(A, top);
    l.row++;
  },
};

const STAGE_NAME_COMMENTS: Record<string, string> = {
  name: 'Funnel stage names, top first, won deals last (empty rows are skipped).',
  rate: 'Stage-to-stage conversion rates, top first, ending with the close rate (empty rows are skipped).',
  label: 'A name for each conversion rate.',
};

function outputsBlock(id: string, title: string, section: ModelOutput['section']): ModelBlock {
  return {
    id,
    layout: (l) => {
      l.section(title);
      for (const o of MODEL_OUTPUTS as readonly ModelOutput[]) if (o.section === section) l.output(o);
      l.row++;
    },
  };
}

const funnelBlock: ModelBlock = {
  id: 'funnel',
  layout: (l) => {
    const k = l.inputs.stages.length;
    l.section('The funnel');
    l.label(A, l.row++, 'Each stage: the volume that, at your rates, ends in the deals you need.', STYLE.note);
    const header = l.row++;
    l.label(A, header, 'Stage', STYLE.header);
    l.label(B, header, 'Volume needed', STYLE.header);
    const top = l.row;
    const anchor = l.put(A, top, {
      expr: call('FUNNEL', ref('newRevenue'), ref('averageDealValue'), ref('rates'), ref('stageNames')),
    });
    l.keys.funnel = anchor;
    // The spill may grow to capacity + 1 rows when stages are added in the sheet.
    for (let i = 0; i <= l.capacity; i++) {
      l.occupy(addr(A, top + i));
      l.format(B, top + i, FORMATS.count);
    }
    const zone = `${addr(A, top)}:${addr(B, top + l.capacity)}`;
    l.spills.funnel = `${addr(A, top)}:${addr(B, top + k)}`;
    l.spillZones.push(zone);
    l.spillAnchors.set(anchor, zone);
    // Beside its table (columns C-F), where the first screen of the block shows it; at
    // least 12 rows tall, the block growing to hold it when there are few stage rows.
    const chartRows = Math.max(l.capacity + 2, 12);
    l.charts.push({
      sheet: l.sheet,
      name: 'ROI_FunnelChart',
      type: 'funnel',
      source: l.spills.funnel,
      seriesBy: 'columns',
      title: 'The funnel you need',
      from: addr(C, header),
      to: addr(F, header + chartRows),
    });
    l.row = Math.max(top + l.capacity + 2, header + chartRows + 1);
  },
};

const sensitivityBlock: ModelBlock = {
  id: 'sensitivity',
  layout: (l) => {
    const k = l.inputs.stages.length;
    const L = l.inputs.leadStage;
    const cap = l.capacity;
    const stageTop = Number(/\d+/.exec(l.keys.stageTop)![0]);
    l.section('What moves the number');
    l.label(
      A,
      l.row++,
      'Raise one conversion rate by the sensitivity step, the others unchanged: how many fewer leads would you need?',
      STYLE.note,
    );
    const header = l.row++;
    ['Rate', 'Leads saved', 'Leads needed', 'Change', 'Rank', 'Saved, in words'].forEach((h, c) =>
      l.label(c, header, h, STYLE.header),
    );
    const top = l.row;
    const bottom = top + cap - 1;
    const savedRange = `${addr(B, top)}:${addr(B, bottom)}`;
    const rankRange = `${addr(E, top)}:${addr(E, bottom)}`;
    const anchor = l.put(C, top, {
      expr: call('SENSITIVITY', ref('newRevenue'), ref('averageDealValue'), ref('leadRates'), ref('sensitivityStep')),
    });
    l.keys.sensitivity = anchor;
    const zone = `${addr(C, top)}:${addr(D, bottom)}`;
    l.spills.sensitivity = `${addr(C, top)}:${addr(D, top + Math.max(1, k - L) - 1)}`;
    l.spillZones.push(zone);
    l.spillAnchors.set(anchor, zone);
    for (let j = 0; j < cap; j++) {
      const row = top + j;
      const i = L + j;
      l.occupy(addr(C, row));
      l.occupy(addr(D, row));
      l.format(C, row, FORMATS.count);
      l.format(D, row, FORMATS.percent);
      if (i >= cap) {
        for (const c of [A, B, E, F]) l.occupy(addr(c, row));
        continue;
      }
      const sr = stageTop + i;
      const volume = cell(addr(C, row));
      const saved = cell(addr(B, row));
      l.keys[`sensitivity.${j}.rateName`] = l.put(A, row, {
        expr: iff(isEmpty(volume), '', iff(isEmpty(cell(addr(C, sr))), cell(addr(A, sr)), cell(addr(C, sr)))),
      });
      l.keys[`sensitivity.${j}.saved`] = l.put(B, row, {
        expr: iff(isEmpty(volume), '', sub(ref('leads'), volume)),
        numberFormat: FORMATS.count,
        style: STYLE.output,
      });
      // Unique rank: most leads saved first; ties keep funnel order.
      const above = fn('COUNTIF', cell(savedRange), join('>', saved));
      const ties = j === 0 ? above : add(above, fn('COUNTIF', cell(`${addr(B, top)}:${addr(B, row - 1)}`), saved));
      l.keys[`sensitivity.${j}.rank`] = l.put(E, row, {
        expr: iff(isEmpty(saved), '', add(ties, num(1))),
        numberFormat: '0',
      });
      l.keys[`sensitivity.${j}.savedText`] = l.put(F, row, {
        expr: iff(isEmpty(saved), '', join(wholeWords(saved), ' fewer leads')),
      });
    }
    l.row = bottom + 1;
    const at = (col: number, rank: number) =>
      fn('INDEX', cell(`${addr(col, top)}:${addr(col, bottom)}`), fn('MATCH', num(rank), cell(rankRange), num(0)));
    const lever = (rank: number, lower: boolean) =>
      join(
        pointsWords(ref('sensitivityStep'), lower),
        ' of ',
        at(A, rank),
        ' saves ',
        wholeWords(at(B, rank)),
        ' leads',
      );
    const sentenceRow = l.row++;
    l.keys.sensitivitySentence = l.put(A, sentenceRow, {
      expr: join(lever(1, false), iff(ge(fn('COUNT', cell(savedRange)), num(2)), join('; ', lever(2, true)), ''), '.'),
      style: STYLE.sentence,
    });
    // Right under its table and sentence, in the columns every screen shows.
    const chartTop = l.row + 1;
    l.charts.push({
      sheet: l.sheet,
      name: 'ROI_SensitivityChart',
      type: 'barClustered',
      source: `${addr(A, top)}:${addr(B, top + Math.max(1, k - L) - 1)}`,
      seriesBy: 'columns',
      title: 'Leads saved by one step of each rate',
      from: addr(A, chartTop),
      to: addr(D, chartTop + 14),
    });
    l.row = chartTop + 16;
  },
};

const scenariosBlock: ModelBlock = {
  id: 'scenarios',
  layout: (l) => {
    const k = l.inputs.stages.length;
    const L = l.inputs.leadStage;
    const cap = l.capacity;
    const stageTop = Number(/\d+/.exec(l.keys.stageTop)![0]);
    const shareMode = l.inputs.scenarios.mode === 'share';
    l.section('Scenarios');
    l.label(
      A,
      l.row++,
      shareMode
        ? 'Low and High are Base minus and plus the scenario share (rates at most 100%). Type over any of them to set your own.'
        : 'Type the Low and High values you want to test; Base follows the inputs above.',
      STYLE.note,
    );
    const SC = { Low: B, Base: C, High: D } as const;
    const headers = (row: number, first: string) => {
      l.label(A, row, first, STYLE.header);
      for (const s of SCENARIO_NAMES) l.label(SC[s], row, s, STYLE.header);
    };
    headers(l.row++, 'Assumption');
    const top = l.row;
    const share = ref('scenarios.share');
    for (let i = 0; i < cap; i++) {
      const row = top + i;
      const sr = stageTop + i;
      const base = cell(addr(SC.Base, row));
      const stageRate = cell(addr(B, sr));
      l.put(A, row, {
        expr: iff(isEmpty(stageRate), '', iff(isEmpty(cell(addr(C, sr))), cell(addr(A, sr)), cell(addr(C, sr)))),
      });
      const b = l.put(SC.Base, row, { expr: iff(isEmpty(stageRate), '', stageRate), numberFormat: FORMATS.percent });
      const typed =
        i < k
          ? (l.inputs.scenarios.rates[i] ?? { low: l.inputs.stages[i].rate, high: l.inputs.stages[i].rate })
          : undefined;
      const side = (col: number, which: 'low' | 'high') =>
        l.put(
          col,
          row,
          shareMode
            ? {
                expr: iff(
                  isEmpty(base),
                  '',
                  which === 'low' ? mul(base, sub(num(1), share)) : fn('MIN', num(1), mul(base, add(num(1), share))),
                ),
                numberFormat: FORMATS.percent,
                style: STYLE.input,
              }
            : { ...(typed ? { value: typed[which] } : {}), numberFormat: FORMATS.percent, style: STYLE.input },
        );
      const low = side(SC.Low, 'low');
      const high = side(SC.High, 'high');
      if (i < k) {
        l.keys[`scenario.Base.rates.${i}`] = b;
        l.keys[`scenario.Low.rates.${i}`] = low;
        l.keys[`scenario.High.rates.${i}`] = high;
      }
    }
    const dealRow = top + cap;
    l.label(A, dealRow, 'Average deal value');
    const baseDeal = cell(addr(SC.Base, dealRow));
    l.keys['scenario.Base.dealValue'] = l.put(SC.Base, dealRow, {
      expr: ref('averageDealValue'),
      numberFormat: FORMATS.money,
    });
    for (const [name, which, factor] of [
      ['Low', 'low', sub(num(1), share)],
      ['High', 'high', add(num(1), share)],
    ] as const) {
      l.keys[`scenario.${name}.dealValue`] = l.put(
        SC[name],
        dealRow,
        shareMode
          ? { expr: mul(baseDeal, factor), numberFormat: FORMATS.money, style: STYLE.input }
          : { value: l.inputs.scenarios.dealValue[which], numberFormat: FORMATS.money, style: STYLE.input },
      );
    }
    for (const s of SCENARIO_NAMES) {
      l.bind(`scenario.${s}.dealValue`, addr(SC[s], dealRow));
      l.bind(`scenario.${s}.leadRates`, `${addr(SC[s], top + L)}:${addr(SC[s], top + cap - 1)}`);
    }
    l.name(
      'ROI_ScenarioLow',
      `${addr(SC.Low, top)}:${addr(SC.Low, dealRow)}`,
      'Low scenario: each rate, then the deal value.',
    );
    l.name(
      'ROI_ScenarioHigh',
      `${addr(SC.High, top)}:${addr(SC.High, dealRow)}`,
      'High scenario: each rate, then the deal value.',
    );
    l.row = dealRow + 2;
    headers(l.row++, 'Outcome');
    for (const o of SCENARIO_OUTCOMES) {
      const row = l.row++;
      l.label(A, row, o.label);
      for (const s of SCENARIO_NAMES) {
        const expr = rekey(o.expr, (key) => (key.startsWith('scenario.') ? `scenario.${s}.${key.slice(9)}` : key));
        l.keys[`scenario.${s}.${o.key}`] = l.put(SC[s], row, { expr, numberFormat: o.format, style: STYLE.output });
      }
      if ('alert' in o && o.alert) l.alert(`${addr(SC.Low, row)}:${addr(SC.High, row)}`, o.alert);
    }
    l.label(A, l.row++, 'Every scenario value is a live cell: change one and its column follows.', STYLE.note);
    l.row++;
  },
};

const markerBlock: ModelBlock = {
  id: 'marker',
  layout: (l) => {
    const r = l.row++;
    l.label(A, r, 'Model id (the task pane checks it before Update model: leave it as it is)', STYLE.note);
    const a = l.put(B, r, { value: l.id, style: STYLE.note });
    l.name(MARKER_NAME, a, 'The id of this model in the workbook: Update model writes here only when it matches.');
    l.keys.marker = a;
  },
};

/** The sheet's blocks, top to bottom. A new block is one more entry here. */
export const MODEL_BLOCKS: readonly ModelBlock[] = [
  titleBlock,
  inputsBlock,
  stagesBlock,
  outputsBlock('takes', 'What it takes', 'takes'),
  outputsBlock('economics', 'Unit economics', 'economics'),
  funnelBlock,
  sensitivityBlock,
  scenariosBlock,
  markerBlock,
];

export function planModel(inputs: ModelInputs, sheet: string, options: PlanOptions = {}): ModelPlan {
  const capacity = Math.max(options.capacity ?? STAGE_CAPACITY, inputs.stages.length);
  const l = new Layout(sheet, inputs, capacity, options.id ?? 'unsaved');
  for (const block of MODEL_BLOCKS) block.layout(l);
  // Formula text, once every reference is placed (the headline refers to outputs below it).
  for (const [write, expr] of l.formulaWrites) write.formula = `=${formulaText(expr, l.refText)}`;
  const batch: WriteBatch = {
    addSheets: [sheet],
    cells: l.cells,
    names: l.names,
    charts: l.charts,
    conditionalFormats: l.conditionalFormats,
    columnWidths: [
      { sheet, column: 'A', width: 40 },
      { sheet, column: 'B', width: 16 },
      { sheet, column: 'C', width: 16 },
      { sheet, column: 'D', width: 16 },
      { sheet, column: 'E', width: 8 },
      { sheet, column: 'F', width: 16 },
    ],
  };
  return {
    sheet,
    batch,
    footprint: l.footprint,
    cells: l.keys,
    spills: l.spills,
    spillZones: l.spillZones,
    capacity,
    formulas: l.formulas,
    refs: new Map([...l.refs]),
    spillAnchors: l.spillAnchors,
    id: l.id,
  };
}

/** The cells of an A1 range ("A1:B3" -> A1, B1, A2, ...). */
export function cellsOf(range: string): string[] {
  const b = parseCellRange(range);
  const out: string[] = [];
  if (b) for (let r = b.top; r <= b.bottom; r++) for (let c = b.left; c <= b.right; c++) out.push(cellA1(r, c));
  return out;
}

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
  div,
  eq,
  ge,
  gt,
  le,
  iff,
  isEmpty,
  join,
  mul,
  num,
  ref,
  rekey,
  roundUp,
  sub,
  text,
  type Expr,
} from './expr';
import {
  FORMATS,
  MODEL_FIELDS,
  SCENARIO_NAMES,
  SEASONALITY,
  STAGE_CAPACITY,
  YEAR_MONTHS,
  STAGE_COLUMNS,
  type ModelField,
  type StageColumn,
} from './fields';
import { fieldValue, rateLabel, type ModelInputs } from './inputs';
import { MODEL_OUTPUTS, SCENARIO_OUTCOMES, type ModelOutput, type OutputAlert } from './outputs';
import { moneyWords, monthName, pointsWords, wholeWords } from './text';

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
  /**
   * Cells that are the user's to type (the Pace block's actuals and open pipeline): Build
   * styles them as inputs; they are not the model's (not in the footprint), so Update never
   * writes, clears or checks them.
   */
  userCells: A1[];
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
  positive: { rule: (a) => `=${a}>0`, fill: '#FFEB9C', fontColor: '#9C5700' },
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
/** The stage table's rate-name column (after the name, the rate and the lag). */
const LABEL = (STAGE_COLUMNS as readonly StageColumn[]).findIndex((c) => c.key === 'label');

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
  /** Cells the user types into (styled by Build, never written by Update). */
  readonly userCells: A1[] = [];
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

  /** A cell for the user to type into: styled as an input, empty, not the model's own. */
  userCell(col: number, row: number, numberFormat: string): A1 {
    const address = addr(col, row);
    this.userCells.push(address);
    this.cells.push({ sheet: this.sheet, address, numberFormat, style: STYLE.input });
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

  /** A chart of rows (one series a row) under the block, in columns A-F, at a laptop's width beside its numbers. */
  chartBelow(name: string, title: string, source: string): void {
    const top = this.row + 1;
    this.charts.push({
      sheet: this.sheet,
      name,
      type: 'columnClustered',
      source,
      seriesBy: 'rows',
      title,
      from: addr(A, top),
      to: addr(F, top + 15),
    });
    this.row = top + 17;
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
    const lagCol = columns.findIndex((c) => c.key === 'lag');
    const leadLags = `${addr(lagCol, top + l.inputs.leadStage)}:${addr(lagCol, last)}`;
    l.name('ROI_LeadLags', leadLags, 'The lags from the lead stage down: months from a lead to a deal, in all.');
    l.bind('leadLags', leadLags, 'ROI_LeadLags');
    const leadNames = `${addr(A, top + l.inputs.leadStage)}:${addr(A, won)}`;
    l.name('ROI_LeadStageNames', leadNames, 'The stage names from the lead stage down, won deals last.');
    l.bind('leadStageNames', leadNames, 'ROI_LeadStageNames');
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
  lag: 'Months from entering each stage to entering the next (the last: to the deal), top first (empty rows are skipped).',
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
        expr: iff(isEmpty(volume), '', iff(isEmpty(cell(addr(LABEL, sr))), cell(addr(A, sr)), cell(addr(LABEL, sr)))),
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
        expr: iff(
          isEmpty(stageRate),
          '',
          iff(isEmpty(cell(addr(LABEL, sr))), cell(addr(A, sr)), cell(addr(LABEL, sr))),
        ),
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

/** The first month column of "Month by month" and "Pace" (C; B is "Before the year"), one column per month. */
const MONTH_COL = C;
const monthCol = (i: number) => MONTH_COL + i;
const monthRange = (row: number) => `${addr(MONTH_COL, row)}:${addr(MONTH_COL + YEAR_MONTHS - 1, row)}`;
/** Months a lead takes to become a deal, rounded up: how far before a month its leads must arrive. */
const leadMonths = () => roundUp(fn('SUM', ref('leadLags')));
/** The position of the leads and of the deals in a compact stage list (blank stage rows skipped). */
const leadIndex = () => add(sub(fn('COUNT', ref('rates')), fn('COUNT', ref('leadRates'))), num(1));
const dealsIndex = () => add(fn('COUNT', ref('rates')), num(1));
/** The name of month `i` of the fiscal year (0 = the first; negative: last year). */
const fiscalMonth = (i: Expr | number, short = false) =>
  monthName(add(ref('fiscalStartMonth'), typeof i === 'number' ? num(i) : i), short);

const monthsBlock: ModelBlock = {
  id: 'months',
  layout: (l) => {
    const cap = l.capacity;
    const width = MONTH_COL + YEAR_MONTHS;
    l.section('Month by month', width);
    l.label(
      A,
      l.row++,
      "Each month's revenue target is the year's new revenue spread by the seasonality weights; below it, what must enter each stage in each month so the deals close on time (lags from the stage table).",
      STYLE.note,
    );
    const monthRow = l.row++;
    l.label(A, monthRow, 'Month', STYLE.header);
    l.label(B, monthRow, 'Before the year', STYLE.header);
    for (let i = 0; i < YEAR_MONTHS; i++)
      l.keys[`months.label.${i}`] = l.put(monthCol(i), monthRow, { expr: fiscalMonth(i, true), style: STYLE.header });
    l.bind('monthLabels', monthRange(monthRow));

    const weightRow = l.row++;
    l.label(A, weightRow, SEASONALITY.label);
    l.label(B, weightRow, '1 = an average month', STYLE.note);
    for (let i = 0; i < YEAR_MONTHS; i++) {
      const w = l.inputs.seasonality?.[i];
      l.keys[`input.seasonality.${i}`] = l.put(monthCol(i), weightRow, {
        value: typeof w === 'number' && Number.isFinite(w) ? w : null,
        numberFormat: SEASONALITY.format,
        style: STYLE.input,
      });
    }
    l.name(
      SEASONALITY.name,
      monthRange(weightRow),
      'One weight per month: its share of the sum is its share of the year.',
    );
    l.bind('seasonality', monthRange(weightRow), SEASONALITY.name);

    const targetRow = l.row++;
    l.label(A, targetRow, 'Revenue to close (from new customers)');
    for (let i = 0; i < YEAR_MONTHS; i++)
      l.keys[`months.target.${i}`] = l.put(monthCol(i), targetRow, {
        expr: div(mul(ref('newRevenue'), cell(addr(monthCol(i), weightRow))), fn('SUM', ref('seasonality'))),
        numberFormat: FORMATS.money,
        style: STYLE.output,
      });
    l.name('ROI_MonthTargets', monthRange(targetRow), 'The revenue to close in each month of the year.');
    l.bind('monthTargets', monthRange(targetRow), 'ROI_MonthTargets');

    l.label(
      A,
      l.row++,
      'Volume that must enter each stage, month by month (next year continues this one, grown at the growth target):',
      STYLE.note,
    );
    const top = l.row;
    const anchor = l.put(A, top, {
      expr: call(
        'FUNNELPLAN',
        ref('monthTargets'),
        ref('averageDealValue'),
        ref('rates'),
        ref('lags'),
        ref('growthRate'),
        ref('stageNames'),
      ),
    });
    l.keys.monthPlan = anchor;
    const right = MONTH_COL + YEAR_MONTHS - 1;
    for (let r = 0; r <= cap; r++) {
      l.occupy(addr(A, top + r));
      for (let c = B; c <= right; c++) l.format(c, top + r, FORMATS.count);
    }
    const bottom = top + cap;
    const zone = `${addr(A, top)}:${addr(right, bottom)}`;
    l.spills.monthPlan = `${addr(A, top)}:${addr(right, top + l.inputs.stages.length)}`;
    l.spillZones.push(zone);
    l.spillAnchors.set(anchor, zone);
    l.row = bottom + 2;

    // The chart's table: months (with "Before the year"), the leads and the deals needed.
    const chartHead = l.row++;
    l.label(A, chartHead, 'Needed by month', STYLE.header);
    l.put(B, chartHead, { expr: cell(addr(B, monthRow)), style: STYLE.header });
    for (let i = 0; i < YEAR_MONTHS; i++)
      l.put(monthCol(i), chartHead, { expr: cell(addr(monthCol(i), monthRow)), style: STYLE.header });
    const leadsRow = l.row++;
    const dealsRow = l.row++;
    l.label(A, leadsRow, 'Leads');
    l.label(A, dealsRow, 'Deals');
    for (let c = B; c <= right; c++) {
      const column = cell(`${addr(c, top)}:${addr(c, bottom)}`);
      const m = c - MONTH_COL;
      const at = (row: number, which: string, index: Expr) =>
        (l.keys[`months.${which}.${m < 0 ? 'before' : m}`] = l.put(c, row, {
          // +0: a blank (the plan's spill is an error) reads 0 in Excel, the engine and the preview alike.
          expr: add(fn('INDEX', column, index), num(0)),
          numberFormat: FORMATS.count,
          style: STYLE.output,
        }));
      at(leadsRow, 'leads', leadIndex());
      at(dealsRow, 'deals', dealsIndex());
    }
    const leadsRange = `${addr(B, leadsRow)}:${addr(right, leadsRow)}`;
    l.name('ROI_MonthLeads', leadsRange, 'Leads needed before the year, then in each month.');
    l.name('ROI_MonthDeals', `${addr(B, dealsRow)}:${addr(right, dealsRow)}`, 'Deals to close in each month.');
    l.bind('monthLeads', leadsRange, 'ROI_MonthLeads');
    l.bind('monthDeals', monthRange(dealsRow));
    l.bind('leadsBefore', addr(B, leadsRow));

    // "Before the year" in words, then the sentence the task pane shows.
    const n = leadMonths();
    const before = cell(addr(B, leadsRow));
    l.keys.beforeSentence = l.put(A, l.row++, {
      expr: iff(
        eq(before, num(0)),
        join('Every lead can arrive within the year: none is needed before ', fiscalMonth(0), '.'),
        join(
          'To close ',
          iff(
            le(n, num(1)),
            join(fiscalMonth(0), "'s deals"),
            iff(
              le(n, num(YEAR_MONTHS)),
              join('the deals of ', fiscalMonth(0), ' to ', fiscalMonth(sub(n, num(1)))),
              "the whole year's deals",
            ),
          ),
          ' you need ',
          wholeWords(before),
          ' leads before the year starts (a lead takes about ',
          wholeWords(fn('SUM', ref('leadLags'))),
          iff(eq(fn('SUM', ref('leadLags')), num(1)), ' month', ' months'),
          ' to become a deal).',
        ),
      ),
      style: STYLE.sentence,
    });
    l.keys.monthSentence = l.put(A, l.row++, {
      expr: join(
        'To close ',
        moneyWords(ref('newRevenue')),
        ' by ',
        fiscalMonth(YEAR_MONTHS - 1),
        ' you need leads from ',
        iff(
          eq(n, num(0)),
          fiscalMonth(0),
          join(
            fiscalMonth(sub(num(0), n)),
            iff(le(n, num(YEAR_MONTHS)), ' of last year', join(', ', wholeWords(n), ' months before the year starts')),
          ),
        ),
        '; ',
        wholeWords(fn('SUM', ref('monthLeads'))),
        ' leads in all, ',
        wholeWords(before),
        ' of them before ',
        fiscalMonth(0),
        '.',
      ),
      style: STYLE.sentence,
    });
    l.chartBelow('ROI_MonthChart', 'Leads and deals needed by month', `${addr(A, chartHead)}:${addr(right, dealsRow)}`);
  },
};

const paceBlock: ModelBlock = {
  id: 'pace',
  layout: (l) => {
    const cap = l.capacity;
    const right = MONTH_COL + YEAR_MONTHS - 1;
    const stageTop = Number(/\d+/.exec(l.keys.stageTop)![0]);
    const wonRow = stageTop + cap;
    l.section('Pace', right + 1);
    l.label(
      A,
      l.row++,
      'Type what actually entered each stage in the months that have passed, month by month from the first (blue cells: blank until you type, never overwritten). Months with actual leads count as passed.',
      STYLE.note,
    );
    const head = (row: number, first: string) => {
      l.label(A, row, first, STYLE.header);
      for (let i = 0; i < YEAR_MONTHS; i++)
        l.put(monthCol(i), row, { expr: cell(l.keys[`months.label.${i}`]), style: STYLE.header });
    };
    head(l.row++, 'Actual volume');
    const actualTop = l.row;
    for (let r = 0; r <= cap; r++) {
      const row = actualTop + r;
      const nameCell = cell(addr(A, r < cap ? stageTop + r : wonRow));
      l.put(A, row, { expr: iff(isEmpty(nameCell), '', nameCell) });
      for (let i = 0; i < YEAR_MONTHS; i++) l.userCell(monthCol(i), row, FORMATS.count);
    }
    const leadActual = actualTop + l.inputs.leadStage;
    const dealActual = actualTop + cap;
    l.name(
      'ROI_Actuals',
      `${addr(MONTH_COL, actualTop)}:${addr(right, dealActual)}`,
      'Actual volumes: one row per stage, won deals last.',
    );
    l.row = dealActual + 2;

    const passed = l.row++;
    l.label(A, passed, 'Months passed (with actual leads)');
    l.keys.monthsPassed = l.put(B, passed, {
      expr: fn('COUNT', cell(monthRange(leadActual))),
      numberFormat: FORMATS.whole,
      style: STYLE.output,
    });
    l.bind('monthsPassed', l.keys.monthsPassed, 'ROI_MonthsPassed');
    l.name('ROI_MonthsPassed', l.keys.monthsPassed, 'Months with actual leads typed.');
    const now = add(ref('monthsPassed'), num(1));

    const usedRow = l.row++;
    l.label(A, usedRow, 'Leads: actual, then the plan');
    for (let i = 0; i < YEAR_MONTHS; i++) {
      const actual = cell(addr(monthCol(i), leadActual));
      l.keys[`pace.leads.${i}`] = l.put(monthCol(i), usedRow, {
        expr: iff(isEmpty(actual), cell(l.keys[`months.leads.${i}`]), actual),
        numberFormat: FORMATS.count,
      });
    }
    const leadsUsed = monthRange(usedRow);
    const planLeads = `${l.keys['months.leads.0']}:${l.keys[`months.leads.${YEAR_MONTHS - 1}`]}`;
    l.row++;

    // Two forward runs: the actual-then-planned leads, and the plan's own leads. The plan's
    // deals include what leads from before the year bring; the difference between the two
    // runs is what the actual leads change.
    // They sit to the right of the actuals (columns Q-AD): working detail, so that the
    // summary, the sentence and the chart come right under what the user types.
    const FC = MONTH_COL + YEAR_MONTHS + 2;
    const fcAfter = FC + YEAR_MONTHS + 1;
    const forecast = (title: string, source: string, key: string, header: number) => {
      l.label(FC, header, title, STYLE.header);
      for (let i = 0; i < YEAR_MONTHS; i++)
        l.put(FC + 1 + i, header, { expr: cell(l.keys[`months.label.${i}`]), style: STYLE.header });
      l.label(fcAfter, header, 'After the year', STYLE.header);
      const top = header + 1;
      const anchor = l.put(FC, top, {
        expr: call('FUNNELFORECAST', cell(source), ref('leadRates'), ref('leadLags'), ref('leadStageNames')),
      });
      l.keys[key] = anchor;
      // Room for every stage from the lead stage down (at most all of them): the layout never depends on the inputs.
      const rows = cap + 1;
      for (let r = 0; r < rows; r++) {
        l.occupy(addr(FC, top + r));
        for (let c = FC + 1; c <= fcAfter; c++) l.format(c, top + r, '#,##0.0');
      }
      const zone = `${addr(FC, top)}:${addr(fcAfter, top + rows - 1)}`;
      l.spills[key] = `${addr(FC, top)}:${addr(fcAfter, top + l.inputs.stages.length - l.inputs.leadStage)}`;
      l.spillZones.push(zone);
      l.spillAnchors.set(anchor, zone);
      return { top, bottom: top + rows - 1, col: (i: number) => FC + 1 + i };
    };
    const run = forecast('Expected from these leads (actual, then plan)', leadsUsed, 'paceForecast', actualTop - 1);
    const base = forecast("Expected from the plan's leads", planLeads, 'planForecast', actualTop + cap + 2);

    // The chart's table: the deals the plan needs, those closed, those expected.
    const chartHead = l.row++;
    l.label(A, chartHead, 'Deals by month', STYLE.header);
    for (let i = 0; i < YEAR_MONTHS; i++)
      l.put(monthCol(i), chartHead, { expr: cell(l.keys[`months.label.${i}`]), style: STYLE.header });
    const planRow = l.row++;
    const actualRow = l.row++;
    const expectRow = l.row++;
    l.label(A, planRow, 'Deals in the plan');
    l.label(B, planRow, 'Plan');
    l.label(A, actualRow, 'Deals closed');
    l.label(B, actualRow, 'Actual');
    l.label(A, expectRow, 'Deals expected from the leads');
    l.label(B, expectRow, 'Forecast');
    for (let i = 0; i < YEAR_MONTHS; i++) {
      const c = monthCol(i);
      l.keys[`pace.plan.${i}`] = l.put(c, planRow, {
        expr: cell(l.keys[`months.deals.${i}`]),
        numberFormat: FORMATS.count,
      });
      const won = cell(addr(c, dealActual));
      l.keys[`pace.actual.${i}`] = l.put(c, actualRow, {
        expr: iff(isEmpty(won), '', won),
        numberFormat: FORMATS.count,
      });
      const dealsOf = (r: { top: number; bottom: number; col: (i: number) => number }) =>
        fn(
          'INDEX',
          cell(`${addr(r.col(i), r.top)}:${addr(r.col(i), r.bottom)}`),
          add(fn('COUNT', ref('leadRates')), num(1)),
        );
      l.keys[`pace.expected.${i}`] = l.put(c, expectRow, {
        expr: fn('MAX', num(0), add(cell(addr(c, planRow)), sub(dealsOf(run), dealsOf(base)))),
        numberFormat: '#,##0.0',
        style: STYLE.output,
      });
    }
    const shortRow = l.row++;
    l.label(A, shortRow, 'Behind the plan, deals so far (closed where typed, else expected)');
    for (let i = 0; i < YEAR_MONTHS; i++) {
      const c = monthCol(i);
      const outcome = iff(isEmpty(cell(addr(c, actualRow))), cell(addr(c, expectRow)), cell(addr(c, actualRow)));
      const gap = sub(cell(addr(c, planRow)), outcome);
      l.keys[`pace.shortfall.${i}`] = l.put(c, shortRow, {
        expr: i === 0 ? gap : add(cell(addr(c - 1, shortRow)), gap),
        numberFormat: '#,##0.0',
        style: STYLE.output,
      });
    }
    l.alert(monthRange(shortRow), 'positive');
    const reachRow = l.row++;
    l.label(A, reachRow, 'Can leads added now still close here?');
    for (let i = 0; i < YEAR_MONTHS; i++)
      l.keys[`pace.reachable.${i}`] = l.put(monthCol(i), reachRow, {
        expr: iff(ge(num(i + 1), add(now, leadMonths())), 'yes', 'no'),
      });
    l.row++;

    const shortfall = cell(addr(right, shortRow));
    const scalar = (key: string, label: string, expr: Expr, format: string, note: string) => {
      const r = l.row++;
      l.label(A, r, label);
      l.keys[key] = l.put(B, r, { expr, numberFormat: format, style: STYLE.output });
      l.label(C, r, note, STYLE.note);
      l.bind(key, l.keys[key]);
      return l.keys[key];
    };
    scalar(
      'pace.yearShortfall',
      'Behind the plan by year end (deals)',
      shortfall,
      '#,##0.0',
      'Above 0: the year ends short of the plan at this pace.',
    );
    scalar(
      'pace.extraLeads',
      'Extra leads needed now',
      iff(gt(shortfall, num(0)), roundUp(div(shortfall, fn('PRODUCT', ref('leadRates')))), num(0)),
      FORMATS.count,
      'Leads on top of the plan that would close the year-end gap, at your rates.',
    );
    const firstReach = add(now, leadMonths());
    scalar(
      'pace.firstReachable',
      'Leads added now close from',
      iff(gt(firstReach, num(YEAR_MONTHS)), 'after the year ends', fiscalMonth(sub(firstReach, num(1)))),
      FORMATS.general,
      'Earlier months are out of reach for new leads: their deals come from leads already in.',
    );
    l.keys.paceSentence = l.put(A, l.row++, {
      expr: iff(
        gt(shortfall, num(0)),
        join(
          'At this pace the year ends ',
          text(shortfall, '0.0'),
          ' deals short: about ',
          wholeWords(cell(l.keys['pace.extraLeads'])),
          ' more leads now would close the gap',
          iff(
            gt(firstReach, num(YEAR_MONTHS)),
            ', but leads added now close only after the year ends.',
            join(', closing from ', fiscalMonth(sub(firstReach, num(1))), ' on.'),
          ),
        ),
        'On pace: the deals closed and expected reach the plan by year end.',
      ),
      style: STYLE.sentence,
    });
    l.row++;

    // The open pipeline: what is open at each stage now, and the chance it brings the deals still needed.
    const pipeHead = l.row++;
    l.label(A, pipeHead, 'Open pipeline now', STYLE.header);
    l.label(B, pipeHead, 'Open (type)', STYLE.header);
    l.label(C, pipeHead, 'Counted', STYLE.header);
    const pipeTop = l.row;
    for (let r = 0; r < cap; r++) {
      const row = pipeTop + r;
      const nameCell = cell(addr(A, stageTop + r));
      l.put(A, row, { expr: iff(isEmpty(nameCell), '', nameCell) });
      const typed = l.userCell(B, row, FORMATS.count);
      const rate = cell(addr(B, stageTop + r));
      l.put(C, row, { expr: iff(isEmpty(rate), '', add(cell(typed), num(0))), numberFormat: FORMATS.count });
    }
    const counted = `${addr(C, pipeTop)}:${addr(C, pipeTop + cap - 1)}`;
    l.name('ROI_OpenPipeline', counted, 'Open items at each stage (blank typed as 0), aligned with ROI_Rates.');
    l.bind('openCounts', counted, 'ROI_OpenPipeline');
    l.row = pipeTop + cap + 1;
    const closed = fn('SUM', cell(monthRange(actualRow)));
    // The plan's deals up to each month, for "still needed" by the quarter's and the year's end.
    const cumRow = l.row++;
    l.label(A, cumRow, 'Deals in the plan so far (running total)');
    for (let i = 0; i < YEAR_MONTHS; i++) {
      const c = monthCol(i);
      l.put(c, cumRow, {
        expr: i === 0 ? cell(addr(c, planRow)) : add(cell(addr(c - 1, cumRow)), cell(addr(c, planRow))),
        numberFormat: FORMATS.count,
      });
    }
    const quarterEnd = fn('MIN', num(YEAR_MONTHS), add(mul(num(3), fn('INT', div(sub(now, num(1)), num(3)))), num(3)));
    const stillNeeded = (upTo: Expr) =>
      roundUp(fn('MAX', num(0), sub(fn('INDEX', cell(monthRange(cumRow)), num(1), upTo), closed)));
    const q = scalar(
      'pace.quarterNeeded',
      'Deals still needed this quarter',
      stillNeeded(quarterEnd),
      FORMATS.count,
      "The plan's deals to the end of this quarter, less the deals closed.",
    );
    scalar(
      'pace.quarterChance',
      'Chance the open pipeline brings them',
      call('PIPELINEHIT', cell(q), ref('openCounts'), ref('rates')),
      FORMATS.percent,
      'Each open item converts independently at the rates from its stage on (timing not counted).',
    );
    const y = scalar(
      'pace.yearNeeded',
      'Deals still needed this year',
      stillNeeded(num(YEAR_MONTHS)),
      FORMATS.count,
      "The plan's deals for the year, less the deals closed.",
    );
    scalar(
      'pace.yearChance',
      'Chance the open pipeline brings them',
      call('PIPELINEHIT', cell(y), ref('openCounts'), ref('rates')),
      FORMATS.percent,
      'The rest must come from new leads.',
    );

    l.chartBelow(
      'ROI_PaceChart',
      'Deals by month: plan, actual and forecast',
      `${addr(B, chartHead)}:${addr(right, expectRow)}`,
    );
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
  monthsBlock,
  paceBlock,
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
      { sheet, column: 'E', width: 11 },
      { sheet, column: 'F', width: 16 },
      // The month columns of "Month by month" and "Pace" ($250,000 a month fits), then "After the year".
      ...['G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O'].map((column) => ({ sheet, column, width: 12 })),
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
    userCells: l.userCells,
  };
}

/** The cells of an A1 range ("A1:B3" -> A1, B1, A2, ...). */
export function cellsOf(range: string): string[] {
  const b = parseCellRange(range);
  const out: string[] = [];
  if (b) for (let r = b.top; r <= b.bottom; r++) for (let c = b.left; c <= b.right; c++) out.push(cellA1(r, c));
  return out;
}

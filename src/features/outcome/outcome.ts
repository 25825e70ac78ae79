/**
 * The outcome check: does a dashboard measure outcomes, or only outputs? The user selects
 * a row or column of metric names (a dashboard's headers); each gets its METRICKIND label
 * (the core's classifyMetric, the same vocabulary as =ROI.METRICKIND), the pane shows the
 * mix of outputs, results and outcomes, and names the outcome metrics the dashboard lacks.
 *
 * Decision: the labels are always shown in the pane; "Write labels" also writes them
 * beside the names (the next column, or the row below a row) as ONE live spilling formula,
 * =IF(A2:A9="","",ROI.METRICKIND(A2:A9)), when those cells are empty. Live, so renaming a
 * metric relabels it; never over anything.
 */
import { classifyMetric, metricKey, type MetricKind } from '../../core';
import type { CellWrite, WorkbookPort, WriteBatch } from '../../workbook/port';
import { absBoxA1, boxA1, boxCols, boxRows, cellA1, MAX_SHEET_COLS, MAX_SHEET_ROWS, type Box } from '../../base/a1';
import { InputProblem, currentRegion, isBlankCell, readBox, readSelection } from '../reading/selection';

export interface KeyOutcome {
  id: 'customers' | 'profitableRevenue' | 'cac' | 'ltv' | 'churn';
  label: string;
  /**
   * What to add, read after "label: ": what it measures and the ROI function that computes
   * it, in lower case and never repeating the label.
   */
  suggestion: string;
  /** Metric names that measure it (all of them outcomes for METRICKIND). */
  names: string[];
}

/** The outcomes every marketing dashboard should show (the spec's list). */
export const KEY_OUTCOMES: readonly KeyOutcome[] = [
  {
    id: 'customers',
    label: 'Customers won',
    suggestion: 'new customers signed (won deals), per period',
    names: [
      'customers won',
      'new customers',
      'customers',
      'customer acquisition',
      'deals won',
      'closed won deals',
      'wins',
    ],
  },
  {
    id: 'profitableRevenue',
    label: 'Profitable revenue',
    suggestion: 'revenue left after the cost to serve and to acquire the customers (ROI.CUSTOMERPROFIT)',
    names: [
      'profitable revenue',
      'profit',
      'gross profit',
      'contribution margin',
      'ebitda',
      'ebitda margin',
      'gross margin',
    ],
  },
  {
    id: 'cac',
    label: 'CAC',
    suggestion: 'what winning one new customer costs (ROI.CAC)',
    names: [
      'cac',
      'customer acquisition cost',
      'cost per customer',
      'cac payback',
      'payback period',
      'ltv to cac',
      'ltv cac ratio',
    ],
  },
  {
    id: 'ltv',
    label: 'Lifetime value',
    suggestion: 'the margin one customer brings over their life with you (ROI.LTV)',
    names: ['ltv', 'clv', 'cltv', 'lifetime value', 'customer lifetime value', 'ltv to cac', 'ltv cac ratio'],
  },
  {
    id: 'churn',
    label: 'Churn',
    suggestion: 'the share of customers who leave each period, or its mirror, retention',
    names: [
      'churn',
      'churn rate',
      'customer churn',
      'revenue churn',
      'retention',
      'retention rate',
      'customer retention',
      'net revenue retention',
      'nrr',
      'net dollar retention',
    ],
  },
];

const KEY_INDEX = new Map<string, Set<KeyOutcome['id']>>();
for (const k of KEY_OUTCOMES) {
  for (const n of k.names) {
    const key = metricKey(n);
    KEY_INDEX.set(key, new Set([...(KEY_INDEX.get(key) ?? []), k.id]));
  }
}

/** Headers of a list of metrics ("Metric", "KPI"): not metrics themselves. */
const HEADER_WORDS = new Set([
  'metric',
  'metrics',
  'kpi',
  'kpis',
  'measure',
  'measures',
  'name',
  'metric name',
  'indicator',
  'indicators',
]);

export interface MetricLabel {
  /** The cell of the name. */
  address: string;
  name: string;
  /** undefined: METRICKIND does not know the name (the formula shows #N/A). */
  kind: MetricKind | undefined;
}

export interface OutcomeReport {
  sheet: string;
  /** The names' cells (the header cell, if any, left out). */
  box: Box;
  orientation: 'row' | 'column';
  /** A header cell before the names ("Metric"), when the selection starts with one. */
  header?: string;
  labels: MetricLabel[];
  mix: Record<MetricKind | 'unknown', number>;
  present: KeyOutcome[];
  missing: KeyOutcome[];
}

/** Labels, mix and missing outcomes for a list of names (blank cells skipped). */
export function analyseMetrics(
  names: ReadonlyArray<{ address: string; name: string }>,
): Pick<OutcomeReport, 'labels' | 'mix' | 'present' | 'missing'> {
  const labels = names.map((n) => ({ ...n, kind: classifyMetric(n.name) }));
  const mix: OutcomeReport['mix'] = { output: 0, result: 0, outcome: 0, unknown: 0 };
  for (const l of labels) mix[l.kind ?? 'unknown']++;
  const found = new Set<KeyOutcome['id']>();
  for (const l of labels) for (const id of KEY_INDEX.get(metricKey(l.name)) ?? []) found.add(id);
  return {
    labels,
    mix,
    present: KEY_OUTCOMES.filter((k) => found.has(k.id)),
    missing: KEY_OUTCOMES.filter((k) => !found.has(k.id)),
  };
}

/** Reads the selected row or column of names. */
export async function readMetricNames(port: WorkbookPort): Promise<OutcomeReport> {
  let sel = await readSelection(port, "a row or column of metric names (your dashboard's headers)");
  if (boxRows(sel.box) === 1 && boxCols(sel.box) === 1) {
    // One cell stands for its table's header row, or its first column (or the list it is in).
    const cell = sel.box;
    const region = await currentRegion(port, sel.sheet, cell.top, cell.left);
    const pick: Box | undefined =
      boxRows(region) === 1 || boxCols(region) === 1
        ? region
        : cell.top === region.top
          ? { ...region, bottom: region.top }
          : cell.left === region.left
            ? { ...region, right: region.left }
            : undefined;
    if (pick && (pick.bottom > pick.top || pick.right > pick.left))
      sel = { sheet: sel.sheet, box: pick, address: boxA1(pick), ...(await readBox(port, sel.sheet, pick)) };
  }
  const rows = boxRows(sel.box);
  const cols = boxCols(sel.box);
  if (rows > 1 && cols > 1)
    throw new InputProblem(
      `The selection is ${rows} rows by ${cols} columns: select one row or one column of metric names (a dashboard's headers).`,
    );
  const orientation: OutcomeReport['orientation'] = cols > 1 ? 'row' : 'column';
  const cells = orientation === 'row' ? sel.values[0] : sel.values.map((r) => r[0]);
  const at = (i: number) =>
    orientation === 'row' ? cellA1(sel.box.top, sel.box.left + i) : cellA1(sel.box.top + i, sel.box.left);
  const texts = cells.map((v) => (typeof v === 'string' ? v.trim() : ''));
  if (!texts.some(Boolean)) {
    throw new InputProblem(
      cells.some((v) => typeof v === 'number')
        ? "The selection holds numbers, not metric names: select the row or column of names (your dashboard's headers)."
        : "The selection has no metric names: select the row or column of names (your dashboard's headers).",
    );
  }
  let start = 0;
  let header: string | undefined;
  if (texts.length > 1 && HEADER_WORDS.has(texts[0].toLowerCase()) && !classifyMetric(texts[0])) {
    header = texts[0];
    start = 1;
  }
  const names: Array<{ address: string; name: string }> = [];
  for (let i = start; i < texts.length; i++) if (texts[i]) names.push({ address: at(i), name: texts[i] });
  const box: Box =
    orientation === 'row' ? { ...sel.box, left: sel.box.left + start } : { ...sel.box, top: sel.box.top + start };
  if (!names.length) throw new InputProblem('The selection has only a header: select the metric names too.');
  return { sheet: sel.sheet, box, orientation, header, ...analyseMetrics(names) };
}

/** Where the labels go: the column right of a column, the row below a row. */
export function labelArea(report: Pick<OutcomeReport, 'box' | 'orientation'>): Box | undefined {
  const b = report.box;
  if (report.orientation === 'column')
    return b.right + 1 < MAX_SHEET_COLS
      ? { top: b.top, left: b.right + 1, bottom: b.bottom, right: b.right + 1 }
      : undefined;
  return b.bottom + 1 < MAX_SHEET_ROWS
    ? { top: b.bottom + 1, left: b.left, bottom: b.bottom + 1, right: b.right }
    : undefined;
}

/** One spilling formula for every name, and a "Kind" header beside the names' header when there is one. */
export function planLabels(report: OutcomeReport): { batch: WriteBatch; area: Box } {
  const area = labelArea(report);
  if (!area)
    throw new InputProblem(
      'There is no room beside the names for labels (the sheet ends there); the labels are shown here only.',
    );
  const names = absBoxA1(report.box);
  const cells: CellWrite[] = [
    {
      sheet: report.sheet,
      address: cellA1(area.top, area.left),
      formula: `=IF(${names}="","",ROI.METRICKIND(${names}))`,
    },
  ];
  if (report.header) {
    const h = report.orientation === 'column' ? cellA1(area.top - 1, area.left) : cellA1(area.top, area.left - 1);
    cells.push({ sheet: report.sheet, address: h, value: 'Kind', style: { bold: true } });
  }
  cells.push({ sheet: report.sheet, address: boxA1(area), style: { italic: true, fontColor: '#404040' } });
  return { batch: { cells }, area };
}

/** Writes the labels as a live formula when the cells beside the names are empty. */
export async function writeLabels(port: WorkbookPort, report: OutcomeReport): Promise<{ address: string }> {
  const { batch, area } = planLabels(report);
  const check: Box = report.header
    ? report.orientation === 'column'
      ? { ...area, top: area.top - 1 }
      : { ...area, left: area.left - 1 }
    : area;
  const read = await readBox(port, report.sheet, check);
  const busy = read.values
    .flatMap((row, i) =>
      row.map((v, j) => (!isBlankCell(v) || read.formulas[i][j] !== '' ? cellA1(check.top + i, check.left + j) : '')),
    )
    .filter(Boolean);
  if (busy.length)
    throw new InputProblem(
      `The cells beside the names are not empty (${busy.slice(0, 3).join(', ')}${busy.length > 3 ? ', ...' : ''}), so nothing was written: the labels are shown here only.`,
    );
  await port.applyBatch(batch);
  return { address: boxA1(area) };
}

/**
 * A plain sentence about the mix. It judges the balance of activity and outcomes only when
 * at least 80% of the names are recognised; otherwise it says how many it could not place
 * and how to make them recognisable (rename, or add the kind in brackets).
 */
export function mixSentence(report: Pick<OutcomeReport, 'mix' | 'labels'>): string {
  const { output, result, outcome, unknown } = report.mix;
  const known = output + result + outcome;
  const n = report.labels.length;
  const plural = (k: number, w: string) => `${k} ${w}${k === 1 ? '' : 's'}`;
  const parts = `${plural(output, 'output')}, ${plural(result, 'result')}, ${plural(outcome, 'outcome')}${unknown ? ` and ${unknown} not recognised` : ''}`;
  const advice = `rename ${unknown === 1 ? 'it' : 'them'} to say what is counted (for example "Website visits" or "Closed-won revenue"), or add the kind in brackets, as in "Partner score (result)".`;
  if (!known) return `None of the ${plural(n, 'name')} is a metric Outcome ROI knows: ${advice}`;
  if (5 * known < 4 * n)
    return `${plural(n, 'metric')}: ${parts}. ${unknown} of the ${n} could not be placed, too many to judge the balance: ${advice}`;
  const share = outcome / known;
  const verdict =
    outcome === 0
      ? 'This dashboard measures activity, not outcomes: nothing on it shows whether marketing moves the business.'
      : share < 1 / 3
        ? 'Most of it measures activity; outcomes are the minority.'
        : share < 2 / 3
          ? 'It balances activity and outcomes.'
          : 'It is led by outcomes.';
  return `${plural(n, 'metric')}: ${parts}. ${verdict}`;
}

/**
 * What one user action writes into a workbook, as data: sheets to add, cells (values,
 * formulas, number formats, styles, notes), defined names, charts, conditional formats,
 * column widths, sheets to hide or delete. The WorkbookPort's adapters apply a WriteBatch
 * to a live workbook (src/workbook), the views' logic plans one (src/features), and the
 * .xlsx writer builds a new file from one (src/xlsx/new-file.ts). Types, and the one rule
 * both adapters apply to a setting written with a batch (settingValue).
 */

/** A1 address without a sheet, e.g. "B7" or "B7:D12". */
export type A1 = string;

export interface CellStyle {
  bold?: boolean;
  italic?: boolean;
  /** "#RRGGBB"; null: no fill (a fill the cell has is cleared). */
  fill?: string | null;
  fontColor?: string;
  horizontalAlignment?: 'Left' | 'Center' | 'Right';
}

/**
 * One cell to write. At most one of value / formula (formula starts with "="); with
 * neither, only the number format and style are set (e.g. on the cells a spill fills).
 * `value: null` clears the cell's contents. Text is written as text ("2024", "=x" stay
 * text), except an error code ("#N/A", "#NUM!"), which is written as that error value,
 * as Excel makes it (a frozen formula that showed an error keeps showing it).
 */
export interface CellWrite {
  sheet: string;
  /**
   * One cell. A write that sets only numberFormat and/or style (no value, formula or
   * note) may name a range ("B3:B9000"), so a spill's cells are formatted in one write.
   */
  address: A1;
  value?: number | string | boolean | null;
  formula?: string;
  numberFormat?: string;
  style?: CellStyle;
  /** A note for the reader (Excel: a cell note/comment where supported). */
  note?: string;
}

export interface NameDef {
  /** Defined name, e.g. ROI_CurrentRevenue. */
  name: string;
  /**
   * 'workbook' (the default): visible from every sheet. 'sheet': scoped to `sheet`, so
   * that two model sheets can each carry their own ROI_CurrentRevenue.
   */
  scope?: 'workbook' | 'sheet';
  sheet: string;
  address: A1;
  /**
   * A name for a formula rather than a range ("=INDEX(ROI_Rates,COUNT(ROI_Rates))");
   * `address` is then only where the value sits today (for records and fallbacks).
   */
  formula?: string;
  comment?: string;
}

export interface ChartSpec {
  sheet: string;
  /** Stable name, so "Update model" can find and replace its own chart. */
  name: string;
  /** Preferred type; the Excel adapter falls back to 'barClustered' where the host lacks it. */
  type: 'funnel' | 'barClustered' | 'columnClustered' | 'xyScatter';
  /** Source data on the same sheet (categories in the first column/row). */
  source: A1;
  /**
   * xyScatter only: the X values (one column on the same sheet) when they are not beside
   * the Y values; `source` then holds only the Y values (one series).
   */
  xValues?: A1;
  seriesBy?: 'columns' | 'rows';
  title: string;
  /** Where it sits: top-left and bottom-right cells. */
  from: A1;
  to: A1;
}

export interface ConditionalFormat {
  sheet: string;
  address: A1;
  /** A colour scale from low to high, or a rule highlighting cells matching a formula. */
  kind: 'colorScale' | 'formula';
  formula?: string;
  fill?: string;
  fontColor?: string;
}

/**
 * A document setting written with the batch, in its write's round trip (Excel: the
 * workbook's settings, ExcelApi 1.4), so an action that records what it wrote needs no
 * round trip of its own. Either a whole value, or one record about a sheet in a list of
 * such records kept under the key (the model builder's registry): the record whose
 * `sheet` is the record's sheet (after uniqueSheetNames renaming) is replaced, or the
 * record is appended; an absent or unreadable setting starts as `empty`.
 */
export type SettingWrite =
  | { key: string; /** undefined removes the setting */ value: unknown }
  | {
      key: string;
      sheetRecord: {
        list: string;
        record: { sheet: string } & Record<string, unknown>;
        empty: Record<string, unknown>;
      };
    };

/** The setting's new value for a SettingWrite, given its present value. Pure: the adapters share it. */
export function settingValue(write: SettingWrite, present: unknown): unknown {
  if ('value' in write) return write.value;
  const { list, record, empty } = write.sheetRecord;
  const base =
    present &&
    typeof present === 'object' &&
    !Array.isArray(present) &&
    Array.isArray((present as Record<string, unknown>)[list])
      ? (present as Record<string, unknown>)
      : empty;
  const items = ((base[list] as Array<{ sheet?: unknown }>) ?? []).filter((x) => !x || x.sheet !== record.sheet);
  return { ...base, [list]: [...items, record] };
}

/** What a cell must hold when the batch is applied: a constant (numbers compare as numbers), or any formula. */
export type ExpectedContent = { value: number | string | boolean | null } | { formula: true };

/** Everything one user action writes, applied as one batch. */
export interface WriteBatch {
  /** Sheets to create first (must not exist yet). */
  addSheets?: string[];
  cells: CellWrite[];
  names?: NameDef[];
  charts?: ChartSpec[];
  conditionalFormats?: ConditionalFormat[];
  /** Widths in characters of the default font (Excel's column width unit). */
  columnWidths?: Array<{ sheet: string; column: string; width: number }>;
  /** Sheets to hide (e.g. a ledger), after writing. */
  hideSheets?: string[];
  /** Sheets to make very hidden (Excel: unhidden only by code, like roi freeze's ledger), after writing. */
  veryHideSheets?: string[];
  /** Sheets to delete, last (e.g. the ledger once its formulas are restored). Put back if the batch fails. */
  deleteSheets?: string[];
  /**
   * When a sheet of addSheets exists already, add "<name> (2)", "<name> (3)", ... instead
   * (the first free name, compared case-insensitively as Excel does) and write everything
   * aimed at <name> there; applyBatch resolves to the names used. The batch's formulas
   * must then not name the sheet. Without it, an existing sheet fails the batch.
   */
  uniqueSheetNames?: boolean;
  /**
   * Ranges on existing sheets that must hold nothing (no value, no formula) when the batch
   * is applied, checked in the round trip that reads what the batch overwrites. If one
   * does not, nothing is written and applyBatch throws a RangeNotEmptyError.
   */
  requireEmpty?: Array<{ sheet: string; address: A1 }>;
  /** A range to select (its sheet activated) once everything is written, in the write's own round trip. */
  select?: { sheet: string; address: A1 };
  /** Document settings written with the batch, after everything else, in the write's round trip. */
  settings?: SettingWrite[];
  /**
   * Cells on existing sheets that must hold what the caller last saw (or any of several
   * contents, e.g. what was there and what the batch writes), checked in the round
   * trip that reads what the batch overwrites. If one does not (the user typed over it
   * since), nothing is written and applyBatch throws a CellsChangedError naming each such
   * cell and what it holds now.
   */
  expectCells?: Array<{ sheet: string; address: A1; holds: ExpectedContent | readonly ExpectedContent[] }>;
}

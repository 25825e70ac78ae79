/**
 * Every limit the tools put on what they read and compute, in one table: the `roi` verbs,
 * `roi eval`, the engine, the workbench's Open and the task pane's light reader of another
 * version all take their numbers from here, and docs/workbook-files.md lists them from
 * this table (`npm run gen` writes the list; test/xlsx/limits.test.ts keeps the two in step).
 *
 * Why limits at all: a workbook is a zip of XML, and both can be made to cost far more to
 * read than they weigh on disk (a 1 MB zip that inflates to 1 GB, one cell at the far corner
 * of the grid, an array formula over a whole sheet). Each limit is set well above what a
 * real workbook reaches and well below what would exhaust memory or time, and each is
 * checked before the work it bounds, so a file over a limit costs next to nothing and gives
 * one line: "too large: ...", exit status 2 in the command line.
 *
 * In src/base so that every layer may read it, the add-in's task pane included: pure
 * constants and their wording, nothing else (the error the file tools throw is
 * src/xlsx/limits.ts's tooLarge). Since the table ships in the task pane, its texts say
 * "the engine" and never name the engine's library: test/build/build.test.ts finds engine
 * code in the pane's bundles by such names.
 */
const MiB = 1024 * 1024;

export interface Limit {
  value: number;
  /** How the value reads in messages and docs ("256 MB", "32,767 characters"). */
  unit: 'bytes' | 'count' | 'characters' | 'ratio' | 'levels' | 'megabytes' | 'seconds';
  /** What is limited, as a noun phrase. */
  what: string;
  /** Why this number. */
  why: string;
}

export const LIMITS = {
  fileBytes: {
    value: 256 * MiB,
    unit: 'bytes',
    what: 'the size of an input file',
    why: 'the file is read into memory whole; the largest real workbooks are tens of MB',
  },
  zipEntries: {
    value: 10_000,
    unit: 'count',
    what: 'entries in the zip',
    why: 'a workbook has a few parts per sheet, chart and picture; a zip with more is not a workbook anyone saved',
  },
  partBytes: {
    value: 256 * MiB,
    unit: 'bytes',
    what: 'one part, inflated',
    why: 'a part is decoded into one string (V8 strings stop at 512 MB); Excel itself writes far smaller sheets',
  },
  totalBytes: {
    value: 1024 * MiB,
    unit: 'bytes',
    what: 'all parts together, inflated (as the zip declares them, checked before any is inflated)',
    why: 'a zip bomb declares its sizes; no part is inflated past what it declares',
  },
  compressionRatio: {
    value: 200,
    unit: 'ratio',
    what: 'how many times a part over 1 MB may inflate',
    why: "spreadsheet XML deflates 5 to 30 times; deflate's own maximum is about 1,032",
  },
  xmlDepth: {
    value: 256,
    unit: 'levels',
    what: 'nesting of XML elements in a part',
    why: 'SpreadsheetML goes about 8 deep and DrawingML about 20',
  },
  cellsPerSheet: {
    value: 4_000_000,
    unit: 'count',
    what: 'cells (`<c>` elements) in one worksheet',
    why: 'each cell read costs memory; 4 million cells stay within about 2 GB',
  },
  cellsPerWorkbook: {
    value: 6_000_000,
    unit: 'count',
    what: 'cells in all worksheets together',
    why: 'the same memory bound for the whole workbook',
  },
  textChars: {
    value: 32_767,
    unit: 'characters',
    what: "text in one cell (a value, an inline or shared string, a formula's cached text)",
    why: "Excel's own limit: a cell holds at most 32,767 characters",
  },
  formulaChars: {
    value: 8_192,
    unit: 'characters',
    what: 'one formula',
    why: "Excel's own limit on a formula's length",
  },
  engineCells: {
    value: 1_000_000,
    unit: 'count',
    what: 'cells one formula reads through ranges, or fills with its result, when the engine calculates it',
    why: 'the engine holds every cell of a range it is given, empty or not, about 600 bytes each (SUM(A1:A1000000) takes 3 s and 600 MB; SUM(A1:XFD1048576) exhausts any memory): such a formula keeps its cached value, with the reason',
  },
  engineCellsTotal: {
    value: 2_000_000,
    unit: 'count',
    what: "cells of ranges and array results the engine holds for one workbook's formulas together (a range counted once; a range one row longer than one held, as that row)",
    why: 'the same memory, for many formulas each under the one-formula limit (six SUMs over 400,000 rows each took 1.5 GB): about 1.4 GB at most; the formulas past it keep their cached values, with the reason',
  },
  evalLineChars: {
    value: 8_192,
    unit: 'characters',
    what: 'one formula given to `roi eval`',
    why: "Excel's formula limit; a longer line is answered with an error and skipped without being read whole",
  },
  evalResultCells: {
    value: 1_000_000,
    unit: 'count',
    what: 'cells in one `roi eval` result',
    why: "about Excel's one column of 1,048,576 rows; a larger result is an error object, not gigabytes of JSON",
  },
  evalResultBytes: {
    value: 16 * MiB,
    unit: 'bytes',
    what: 'one `roi eval` output line',
    why: 'the cell cap in bytes: 1,000,000 cells of text at 32,767 characters would still be 32 GB',
  },
  evalMemoryMb: {
    value: 256,
    unit: 'megabytes',
    what: 'the heap of the worker that evaluates `roi eval` lines',
    why: 'a formula such as =SEQUENCE(10000,10000) needs gigabytes; the worker stops, the line gets an error, and the next lines are answered',
  },
  evalSeconds: {
    value: 30,
    unit: 'seconds',
    what: 'the time one `roi eval` line may take',
    why: 'no single formula of a real model takes a second; the worker is stopped and the next lines are answered',
  },
  workbenchRows: {
    value: 40_000,
    unit: 'count',
    what: "rows of a sheet the workbench opens (its engine's sheet size)",
    why: "the workbench grid runs the engine with the engine's default sheet size; `roi recalc` reads the whole grid",
  },
  workbenchCells: {
    value: 4_000_000,
    unit: 'count',
    what: "the area (rows × columns up to a sheet's last cell) of a sheet the workbench opens",
    why: 'the grid reads a sheet as rows of that width; a cell in column XFD would make every row 16,384 wide',
  },
  paneFileBytes: {
    value: 50 * MiB,
    unit: 'bytes',
    what: "another version's file, as the task pane's Compare reads it",
    why: 'the pane reads the whole file in a Web Worker inside Excel, sharing its memory (Excel on the web runs in a browser tab); a larger plan is compared with `roi diff`',
  },
  panePartBytes: {
    value: 64 * MiB,
    unit: 'bytes',
    what: "one part of another version's file, inflated, in the task pane",
    why: 'the same memory as paneFileBytes; only the parts the comparison needs are inflated',
  },
  paneTotalBytes: {
    value: 128 * MiB,
    unit: 'bytes',
    what: "all the parts the task pane inflates of another version's file",
    why: 'the same memory as paneFileBytes, counted while inflating whatever the zip headers say',
  },
  paneCells: {
    value: 1_000_000,
    unit: 'count',
    what: "cells with something in them, in all sheets of another version's file, in the task pane",
    why: "each cell read becomes an object in the pane's worker; the file tools' own limit (cellsPerWorkbook) is six times this",
  },
} as const satisfies Record<string, Limit>;

export type LimitName = keyof typeof LIMITS;

/** A limit's value as a person reads it: "256 MB", "32,767 characters", "200 times". */
export function showLimit(name: LimitName): string {
  const l: Limit = LIMITS[name];
  return showAmount(l.value, l.unit);
}

/** An amount in a limit's unit: 3221225472 bytes -> "3.0 GB". */
export function showAmount(value: number, unit: Limit['unit']): string {
  const n = (x: number) => x.toLocaleString('en-US');
  switch (unit) {
    case 'bytes':
      return value >= 1024 * MiB
        ? `${(value / 1024 / MiB).toFixed(1)} GB`
        : value >= MiB
          ? `${Math.round(value / MiB)} MB`
          : `${n(value)} bytes`;
    case 'characters':
      return `${n(value)} characters`;
    case 'ratio':
      return `${n(value)} times`;
    case 'levels':
      return `${n(value)} levels`;
    case 'megabytes':
      return `${n(value)} MB`;
    case 'seconds':
      return `${n(value)} s`;
    default:
      return n(value);
  }
}

/** The limits as docs/workbook-files.md lists them: one Markdown table row per limit. */
export function limitsMarkdown(): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const rows = (Object.keys(LIMITS) as LimitName[]).map((name) => {
    const l: Limit = LIMITS[name];
    return `| \`${name}\` | ${showLimit(name)} | ${cell(l.what)} | ${cell(l.why)} |`;
  });
  return ['| Limit | Value | What | Why |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

/**
 * `roi diff OLD.xlsx NEW.xlsx [--json] [--all]`
 *
 * What changed between two versions of a plan, as a finance reviewer asks it: the inputs
 * whose values changed, the ROI formulas added, removed or changed, the outputs that moved
 * (with the inputs behind each), and a count of the other cells edited per sheet (listed
 * with --all). Both files are recalculated first, so a stale cached value is never
 * compared. Reads both files, writes nothing.
 *
 * Exit codes: 0 nothing changed, 1 something changed, 2 a bad file or a usage error.
 */
import { diffBooks, hasChanges, type Book } from '../formula/diff';
import { MODEL_DIFF, SENTENCE_LEAD } from '../features/review/compare';
import { bookOfPackage, diffJson, formatDiffReport, terminalSafe } from '../files/diff';
import { isXlsxError } from '../xlsx/errors';
import { readWorkbookFile } from './io';
import { UsageError, verb } from './verb';

export const USAGE = `Usage: roi diff OLD.xlsx NEW.xlsx [--json] [--all]
  What changed between two versions of a workbook: inputs (constants the ROI formulas
  read) old -> new, ROI formulas added, removed or changed, outputs (ROI results and the
  model's named outputs) that moved, with the change in percent and the inputs behind
  each, and other cells changed, counted per sheet. Rows moved on a model sheet are
  matched; formatting is not a change. Both files are recalculated first.
  --json          print the report as JSON
  --all           list the other changed cells too
Exit status: 0 nothing changed, 1 something changed, 2 bad input.
`;

function oneLine(s: string): string {
  return s.split('\n')[0].slice(0, 500);
}

export const run = verb({
  name: 'diff',
  usage: USAGE,
  options: { json: { type: 'boolean' }, all: { type: 'boolean' } },
  positionals: 2,
  async run({ values, positionals }, io) {
    const [oldFile, newFile] = positionals;
    if (oldFile === undefined || newFile === undefined)
      throw new UsageError('give the two workbooks to compare (OLD.xlsx NEW.xlsx)');
    // Read and recalculate each file; any failure names its file (one line, exit 2).
    const read = (file: string): Book | undefined => {
      try {
        return bookOfPackage(readWorkbookFile(file));
      } catch (e) {
        const msg = isXlsxError(e) ? e.message : `internal error: ${e instanceof Error ? e.message : String(e)}`;
        io.stderr.write(`roi diff: ${file}: ${oneLine(msg)}\n`);
        return undefined;
      }
    };
    const oldBook = read(oldFile);
    const newBook = oldBook && read(newFile);
    if (!oldBook || !newBook) return 2;
    const d = diffBooks(oldBook, newBook, MODEL_DIFF);
    const all = values.all === true;
    if (values.json === true) io.stdout.write(`${terminalSafe(JSON.stringify(diffJson(d, all), null, 2))}\n`);
    else io.stdout.write(`${terminalSafe(formatDiffReport(oldFile, newFile, d, all, SENTENCE_LEAD))}\n`);
    return hasChanges(d) ? 1 : 0;
  },
});

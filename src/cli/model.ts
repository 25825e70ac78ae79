/**
 * `roi model --out model.xlsx [--inputs inputs.json] [--sheet NAME] [--force]`
 *
 * Writes the ROI model, the same plan the task pane's "Build model" writes, into a new
 * .xlsx file: ROI calls in the resolved `_xldudf_ROI_` spelling as dynamic-array
 * formulas, with cached values computed by the headless engine, so the file opens with
 * numbers even where the add-in is not installed. Defined names, formats, the "What moves
 * the number" and Scenarios blocks and the charts come with it.
 *
 * --inputs takes a JSON object with any of the model's inputs (the rest are the defaults),
 * e.g. {"currentRevenue": 10000000, "growthRate": 0.2, "stages": [{"name": "Leads", "rate": 0.5}, ...]}.
 * Bad inputs are reported with the core's messages and nothing is written.
 *
 * Exit codes: 0 written, 1 inputs invalid or the file could not be written, 2 usage.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { errorText } from '../base/error-text';
import { MODEL_FIELDS } from '../features/model/fields';
import { writeFileAtomic, type CliIo } from './io';
import { UsageError, verb } from './verb';

/** The --inputs fields, one line each, from the field table (key, kind, default, label). */
const FIELD_LINES = MODEL_FIELDS.filter((f) => !f.key.includes('.')).map(
  (f) => `  ${f.key.padEnd(28)} ${f.kind.padEnd(8)} ${String(f.default).padStart(9)}  ${f.label}`,
);

export const MODEL_USAGE = [
  'Usage: npm run --silent roi -- model --out model.xlsx [--inputs inputs.json] [--sheet NAME] [--force]',
  '',
  'Writes the Outcome ROI model into a new .xlsx file: an Inputs block with named cells,',
  'every output as a live ROI.* formula (stored as Excel stores them, with cached values',
  'from the headless engine), the funnel, "What moves the number", the scenarios and charts.',
  '',
  '  --out FILE      the .xlsx file to write (required; an existing file needs --force)',
  '  --inputs FILE   a JSON object of model inputs; fields not given take the defaults',
  '                  (the fields are listed below; stages, scenarios: see docs/model.md)',
  '  --sheet NAME    the sheet name (default "ROI Model")',
  '  --force         replace FILE if it exists',
  '  --json          print a JSON summary instead of the sentence',
  '',
  'Example:',
  '  npm run --silent roi -- model --out model.xlsx',
  '  echo \'{"averageDealValue": 75000}\' > in.json && npm run --silent roi -- model --out m.xlsx --inputs in.json',
  '',
  'Input fields (key, kind, default, label; percentages as fractions: 0.2 is 20%):',
  ...FIELD_LINES,
  `  ${'stages'.padEnd(28)} list     [{"name": "Leads", "rate": 0.5}, ...] top first`,
  `  ${'wonStageName'.padEnd(28)} text     the funnel's last row ("Won deals")`,
  `  ${'leadStage'.padEnd(28)} index    which stage counts as leads (0 = the top)`,
  `  ${'scenarios'.padEnd(28)} object   {"mode": "share", "share": 0.1} or "manual" with "rates" and "dealValue"`,
  '',
].join('\n');

export const run = verb({
  name: 'model',
  usage: MODEL_USAGE,
  options: {
    out: { type: 'string', short: 'o' },
    inputs: { type: 'string' },
    sheet: { type: 'string', default: 'ROI Model' },
    force: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  run: ({ values }, io) =>
    writeModel(
      {
        out: values.out as string | undefined,
        inputs: values.inputs as string | undefined,
        sheet: values.sheet as string,
        force: values.force === true,
        json: values.json === true,
      },
      io,
    ),
});

async function writeModel(
  parsed: { out?: string; inputs?: string; sheet: string; force: boolean; json: boolean },
  io: CliIo,
): Promise<number> {
  if (!parsed.out) throw new UsageError('--out FILE is required.');
  if (!/\.xlsx$/i.test(parsed.out)) throw new UsageError(`--out must name an .xlsx file, not "${parsed.out}".`);
  if (!parsed.sheet.trim() || /[\\/?*[\]:]/.test(parsed.sheet) || parsed.sheet.length > 31)
    throw new UsageError(`"${parsed.sheet}" cannot be a sheet name (at most 31 characters, none of \\ / ? * [ ] :).`);
  const { mergeInputs, inputProblems, problemText, planModel, previewModel, newModelId } =
    await import('../features/model');

  let given: unknown = {};
  if (parsed.inputs) {
    let text: string;
    try {
      text = await fs.readFile(parsed.inputs, 'utf8');
    } catch (e) {
      io.stderr.write(
        `roi model: cannot read ${parsed.inputs}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`,
      );
      return 1;
    }
    try {
      given = JSON.parse(text);
    } catch (e) {
      io.stderr.write(`roi model: ${parsed.inputs} is not JSON: ${(e as Error).message}\n`);
      return 1;
    }
  }
  const merged = mergeInputs(given);
  if (typeof merged === 'string') {
    io.stderr.write(`roi model: ${parsed.inputs}: ${merged}\n`);
    return 1;
  }
  const problems = inputProblems(merged);
  if (Object.keys(problems).length) {
    io.stderr.write(`roi model: the inputs need attention; nothing was written.\n`);
    for (const [field, p] of Object.entries(problems))
      io.stderr.write(
        `  ${field}: ${p.message}${p.verdict.kind === 'own' ? '' : ` (${problemText(field, p, merged)})`}\n`,
      );
    return 1;
  }

  const out = path.resolve(parsed.out!);
  if (!parsed.force) {
    const exists = await fs.stat(out).then(
      () => true,
      () => false,
    );
    if (exists) {
      io.stderr.write(`roi model: ${parsed.out} exists; pass --force to replace it.\n`);
      return 1;
    }
  }

  const { writeBatchToXlsx } = await import('../workbook/xlsx-file');
  const plan = planModel(merged, parsed.sheet, { id: newModelId() });
  const { bytes } = await writeBatchToXlsx(plan.batch);
  try {
    writeFileAtomic(out, bytes);
  } catch (e) {
    io.stderr.write(`roi model: ${errorText(e)}\n`);
    return 1;
  }

  const p = previewModel(merged);
  if (parsed.json) {
    const num = (v: unknown) => (typeof v === 'number' ? v : { error: (v as { code?: string }).code });
    io.stdout.write(
      `${JSON.stringify({
        file: parsed.out,
        sheet: parsed.sheet,
        sentence: typeof p.sentence === 'string' ? p.sentence : null,
        sensitivity: typeof p.sensitivitySentence === 'string' ? p.sensitivitySentence : null,
        revenueGap: num(p.revenueGap),
        newRevenue: num(p.newRevenue),
        deals: num(p.deals),
        leads: num(p.leads),
        leadsAtConfidence: num(p.leadsAtConfidence),
        hitProbability: num(p.hitProbability),
      })}\n`,
    );
  } else {
    io.stdout.write(`Wrote ${parsed.out} (sheet "${parsed.sheet}").\n`);
    if (typeof p.sentence === 'string') io.stdout.write(`${p.sentence}\n`);
    if (typeof p.sensitivitySentence === 'string') io.stdout.write(`${p.sensitivitySentence}\n`);
  }
  return 0;
}

/**
 * The function reference, rendered from the core's metadata table: docs/functions.md
 * (committed, checked by a test to be current) and help.html (the helpUrl target,
 * shipped with the add-in).
 */
import { FUNCTIONS, type ExampleSpec, type FunctionSpec, type ParamKind, type ParamMode } from '../core';

export function formatExpected(r: ExampleSpec['result']): string {
  if (Array.isArray(r))
    return `{${r.map((row) => row.map((c) => (typeof c === 'string' ? `"${c}"` : String(c))).join(', ')).join('; ')}}`;
  return typeof r === 'string' && !r.startsWith('#') ? `"${r}"` : String(r);
}

function signature(spec: FunctionSpec): string {
  const ps = spec.params.map((p) =>
    p.optional ? `[${p.name}${p.defaultValue !== undefined ? `=${p.defaultValue}` : ''}]` : p.name,
  );
  return `${spec.name}(${ps.join(', ')})`;
}

const KIND_TEXT: Record<ParamKind, string> = {
  money: 'money, >= 0',
  count: 'count, >= 0',
  duration: 'periods, >= 0',
  rate: 'rate in [0, 1]',
  growth: 'number >= -1',
  confidence: 'probability in (0, 1)',
  step: 'rate in (0, 1]',
  periods: 'whole number >= 1',
  signedUnit: 'number in [-1, 1]',
  date: 'date (a serial number, >= 0)',
  rateList: 'list of rates',
  lagList: 'list of lags in periods, each in [0, 1000]',
  countList: 'list of whole counts >= 0',
  periodList: 'money per period, >= 0 (blanks are 0)',
  textList: 'list of text',
  dateGrid: 'dates, one column per stage',
  text: 'text',
};

function kindText(p: FunctionSpec['params'][number]): string {
  return p.kind === 'periodList' && p.of === 'count' ? 'count per period, >= 0 (blanks are 0)' : KIND_TEXT[p.kind];
}

const MODE_TEXT: Record<ParamMode, string> = {
  elementwise: 'elementwise',
  list: 'list',
  single: 'single value',
  table: 'table (one row per record)',
};

export function referenceMarkdown(): string {
  const out: string[] = [];
  out.push('# ROI.* function reference');
  out.push('');
  out.push(
    '<!-- Generated from src/core/functions.ts by `npm run gen`; do not edit by hand. A test checks that it is current and runs every example. -->',
  );
  out.push('');
  out.push(
    'Conventions for every function: rates are fractions (25% or 0.25; a rate above 1 is `#NUM!`, never rescaled); text, TRUE/FALSE or a missing required argument is `#VALUE!` naming the argument; an Excel error in an argument comes back unchanged (the first in argument order); blank optional arguments take their defaults; blank cells in lists are skipped, and an empty text "" counts as blank. *Elementwise* arguments may be ranges of one shape (single values broadcast) and the result spills in that shape, each cell with its own error if any. Needed counts are whole and rounded up once from the deal count with `ceilWhole(x) = ceil(x - 1e-9*max(1,|x|))` (tolerance capped at half a unit, so an exact whole number is never rounded down); ratios, money and probabilities are not rounded. No function returns NaN or Infinity: a result too large to represent is `#NUM!`.',
  );
  out.push('');
  for (const cat of [...new Set(FUNCTIONS.map((f) => f.category))]) {
    out.push(`## ${cat}`);
    out.push('');
    for (const spec of FUNCTIONS.filter((f) => f.category === cat)) {
      out.push(`### ${spec.name}`);
      out.push('');
      out.push(`\`${signature(spec)}\``);
      out.push('');
      out.push(spec.description);
      out.push('');
      out.push(`Formula: \`${spec.formula}\`${spec.spills ? ' (spills)' : ''}`);
      out.push('');
      out.push('| argument | kind | how ranges are read | meaning |');
      out.push('| --- | --- | --- | --- |');
      for (const p of spec.params) {
        out.push(
          `| ${p.name}${p.optional ? ' (optional)' : ''} | ${kindText(p)} | ${MODE_TEXT[p.mode]} | ${p.description} |`,
        );
      }
      out.push('');
      out.push('Errors:');
      out.push('');
      for (const e of spec.errors) out.push(`- \`${e.code}\`: ${e.when}`);
      if (spec.notes.length) {
        out.push('');
        out.push('Decisions:');
        out.push('');
        for (const n of spec.notes) out.push(`- ${n}`);
      }
      out.push('');
      out.push('Examples:');
      out.push('');
      out.push('| formula | result | |');
      out.push('| --- | --- | --- |');
      for (const ex of spec.examples)
        out.push(`| \`${ex.formula}\` | \`${formatExpected(ex.result)}\` | ${ex.note ?? ''} |`);
      out.push('');
    }
  }
  return out.join('\n');
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function referenceHtml(): string {
  const body = FUNCTIONS.map((spec) => {
    const params = spec.params
      .map((p) => `<li><code>${esc(p.name)}</code>${p.optional ? ' (optional)' : ''}: ${esc(p.description)}</li>`)
      .join('');
    const examples = spec.examples
      .map(
        (e) =>
          `<li><code>${esc(e.formula)}</code> &rarr; <code>${esc(formatExpected(e.result))}</code>${e.note ? ` (${esc(e.note)})` : ''}</li>`,
      )
      .join('');
    const errors = spec.errors.map((e) => `<li><code>${esc(e.code)}</code>: ${esc(e.when)}</li>`).join('');
    return `<section id="${spec.id.toLowerCase()}"><h2>${esc(spec.name)}</h2><p><code>${esc(signature(spec))}</code></p><p>${esc(spec.description)}</p><p>Formula: <code>${esc(spec.formula)}</code></p><h3>Arguments</h3><ul>${params}</ul><h3>Errors</h3><ul>${errors}</ul><h3>Examples</h3><ul>${examples}</ul></section>`;
  }).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Outcome ROI functions</title><meta name="viewport" content="width=device-width, initial-scale=1"><style>body{font-family:Segoe UI,system-ui,sans-serif;max-width:860px;margin:2rem auto;padding:0 1rem;line-height:1.45;color:#242424}code{background:#f3f3f3;padding:1px 4px;border-radius:3px}section{border-top:1px solid #ddd;padding-top:.5rem}</style></head><body><h1>Outcome ROI: ROI.* functions</h1>\n${body}\n</body></html>\n`;
}

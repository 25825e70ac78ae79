/**
 * The one writer of new files (src/xlsx/new-file.ts) on its own, with values given by the
 * test instead of the engine: dynamic arrays through the same metadata code recalc uses,
 * cached values, defined names, a chart's drawing in schema order beside a note's legacy
 * drawing, and the same bytes for the same batch.
 */
import { strFromU8, unzipSync } from 'fflate';
import type { WriteBatch } from '../../src/base/batch';
import type { CellValue } from '../../src/core';
import { RoiError } from '../../src/core';
import { writeNewWorkbook, type NewFileValues } from '../../src/xlsx/new-file';
import { XlsxPackage } from '../../src/xlsx/package';
import { findDynamicArrayCm } from '../../src/xlsx/parts';
import { cachedValue } from '../../src/xlsx/sheet';
import { cellAt, loadWorkbook } from '../../src/xlsx/workbook';
import { SaxesParser } from 'saxes';

const BATCH: WriteBatch = {
  addSheets: ['Plan'],
  cells: [
    { sheet: 'Plan', address: 'A1', value: 'Stage', note: 'Where the funnel starts.' },
    { sheet: 'Plan', address: 'B1', value: 3000000, numberFormat: '$#,##0' },
    { sheet: 'Plan', address: 'B2', formula: '=ROI.FUNNEL(B1,50000,{0.5,0.4,0.25})', numberFormat: '#,##0' },
    { sheet: 'Plan', address: 'C2', formula: '=B1*2' },
    { sheet: 'Plan', address: 'C3', formula: '=ROI.CAC(1,0)' },
  ],
  names: [{ name: 'ROI_Target', scope: 'sheet', sheet: 'Plan', address: 'B1', comment: 'The "target"' }],
  charts: [{ sheet: 'Plan', name: 'F', type: 'barClustered', source: 'A2:B5', title: 'Funnel', from: 'E1', to: 'K12' }],
};

const VALUES: Record<string, CellValue> = {
  B1: 3000000,
  B2: 1200,
  B3: 600,
  B4: 240,
  B5: 60,
  C2: 6000000,
  C3: new RoiError('#DIV/0!', 'new_customers is 0.'),
};
const values: NewFileValues = {
  value: (_sheet, a) => VALUES[a] ?? null,
  spills: () => [{ anchor: 'B2', range: 'B2:B7' }],
};

describe('writeNewWorkbook', () => {
  let parts: Record<string, string>;
  let bytes: Uint8Array;
  beforeAll(async () => {
    bytes = (await writeNewWorkbook(BATCH, values)).bytes;
    parts = Object.fromEntries(Object.entries(unzipSync(bytes)).map(([k, v]) => [k, strFromU8(v)]));
  });

  test('ROI calls as resolved dynamic arrays, the spill trimmed to its values; plain formulas plain', () => {
    const sheet = parts['xl/worksheets/sheet1.xml'];
    const cm = findDynamicArrayCm(parts['xl/metadata.xml']);
    expect(cm).toBe('1');
    expect(sheet).toMatch(
      /<c r="B2" s="\d+" cm="1"><f t="array" ref="B2:B5">_xldudf_ROI_FUNNEL\(B1,50000,\{0.5,0.4,0.25\}\)<\/f><v>1200<\/v><\/c>/,
    );
    expect(sheet).toMatch(
      /<c r="C3" t="e" cm="1"><f t="array" ref="C3">_xldudf_ROI_CAC\(1,0\)<\/f><v>#DIV\/0!<\/v><\/c>/,
    );
    expect(sheet).toMatch(/<c r="C2"><f>B1\*2<\/f><v>6000000<\/v><\/c>/);
    expect(sheet).toMatch(/<c r="B5"[^>]*><v>60<\/v><\/c>/);
  });

  test('sheet-scoped names, escaped; the drawing before the legacy drawing of the note', () => {
    expect(parts['xl/workbook.xml']).toContain(
      '<definedName name="ROI_Target" localSheetId="0" comment="The &quot;target&quot;">\'Plan\'!$B$1</definedName>',
    );
    const sheet = parts['xl/worksheets/sheet1.xml'];
    expect(sheet.indexOf('<drawing r:id=')).toBeGreaterThan(0);
    expect(sheet.indexOf('<drawing r:id=')).toBeLessThan(sheet.indexOf('<legacyDrawing'));
    expect(parts['xl/charts/chart1.xml']).toContain('<c:pt idx="0"><c:v>1200</c:v></c:pt>');
    expect(parts['[Content_Types].xml']).toContain('/xl/charts/chart1.xml');
  });

  test('a valid package, and the same bytes for the same batch', async () => {
    expect(() => XlsxPackage.open(bytes).sheets()).not.toThrow();
    expect((await writeNewWorkbook(BATCH, values)).bytes).toEqual(bytes);
  });
});

test('text XML 1.0 cannot carry (U+FFFF, controls) and literal _xHHHH_ are escaped in every part, and read back as written', async () => {
  const odd = 'Stage \uFFFF\u0001\u001B[2J _x0041_ \uFFFE end';
  const batch: WriteBatch = {
    addSheets: ['Plan'],
    cells: [
      { sheet: 'Plan', address: 'A1', value: odd, note: `Note ${odd}` },
      { sheet: 'Plan', address: 'B1', value: 5 },
      { sheet: 'Plan', address: 'C1', formula: `=B1&"${odd}"` },
    ],
    names: [{ name: 'ROI_Odd', scope: 'workbook', sheet: 'Plan', address: 'B1', comment: odd }],
    charts: [{ sheet: 'Plan', name: 'F', type: 'barClustered', source: 'A1:B1', title: odd, from: 'E1', to: 'K12' }],
  };
  const vals: NewFileValues = {
    value: (_sheet, a) => (a === 'A1' ? odd : a === 'B1' ? 5 : a === 'C1' ? `5${odd}` : null),
    spills: () => [],
  };
  const { bytes } = await writeNewWorkbook(batch, vals);
  for (const [name, data] of Object.entries(unzipSync(bytes))) {
    if (!/\.(xml|rels|vml)$/.test(name)) continue;
    const parser = new SaxesParser();
    let error: Error | undefined;
    parser.on('error', (e) => (error ??= e));
    parser.write(strFromU8(data)).close();
    expect(`${name}: ${error?.message ?? 'ok'}`).toBe(`${name}: ok`);
  }
  const wb = loadWorkbook(XlsxPackage.open(bytes));
  const sheet = wb.sheets.find((s) => s.info.name === 'Plan')!;
  expect(cachedValue(cellAt(sheet, 1, 1)!, wb.shared)).toBe(odd);
  const c1 = wb.formulas.find((f) => f.sheet === sheet && f.row === 1 && f.col === 3)!;
  expect(c1.formula).toBe(`B1&"${odd}"`);
  expect(c1.cached).toBe(`5${odd}`);
});

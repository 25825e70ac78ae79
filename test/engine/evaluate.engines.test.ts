/**
 * How many engines a workbook's evaluation builds (src/engine/evaluate.ts): with defined
 * names, the probe that checked the names and sizes is the engine the cells are given
 * (createEngine would build the same: the names over empty sheets, then the cells in one
 * batch), so one engine, not two; without names, the probe is thrown away and the engine
 * built with its cells. Either way the values are the ones createEngine gives for the cells.
 */
import { HyperFormula } from 'hyperformula';
import { evaluateWorkbook, fileEngineConfig } from '../../src/engine/evaluate';
import { createEngine } from '../../src/engine/hf';
import { XlsxPackage } from '../../src/xlsx/package';
import { loadWorkbook } from '../../src/xlsx/workbook';
import { buildWorkbook } from '../helpers/xlsx-fixtures';

const INPUTS =
  '<row r="1"><c r="A1"><v>3000000</v></c><c r="B1"><v>50000</v></c><c r="C1"><v>0.5</v></c><c r="D1"><v>0.4</v></c><c r="E1"><v>0.25</v></c></row>' +
  '<row r="2"><c r="A2"><v>2</v></c></row>';
// A spill sized by a name, a name defined after the name that uses it, a sheet-scoped name, a
// reference to a sheet the workbook does not have, and a spill with no room.
const CALC =
  '<row r="1"><c r="A1" cm="1"><f t="array" ref="A1:A3">_xldudf_ROI_FUNNEL(In!A1,In!B1,Rates)</f><v>0</v></c><c r="B1"><f>SUM(Rates)*Later</f><v>0</v></c>' +
  '<c r="C1"><f>Missing!A1+1</f><v>0</v></c><c r="D1"><f>_xlfn.SEQUENCE(3)</f><v>0</v></c><c r="E1"><f>Here*2</f><v>0</v></c></row>' +
  '<row r="2"><c r="D2"><v>5</v></c></row>';
const NAMES =
  '<definedName name="Rates">In!$C$1:$E$1</definedName><definedName name="Later">Base+1</definedName>' +
  '<definedName name="Base">In!$A$2*10</definedName><definedName name="Here" localSheetId="1">Calc!$B$1</definedName>';

function workbook(definedNames?: string) {
  const bytes = buildWorkbook({
    sheets: [
      { name: 'In', sheetData: INPUTS },
      { name: 'Calc', sheetData: CALC },
    ],
    definedNames,
  });
  return loadWorkbook(XlsxPackage.open(bytes, 'names.xlsx'), {});
}

/** What evaluateWorkbook gives, and how many engines it built. */
function evaluateCounting(definedNames?: string) {
  const wb = workbook(definedNames);
  const build = jest.spyOn(HyperFormula, 'buildFromSheets');
  try {
    const ev = evaluateWorkbook(wb);
    return {
      builds: build.mock.calls.length,
      values: Object.fromEntries(
        [...ev.results.values()].map((e) => [`${e.formula.sheet.info.name}!${e.formula.ref}`, e.grid]),
      ),
    };
  } finally {
    build.mockRestore();
  }
}

test('with names: one engine, the probe given the cells, with the values of an engine built for them', () => {
  const { builds, values } = evaluateCounting(NAMES);
  expect(builds).toBe(1);
  const hf = createEngine(
    {
      In: [[3000000, 50000, 0.5, 0.4, 0.25], [2]],
      Calc: [
        ['=ROI.FUNNEL(In!A1,In!B1,Rates)', '=SUM(Rates)*Later', '=Missing!A1+1', '=SEQUENCE(3)', '=Here*2'],
        [null, null, null, 5],
      ],
    },
    {
      config: fileEngineConfig(),
      namedExpressions: [
        { name: 'Rates', expression: '=In!$C$1:$E$1' },
        { name: 'Later', expression: '=Base+1' },
        { name: 'Base', expression: '=In!$A$2*10' },
        { name: 'Here', expression: '=Calc!$B$1', scope: 1 },
      ],
    },
  );
  const at = (col: number, rows = 1) =>
    hf
      .getRangeValues({ start: { sheet: 1, row: 0, col }, end: { sheet: 1, row: rows - 1, col } })
      .map((r) => r.map((v) => (v !== null && typeof v === 'object' ? { error: v.value, message: v.message } : v)));
  expect(values).toEqual({
    'Calc!A1': at(0, 4),
    'Calc!B1': at(1),
    'Calc!C1': at(2),
    'Calc!D1': at(3),
    'Calc!E1': at(4),
  });
  expect(values['Calc!A1']).toEqual([[1200], [600], [240], [60]]);
  expect(values['Calc!D1']).toEqual([[{ error: '#SPILL!', message: 'No space for array result.' }]]);
  hf.destroy();
});

test('without names: the probe is not given the cells (an engine is built with them)', () => {
  const { builds, values } = evaluateCounting();
  expect(builds).toBe(2);
  expect(values['Calc!C1']).toEqual([[{ error: '#REF!', message: 'Sheet does not exist.' }]]);
});

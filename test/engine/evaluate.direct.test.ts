/**
 * The direct way (src/engine/evaluate.ts) gives what HyperFormula gives: the same workbook
 * evaluated both ways, every formula's verdict and value compared. The formulas cover what
 * the direct way reads (references, ranges, other sheets, defined names of both scopes,
 * numbers, percents, signs, text, array constants, skipped arguments, empty, text, boolean
 * and error cells) and what it must leave to the engine (spills, formulas as arguments,
 * wrong argument counts, unknown names, cells of a spill).
 */
import { evaluateWorkbook } from '../../src/engine/evaluate';
import { XlsxPackage } from '../../src/xlsx/package';
import { loadWorkbook } from '../../src/xlsx/workbook';
import { buildWorkbook } from '../helpers/xlsx-fixtures';

jest.setTimeout(60000);

const INPUTS =
  '<row r="1"><c r="A1"><v>3000000</v></c><c r="B1"><v>50000</v></c><c r="C1"><v>0.5</v></c><c r="D1"><v>0.4</v></c><c r="E1"><v>0.25</v></c></row>' +
  '<row r="2"><c r="A2" t="inlineStr"><is><t>25%</t></is></c><c r="B2" t="b"><v>1</v></c><c r="C2" t="e"><v>#DIV/0!</v></c><c r="D2"><v>25</v></c><c r="E2" t="inlineStr"><is><t>NPS</t></is></c></row>' +
  '<row r="3"><c r="A3"><f>A1*2</f><v>6000000</v></c></row>' +
  // an array formula spilling over B5:B6 (cached values there are the spill's, not constants)
  '<row r="5"><c r="A5"><v>1</v></c><c r="B5" cm="1"><f t="array" ref="B5:B6">_xlfn.SEQUENCE(2)</f><v>1</v></c></row><row r="6"><c r="B6"><v>2</v></c></row>';

const FORMULAS = [
  'ROI.REQUIREDLEADS(A1,B1,C1:E1)',
  '_xldudf_ROI_REQUIREDLEADS($A$1,$B$1,$C$1:$E$1)',
  '[1]!_xldudf_ROI_REQUIREDLEADS(A1,B1,C1:E1)',
  'ROI.REQUIREDLEADS(A1,B1,{0.5,0.4,0.25})',
  'ROI.REQUIREDLEADS(A1,B1,{0.5;0.4;0.25})',
  'ROI.REQUIREDLEADS( A1 , B1 , C1:E1 , 90% )',
  'ROI.REQUIREDLEADS(3e6,5E4,C1:E1)',
  'ROI.REQUIREDLEADS(Target,Deal,Rates)',
  'ROI.REQUIREDLEADS(Target,Deal,LocalRates)',
  'ROI.REQUIREDLEADS(Other!A1,B1,C1:E1)',
  "ROI.REQUIREDLEADS('Other'!A1,B1,Other!C1:E1)",
  'ROI.REQUIREDLEADS(A1,B1,D2)',
  'ROI.REQUIREDLEADS(A1,B1,A2)',
  'ROI.REQUIREDLEADS(A1,B1,C2)',
  'ROI.REQUIREDLEADS(A1,B1,B2)',
  'ROI.REQUIREDLEADS(A1,B1,Z99)',
  'ROI.REQUIREDLEADS(A1,B1,C1:E2)',
  'ROI.REQUIREDLEADS(A1,B1,C1:E1,)',
  'ROI.REQUIREDLEADS(A1,,C1:E1)',
  'ROI.REQUIREDLEADS(A1,B1)',
  'ROI.REQUIREDLEADS(A1,B1,C1:E1,0.9,1)',
  'ROI.REQUIREDLEADS(A3,B1,C1:E1)',
  'ROI.REQUIREDLEADS(A1*1,B1,C1:E1)',
  'ROI.REQUIREDLEADS(-A1,B1,C1:E1)',
  'ROI.REQUIREDLEADS(-5,B1,C1:E1)',
  'ROI.REQUIREDLEADS(+3000000,B1,C1:E1)',
  'ROI.REQUIREDLEADS(Nope,B1,C1:E1)',
  'ROI.REQUIREDLEADS(TRUE,B1,C1:E1)',
  'ROI.REQUIREDLEADS(A1,B1,"25%")',
  'ROI.REQUIREDLEADS(A1,B1,{"a",0.5})',
  'ROI.LEADQUALITY(1000,250)',
  'ROI.LEADQUALITY(1000,250,"95%")',
  'ROI.CAC(600000,0)',
  'ROI.CAC(C2,1)',
  'ROI.METRICKIND(E2)',
  'ROI.METRICKIND("vibes")',
  'ROI.METRICKIND("say ""hi""")',
  'ROI.FUNNEL(A1,B1,C1:E1)',
  'ROI.SENSITIVITY(A1,B1,C1:E1)',
  'ROI.LTV(1000,80%,2%)',
  'ROI.LTV(1000,0.8,-2%)',
  'ROI.CAC(1e400,2)',
  'ROI.CAC(600000,30)*2',
  'ROI.CAC(ROI.CAC(60,2),3)',
  'ROI.NOPE(1)',
  'ROI.REQUIREDLEADS(a1,b1,c1:e1)',
  'ROI.REQUIREDLEADS($A1,B$1,$C1:E$1)',
  'ROI.REQUIREDLEADS(A1,B1,C1:C1)',
  'ROI.CAC(1.,.5)',
  'ROI.CAC( ,2)',
  "ROI.REQUIREDLEADS('Q1 plan'!A1,B1,C1:E1)",
  'ROI.CAC(B5,1)',
  'ROI.CAC(B6,1)',
  'ROI.REQUIREDLEADS(A1,B1,OtherRates)',
];

function book(): Uint8Array {
  const cells = FORMULAS.map(
    (f, i) =>
      `<row r="${10 + i}"><c r="A${10 + i}" cm="1"><f t="array" ref="A${10 + i}">${f.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</f><v>0</v></c></row>`,
  ).join('');
  return buildWorkbook({
    sheets: [
      { name: 'Model', sheetData: INPUTS + cells },
      {
        name: 'Other',
        sheetData:
          '<row r="1"><c r="A1"><v>1000000</v></c><c r="C1"><v>0.5</v></c><c r="D1"><v>0.5</v></c><c r="E1"><v>0.5</v></c></row>',
      },
      { name: 'Q1 plan', sheetData: '<row r="1"><c r="A1"><v>2000000</v></c></row>' },
    ],
    definedNames:
      '<definedName name="Target">Model!$A$1</definedName><definedName name="Deal">Model!$B$1</definedName><definedName name="Rates">Model!$C$1:$E$1</definedName><definedName name="LocalRates" localSheetId="0">Model!$C$1:$E$1</definedName><definedName name="OtherRates" localSheetId="1">Other!$C$1:$E$1</definedName>',
  });
}

test('every formula: the same verdict and value computed directly or by the engine', () => {
  const wb = loadWorkbook(XlsxPackage.open(book()));
  const direct = evaluateWorkbook(wb);
  const engine = evaluateWorkbook(wb, { engineOnly: true });
  let directCount = 0;
  for (const f of wb.formulas) {
    const a = direct.results.get(f)!;
    const b = engine.results.get(f)!;
    if (a.direct) directCount++;
    const label = `${f.ref} =${f.formula}`;
    expect({ label, evaluated: a.evaluated, value: a.value, grid: a.grid, range: a.range }).toEqual({
      label,
      evaluated: b.evaluated,
      value: b.value,
      grid: b.grid,
      range: b.range,
    });
  }
  // Most of them need no engine at all.
  expect(directCount).toBeGreaterThan(25);
  const spill = wb.formulas.find((f) => f.formula.startsWith('ROI.FUNNEL'))!;
  expect(direct.results.get(spill)!.direct).toBeUndefined();
});

test('a workbook of ROI calls over values never loads HyperFormula', () => {
  const wb = loadWorkbook(
    XlsxPackage.open(
      buildWorkbook({
        sheets: [
          {
            name: 'S',
            sheetData:
              '<row r="1"><c r="A1"><v>600</v></c><c r="B1" cm="1"><f t="array" ref="B1">_xldudf_ROI_CAC(A1,2)</f><v>1</v></c></row>',
          },
        ],
      }),
    ),
  );
  const ev = evaluateWorkbook(wb);
  expect([...ev.results.values()].map((r) => [r.direct, r.value])).toEqual([[true, 300]]);
});

/**
 * A 10,000-row workbook in the workbench: it opens, only a screenful of rows is in the
 * page, Ctrl+End reaches the last row, scrolling and an edit at the bottom (which changes
 * a total at the top) stay quick.
 */
import ExcelJS from 'exceljs';
import { callFunction } from '../../src/core';
import { generalNumber } from '../../src/base/format';
import {
  cell,
  expectCell,
  goTo,
  openWorkbench,
  resultPath,
  screenshot,
  typeInto,
  expectValue,
  type Session,
} from './helpers';

const ROWS = 10_000;
let s: Session;
let file: string;

beforeAll(async () => {
  // Written by ExcelJS the way a user's own file might be: values, plain formulas with
  // cached results, ROI calls in the spelling users type, and a total.
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Leads by source');
  for (let r = 1; r <= ROWS; r++) {
    ws.getCell(`A${r}`).value = `Source ${r}`;
    ws.getCell(`B${r}`).value = r;
    ws.getCell(`C${r}`).value = { formula: `B${r}*2`, result: r * 2 } as ExcelJS.CellFormulaValue;
    ws.getCell(`D${r}`).value = {
      formula: `ROI.REQUIREDDEALS(B${r}*1000,50000)`,
      result: 0,
    } as ExcelJS.CellFormulaValue;
  }
  ws.getCell('E1').value = { formula: `SUM(C1:C${ROWS})`, result: ROWS * (ROWS + 1) } as ExcelJS.CellFormulaValue;
  ws.getColumn('A').width = 18;
  ws.getColumn('E').width = 14;
  file = resultPath('workbench-10k-rows.xlsx');
  await wb.xlsx.writeFile(file);
  s = await openWorkbench();
}, 120_000);

afterAll(async () => {
  await s?.browser.close();
});

const renderedRows = () => s.page.locator('[data-testid=grid-body] [role=row]').count();

test('a 10,000-row sheet opens, renders a screenful, and stays responsive', async () => {
  const t0 = Date.now();
  await s.page.getByTestId('open-input').setInputFiles(file);
  await s.page
    .getByTestId('workbench-notice')
    .filter({ hasText: 'workbench-10k-rows.xlsx' })
    .waitFor({ timeout: 90_000 })
    .catch(() => undefined);
  expect({
    notice: await s.page
      .getByTestId('workbench-notice')
      .innerText({ timeout: 1000 })
      .catch(() => '(none)'),
    errors: s.pageErrors,
  }).toEqual({
    notice: expect.stringMatching(/^Opened workbench-10k-rows\.xlsx/),
    errors: [],
  });
  const openMs = Date.now() - t0;
  expect(openMs).toBeLessThan(30_000);
  await expectCell(s.page, 'D10', String(callFunction('REQUIREDDEALS', [10_000, 50_000])));
  await expectCell(s.page, 'E1', generalNumber(ROWS * (ROWS + 1)));

  // Virtualised: the page holds a screenful of rows, not 10,000.
  expect(await renderedRows()).toBeLessThan(120);

  // Ctrl+End goes to the last used cell; the bottom rows are there.
  await cell(s.page, 'A1').click();
  let t = Date.now();
  await s.page.keyboard.press('Control+End');
  await expectValue(s.page, 'name-box', `E${ROWS}`);
  await cell(s.page, `A${ROWS}`).waitFor();
  expect(await cell(s.page, `A${ROWS}`).innerText()).toBe(`Source ${ROWS}`);
  expect(Date.now() - t).toBeLessThan(2_000);
  expect(await renderedRows()).toBeLessThan(120);

  // An edit at the bottom recalculates its row and the total at the top.
  t = Date.now();
  await typeInto(s.page, `B${ROWS}`, '5');
  await expectCell(s.page, `C${ROWS}`, '10');
  const editMs = Date.now() - t;
  expect(editMs).toBeLessThan(3_000);
  await expectCell(s.page, `D${ROWS}`, String(callFunction('REQUIREDDEALS', [5_000, 50_000])));
  await expectCell(s.page, 'E1', generalNumber(ROWS * (ROWS + 1) - 2 * ROWS + 10));

  // Scrolling by wheel moves the window, still a screenful.
  await goTo(s.page, 'A1');
  const body = s.page.getByTestId('grid-body');
  await body.hover();
  t = Date.now();
  await s.page.mouse.wheel(0, 24 * 5_000);
  await cell(s.page, 'A5001').waitFor({ timeout: 5_000 });
  expect(Date.now() - t).toBeLessThan(3_000);
  expect(await renderedRows()).toBeLessThan(120);
  await screenshot(s.page, 'workbench-10k.png');
  expect(s.offHost).toEqual([]);
  expect(s.pageErrors).toEqual([]);
});

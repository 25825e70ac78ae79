/**
 * The Calibrate view's logic on a workbook: the selected export read (one cell stands for
 * its table), its report equal to `roi calibrate`'s on the file, and "Write calibration
 * sheet": live formulas whose values equal the report (the HubSpot fixture per source, the
 * Salesforce report, stages in any order), that follow the data and the As of cell, on a
 * new sheet with a unique name, nothing written on bad input; on Excel, FILTER where the
 * host has it, in one batch of at most two syncs, never outside the new sheet.
 */
import { splitAddress } from '../../../src/base/a1';
import { isRoiError, type CellValue } from '../../../src/core';
import {
  CalibrationError,
  calibrate,
  contactsReport,
  matchColumns,
  headerRowOf,
  opportunityReport,
  planCalibrationSheet,
  readCalibrationData,
  readCalibrationTable,
  writeCalibrationSheet,
  type ColumnMapping,
  type ContactsReport,
  type OpportunityReport,
} from '../../../src/features/calibrate';
import type { EngineWorkbook } from '../../../src/workbook/engine';
import { MockExcel, mockPort, type MockCell } from '../../helpers/mock-excel';
import { csvWorkbook } from './csv-workbook';
import { hubspotCsv, salesforceCsv } from './crm-fixtures';

jest.setTimeout(60_000);

const num = (v: CellValue) => (typeof v === 'number' ? v : isRoiError(v) ? null : v);

async function table(wb: EngineWorkbook, cell = 'C5') {
  await wb.select('Export', cell);
  return readCalibrationTable(wb);
}

/** The contacts block of a calibration sheet, read back as a report. */
async function sheetContacts(wb: EngineWorkbook, sheet: string, report: ContactsReport) {
  const m = report.stages.length - 1;
  const rows = 7 + report.groups.length * m;
  const read = await wb.readRange(sheet, `A8:I${rows}`);
  return report.groups.map((g, k) => {
    const r = read.values.slice(k * m, (k + 1) * m);
    return {
      name: r[0][0],
      records: r[0][1],
      transitions: r.map((row) => ({
        from: row[2],
        to: row[3],
        counted: row[4],
        converted: row[5],
        rate: num(row[6]),
        lower_bound: num(row[7]),
        median_lag_days: num(row[8]),
      })),
    };
  });
}

describe('HubSpot contacts export on a sheet', () => {
  let wb: EngineWorkbook;
  beforeAll(async () => {
    wb = await csvWorkbook(hubspotCsv());
  });

  test('one selected cell stands for the table; its report is the CLI report of the file, exactly', async () => {
    const t = await table(wb);
    expect(t).toMatchObject({ sheet: 'Export', box: { top: 0, left: 0, bottom: 2400, right: 11 }, records: 2400 });
    const mapping = matchColumns(headerRowOf(t.headers));
    expect(mapping).toEqual({ kind: 'contacts', stages: [7, 8, 9, 10, 11], group: 6, opportunity: {} });
    const fromSheet = calibrate(t.source, { columns: mapping });
    expect(fromSheet.report).toEqual(calibrate(hubspotCsv()).report);
    expect(calibrate(t.source).report).toEqual(fromSheet.report);
  });

  test('the calibration sheet: live formulas whose values are the report, per source', async () => {
    const t = await table(wb);
    const mapping = matchColumns(headerRowOf(t.headers));
    const before = await wb.listSheets();
    const r = await writeCalibrationSheet(wb, t, { mapping, confidence: 0.9 });
    expect(r).toEqual({ sheet: 'Calibration', address: 'A7:I43' });
    expect(await wb.listSheets()).toEqual([...before, 'Calibration']);
    const report = calibrate(hubspotCsv()).report as ContactsReport;
    expect(await sheetContacts(wb, 'Calibration', report)).toEqual(report.groups);
    // The engine's path: the other sources' rows masked out (its FILTER takes one column).
    const organic = await wb.readRange('Calibration', 'E12');
    expect(organic.formulas[0][0]).toBe(
      `=ROI.STAGERATES(IF(EXACT(TRIM(Export!$G$2:$G$2401),"Organic Search"),IF(Export!$H$2:$L$2401="","",Export!$H$2:$L$2401),""),$B$5,$B$4)`,
    );
    expect((await wb.readRange('Calibration', 'B4')).formulas[0][0]).toBe(
      '=MAX(Export!$H$2:$H$2401,Export!$I$2:$I$2401,Export!$J$2:$J$2401,Export!$K$2:$K$2401,Export!$L$2:$L$2401)',
    );
    expect(wb.getNumberFormat('Calibration', 'G8')).toBe('0.0%');
    expect(wb.getNumberFormat('Calibration', 'B4')).toBe('yyyy-mm-dd hh:mm');

    // Live: the As of cell replays an earlier day, as --as-of does.
    await wb.applyBatch({ cells: [{ sheet: 'Calibration', address: 'B4', value: 45838 }] }); // 2025-06-30
    const june = calibrate(hubspotCsv(), { asOf: '2025-06-30' }).report as ContactsReport;
    expect(await sheetContacts(wb, 'Calibration', june)).toEqual(june.groups);

    // Live: the data changes, the sheet follows.
    await wb.applyBatch({ cells: [{ sheet: 'Calibration', address: 'B4', formula: '=MAX(Export!$H$2:$L$2401)' }] });
    const first = await wb.readRange('Export', 'G2');
    await wb.applyBatch({ cells: [{ sheet: 'Export', address: 'G2', value: 'Referrals' }] });
    const moved = t.source.rows.map((row) => [...row]);
    moved[1][6] = 'Referrals';
    const after = calibrate({ rows: moved }).report as ContactsReport;
    expect(await sheetContacts(wb, 'Calibration', after)).toEqual(after.groups);
    await wb.applyBatch({ cells: [{ sheet: 'Export', address: 'G2', value: first.values[0][0] as string }] });

    // Again: a new sheet beside it, never the old one.
    const again = await writeCalibrationSheet(wb, t, { mapping, confidence: 0.8, asOf: '2025-09-30' });
    expect(again.sheet).toBe('Calibration (2)');
    const sept = calibrate(hubspotCsv(), { confidence: 0.8, asOf: '2025-09-30' }).report as ContactsReport;
    expect(await sheetContacts(wb, 'Calibration (2)', sept)).toEqual(sept.groups);
    expect((await wb.readRange('Calibration (2)', 'B4')).values[0][0]).toBe(45930);
  });

  test('stages chosen out of order and apart, no grouping: the HSTACK form, the same numbers', async () => {
    const t = await table(wb);
    const mapping: ColumnMapping = { kind: 'contacts', stages: [7, 10, 11], opportunity: {} };
    const { sheet } = await writeCalibrationSheet(wb, t, { mapping, confidence: 0.9 });
    const report = calibrate(t.source, { columns: mapping }).report as ContactsReport;
    expect(report.groups).toHaveLength(1);
    expect(await sheetContacts(wb, sheet, report)).toEqual(report.groups);
    expect((await wb.readRange(sheet, 'I8')).formulas[0][0]).toMatch(/^=ROI\.STAGELAGS\(HSTACK\(IF\(\(Export!\$H\$2/);
  });

  test('bad input writes nothing: a bad confidence, a bad as-of, a bad date, a bad mapping', async () => {
    const t = await table(wb);
    const mapping = matchColumns(headerRowOf(t.headers));
    const sheets = await wb.listSheets();
    const fail = async (p: Promise<unknown>) => {
      const e = await p.then(
        () => undefined,
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(CalibrationError);
      expect(await wb.listSheets()).toEqual(sheets);
      return e as CalibrationError;
    };
    expect((await fail(writeCalibrationSheet(wb, t, { mapping, confidence: 1.2 }))).message).toMatch(/confidence/);
    expect((await fail(writeCalibrationSheet(wb, t, { mapping, confidence: 0.9, asOf: 'soon' }))).kind).toBe(
      'bad-option',
    );
    const twice = { ...mapping, stages: [7, 7] };
    expect((await fail(writeCalibrationSheet(wb, t, { mapping: twice, confidence: 0.9 }))).message).toMatch(/twice/);
    const rows = t.source.rows.map((r) => [...r]);
    rows[9][8] = 'next week';
    const bad = await fail(
      writeCalibrationSheet(wb, { ...t, source: { ...t.source, rows } }, { mapping, confidence: 0.9 }),
    );
    expect(bad.message).toMatch(
      /^Row 10, column I \(Became a Marketing Qualified Lead Date\): "next week" is not a date/,
    );
  });
});

test('Salesforce report on a sheet: win rates, deal values and cycle as live formulas equal the report', async () => {
  const wb = await csvWorkbook(salesforceCsv());
  const t = await table(wb, 'A1');
  const mapping = matchColumns(headerRowOf(t.headers));
  expect(mapping.kind).toBe('opportunities');
  const report = calibrate(salesforceCsv()).report as OpportunityReport;
  expect(calibrate(t.source, { columns: mapping }).report).toEqual(report);
  const { sheet } = await writeCalibrationSheet(wb, t, { mapping, confidence: 0.9 });
  const read = await wb.readRange(sheet, `A8:I${7 + report.groups.length}`);
  const got = read.values.map((r) => ({
    name: r[0],
    opportunities: r[1],
    closed: r[2],
    won: r[3],
    win_rate: num(r[4]),
    win_rate_lower_bound: num(r[5]),
    median_won_value: num(r[6]),
    mean_won_value: num(r[7]),
    median_cycle_days: num(r[8]),
  }));
  expect(got).toEqual(report.groups);
  // As of an earlier day: opportunities created later are left out, ones closed later are open.
  await wb.applyBatch({ cells: [{ sheet, address: 'B4', value: 45900 }] });
  const data = readCalibrationData(t.source, { columns: mapping });
  const earlier = opportunityReport(data as never, { asOf: 45900 });
  const again = await wb.readRange(sheet, `A8:D${7 + earlier.groups.length}`);
  expect(again.values.map((r) => r.slice(1, 4))).toEqual(earlier.groups.map((g) => [g.opportunities, g.closed, g.won]));
});

describe('on Excel (the mock)', () => {
  /** The HubSpot export's first rows on a mock sheet, dates as serials. */
  async function mockTable(filter: boolean) {
    const wb = await csvWorkbook(hubspotCsv().split('\n').slice(0, 120).join('\n'));
    const read = await wb.readRange('Export', 'A1:L120');
    const cells: Record<string, MockCell> = {};
    read.values.forEach((row, r) =>
      row.forEach((v, c) => {
        if (v !== null) cells[`${String.fromCharCode(65 + c)}${r + 1}`] = { value: v };
      }),
    );
    const x = new MockExcel({ 'HubSpot export': cells }, "'HubSpot export'!D7");
    const port = mockPort(x, { funnel: filter }).port;
    return { x, port };
  }

  test.each([true, false])(
    'FILTER where the host has it (%s): one batch, at most 2 syncs, only the new sheet',
    async (filter) => {
      const { x, port } = await mockTable(filter);
      const t = await readCalibrationTable(port);
      expect(t.box).toEqual({ top: 0, left: 0, bottom: 119, right: 11 });
      x.runs = [];
      const r = await writeCalibrationSheet(port, t, {
        mapping: matchColumns(headerRowOf(t.headers)),
        confidence: 0.9,
      });
      expect(r.sheet).toBe('Calibration');
      expect(x.writes()).toHaveLength(1);
      expect(x.runs).toHaveLength(1);
      expect(x.runs[0].syncs).toBeLessThanOrEqual(2);
      expect(new Set(x.writes()[0].written.map((w) => splitAddress(w).sheet))).toEqual(new Set(['Calibration']));
      const e = x.sheet('Calibration').cells.get('E12')?.formula;
      const data = "'HubSpot export'!$H$2:$L$120";
      const source = "'HubSpot export'!$G$2:$G$120";
      const clean = `IF(${data}="","",${data})`;
      const mask = `EXACT(TRIM(${source}),"${t.source.rows.length ? readCalibrationData(t.source).groups[0].name : ''}")`;
      expect(e).toBe(
        filter
          ? `=ROI.STAGERATES(FILTER(${clean},${mask}),$B$5,$B$4)`
          : `=ROI.STAGERATES(IF(${mask},${clean},""),$B$5,$B$4)`,
      );
      expect(x.sheet('Calibration').cells.get('E8')?.formula).toBe(`=ROI.STAGERATES(${data},$B$5,$B$4)`);
    },
  );

  test('a plan names only its own sheet, and a source name with quotes is a quoted literal', () => {
    const rows = [
      ['Source', 'Became a Lead Date', 'Became a Customer Date'],
      ['Say "hi"', 45000, 45010],
      ['', 45001, null],
    ];
    const t = {
      sheet: "Bob's data",
      box: { top: 2, left: 1, bottom: 4, right: 3 },
      headers: rows[0] as string[],
      source: { rows, origin: { row: 3, column: 1 } },
      records: 2,
    };
    const data = readCalibrationData(t.source);
    const plan = planCalibrationSheet(t, data, { confidence: 0.9, tableFilter: true });
    expect(new Set(plan.batch.cells.map((c) => c.sheet))).toEqual(new Set(['Calibration']));
    expect(plan.groups.map((g) => g.name)).toEqual(['All', 'Say "hi"', '(no source)']);
    const formulas = plan.batch.cells.filter((c) => c.formula).map((c) => c.formula!);
    expect(formulas).toContain(
      `=ROI.STAGERATES(FILTER(IF('Bob''s data'!$C$4:$D$5="","",'Bob''s data'!$C$4:$D$5),EXACT(TRIM('Bob''s data'!$B$4:$B$5),"Say ""hi""")),$B$5,$B$4)`,
    );
    expect(formulas.some((f) => f.includes(`(TRIM('Bob''s data'!$B$4:$B$5)="")`))).toBe(true);
    void contactsReport;
  });
});

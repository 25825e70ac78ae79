/**
 * The workbench grid's number formats: every format the model writes, checked against
 * what Excel shows, against the engine adapter's own formatter (the two must agree on the
 * model's formats), and the formats Excel writes into files people open in the workbench.
 */
import { RoiError } from '../../src/core';
import { FORMATS } from '../../src/features/model/plan';
import { formatLook as formatCell, formatValue, showCell, splitSections } from '../../src/base/format';

const show = (v: Parameters<typeof formatCell>[0], f?: string) => formatCell(v, f).text;

describe("the model's formats, as Excel shows them", () => {
  test.each([
    [FORMATS.money, 3_000_000, '$3,000,000'],
    [FORMATS.money, 1234.5, '$1,235'],
    [FORMATS.money, -250, '-$250'],
    [FORMATS.money2, 1234.5, '$1,234.50'],
    [FORMATS.percent, 0.25, '25.0%'],
    [FORMATS.percent, 0.12345, '12.3%'],
    [FORMATS.percent, 1.5, '150.0%'],
    [FORMATS.percent0, 0.9, '90%'],
    [FORMATS.percent0, -0.125, '-13%'],
    [FORMATS.count, 1200, '1,200'],
    [FORMATS.count, 1199.6, '1,200'],
    [FORMATS.count, 0, '0'],
    [FORMATS.months, 4, '4.0'],
    [FORMATS.ratio, 3.456, '3.5x'],
    [FORMATS.general, 1 / 3, '0.33333333333'],
    [FORMATS.general, 1200, '1200'],
    ['0', 2.5, '3'],
  ])('%s shows %p as %s', (fmt, value, expected) => {
    expect(show(value, fmt)).toBe(expected);
  });

  test('agrees with the engine adapter for every model format over a range of values', () => {
    const values = [0, 1, -1, 0.5, 0.004, 12.345, 999.5, 1234.5678, -98765.4321, 3e6, 0.999];
    for (const fmt of Object.values(FORMATS)) {
      if (fmt === '@') continue;
      for (const v of values) expect({ fmt, v, text: show(v, fmt) }).toEqual({ fmt, v, text: formatValue(v, fmt) });
    }
  });

  test('text, booleans, blanks and errors', () => {
    expect(show('Leads', FORMATS.count)).toBe('Leads');
    expect(show('Leads', FORMATS.text)).toBe('Leads');
    expect(show(true, FORMATS.percent)).toBe('TRUE');
    expect(show(null, FORMATS.money)).toBe('');
    expect(show(new RoiError('#NUM!', 'The close rate must be above 0.'), FORMATS.count)).toBe('#NUM!');
  });
});

describe('formats Excel writes', () => {
  test('sections: positive;negative;zero;text', () => {
    const f = '#,##0.00;(#,##0.00);"-";[Blue]@';
    expect(show(1234.5, f)).toBe('1,234.50');
    expect(show(-1234.5, f)).toBe('(1,234.50)');
    expect(show(0, f)).toBe('-');
    expect(formatCell('note', f)).toEqual({ text: 'note', color: '#0000FF' });
  });

  test('colours and quoted currency', () => {
    expect(formatCell(-5, '"$"#,##0;[Red]-"$"#,##0')).toEqual({ text: '-$5', color: '#FF0000' });
    expect(show(5, '"$"#,##0;[Red]-"$"#,##0')).toBe('$5');
  });

  test('accounting: padding and fills', () => {
    const acct = '_("$"* #,##0.00_);_("$"* (#,##0.00);_("$"* "-"??_);_(@_)';
    // The * fill (spaces stretched between $ and the number) is not drawn: the padding stays.
    expect(show(1234.5, acct)).toBe(' $1,234.50 ');
    expect(show(-3, acct).trim()).toBe('$(3.00)');
    expect(show(0, acct).trim()).toBe('$-');
  });

  test('currency tags and thousands scaling', () => {
    expect(show(1500, '[$€-407]#,##0')).toBe('€1,500');
    expect(show(2_500_000, '#,##0.0,,"M"')).toBe('2.5M');
    expect(show(12_345, '#,##0,"K"')).toBe('12K');
  });

  test('optional decimals, scientific, escaped literals', () => {
    expect(show(3.1, '0.0#')).toBe('3.1');
    expect(show(3.14159, '0.0#')).toBe('3.14');
    expect(show(12345.678, '0.00E+00')).toBe('1.23E+04');
    expect(show(0.00012, '0.0E+00')).toBe('1.2E-04');
    expect(show(7, '0\\ "days"')).toBe('7 days');
  });

  test('dates and times from Excel serial numbers', () => {
    expect(show(45292, 'm/d/yyyy')).toBe('1/1/2024');
    expect(show(45292, 'yyyy-mm-dd')).toBe('2024-01-01');
    expect(show(45292, 'd mmm yyyy')).toBe('1 Jan 2024');
    expect(show(45292.5625, 'h:mm AM/PM')).toBe('1:30 PM');
    expect(show(45292.5625, 'hh:mm')).toBe('13:30');
    expect(show(45292, 'mmmm')).toBe('January');
  });

  test('splitSections keeps ; inside quotes and brackets', () => {
    expect(splitSections('0;"a;b";[Red]0')).toEqual(['0', '"a;b"', '[Red]0']);
  });
});

describe('showCell: a value as the task pane shows it', () => {
  test('General: at most 15 significant digits, grouped, no float noise', () => {
    expect(showCell(3000000.0000000005)).toBe('3,000,000');
    expect(showCell(0.7924240943194569)).toBe('0.792424094319457');
    expect(showCell(1.4000000000000004)).toBe('1.4');
    expect(showCell(4.847312770223848, 'General')).toBe('4.84731277022385');
    expect(showCell(-1234.5)).toBe('-1,234.5');
  });
  test('the number format, as the grid shows it', () => {
    expect(showCell(3000000.0000000005, '$#,##0')).toBe('$3,000,000');
    expect(showCell(0.7924240943194569, '0.0%')).toBe('79.2%');
    expect(showCell(24.000000000000004, '0.0"x"')).toBe('24.0x');
    expect(showCell(3000, '0')).toBe('3000');
  });
  test('a format it does not draw shows as General; blanks, errors, text and booleans', () => {
    // A date format is drawn now, as the cell shows it (it used to fall back to General).
    expect(showCell(45292, 'mm/dd/yyyy')).toBe('01/01/2024');
    expect(showCell(1234.5678, '# ?/?')).toBe('1,234.5678');
    expect(showCell(null)).toBe('(blank)');
    expect(showCell('')).toBe('(blank)');
    expect(showCell(new RoiError('#NUM!', 'x'))).toBe('#NUM!');
    expect(showCell(true)).toBe('TRUE');
    expect(showCell('High')).toBe('High');
  });
});

/**
 * The formats the formatter supports, each checked against numfmt (the reference
 * implementation of Excel's number formatting, tests only: see src/base/format.ts for why
 * the add-in does not ship it) over values that catch rounding, signs and scaling.
 */
describe('supported formats, against numfmt', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const numfmt = require('numfmt') as { format(pattern: string, value: number): string };
  const NUMBER_FORMATS = [
    ...Object.values(FORMATS).filter((f) => f !== '@' && f !== 'General'),
    '0.000',
    '0.00%',
    '#,##0.0',
    '#,##0.##',
    '0.0#',
    '000',
    '00.00',
    '#',
    '#.#',
    '0.0"%"',
    '0\\ "days"',
    '0.00E+00',
    '0.0E+00',
    '#,##0.0,,"M"',
    '#,##0,"K"',
    '0.0,"K"',
    '[$€-409]#,##0.00',
    '$#,##0_);($#,##0)',
    '#,##0_);[Red](#,##0)',
    '#,##0.00;(#,##0.00);"-"',
    '#,##0;-#,##0;"zero"',
    '"$"#,##0;[Red]-"$"#,##0',
    '[Blue]0.0;[Red]-0.0',
    '0;-0;;@',
    '_("$"* #,##0.00_);_("$"* (#,##0.00);_("$"* "-"??_);_(@_)',
    '[>=100]"big";"small"',
    '[<0]"neg";"pos"',
    '[>=100]0;[<0]0.0;0.00',
  ];
  const NUMBERS = [
    0,
    1,
    -1,
    0.5,
    0.004,
    -0.004,
    12.345,
    999.5,
    1234.5678,
    -98765.4321,
    3e6,
    0.999,
    1 / 3,
    45292.5625,
    100.25,
    2.5,
    -2.5,
    0.125,
    1.005,
    2.675,
    1e-7,
    123456789.123,
    0.0005,
    0.045,
    0.995,
    0.1 + 0.2,
    3000000.0000000005,
  ];
  const DATE_FORMATS = [
    'm/d/yyyy',
    'mm/dd/yyyy',
    'yyyy-mm-dd',
    'd mmm yyyy',
    'd-mmm-yy',
    'mmm-yy',
    'mmmm',
    'dddd, mmmm d, yyyy',
    'h:mm AM/PM',
    'h:mm:ss AM/PM',
    'hh:mm',
    'mm:ss',
    '[h]:mm:ss',
    'm/d/yy h:mm',
  ];
  // Dates from 1 March 1900 (serial 61): before it Excel counts a 29 February 1900 that never was.
  const SERIALS = [61, 61.5, 100.25, 36526.75, 44000.123456, 45292, 45292.5625, 45657.999];

  test.each(NUMBER_FORMATS)('%s', (fmt) => {
    for (const v of NUMBERS) expect({ v, text: formatValue(v, fmt) }).toEqual({ v, text: numfmt.format(fmt, v) });
  });
  test.each(DATE_FORMATS)('%s', (fmt) => {
    for (const v of SERIALS) expect({ v, text: formatValue(v, fmt) }).toEqual({ v, text: numfmt.format(fmt, v) });
  });

  test('what it does not draw: fractions show as General, negative dates as #####, as Excel', () => {
    expect(formatValue(1234.5678, '# ?/?')).toBe(formatValue(1234.5678, 'General'));
    expect(formatValue(-1, 'm/d/yyyy')).toBe('########');
  });
});

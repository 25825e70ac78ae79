/** @jest-environment jsdom */
/**
 * Workbench charts: the data each ChartSpec draws from the live cells, above all an
 * xyScatter whose X values sit in their own column (the Lead sources scorecard's "quality
 * against volume"), the month charts' several named series by rows, and the SVG drawn from it.
 */
import '../../helpers/dom-setup';
import { render } from '@testing-library/react';
import { createEngineWorkbook } from '../../../src/workbook/engine';
import type { ChartSpec } from '../../../src/workbook/port';
import { Chart, chartData, chartSeries } from '../../../src/workbench/grid/Chart';
import { formatLook } from '../../../src/base/format';

function sourcesBook() {
  const wb = createEngineWorkbook({
    sheets: {
      S: [
        ['Source', 'Leads', 'Quality'],
        ['Trade show', 2300, 0.008],
        ['Webinar', 200, 0.166],
        ['Content', 'n/a', 0.064],
        ['Referral', 60, 0.261],
      ],
    },
  });
  return wb;
}

const scatter: ChartSpec = {
  sheet: 'S',
  name: 'q',
  type: 'xyScatter',
  source: 'C2:C5',
  xValues: 'B2:B5',
  title: 'Quality against volume',
  from: 'E1',
  to: 'J15',
};

test('an xyScatter with xValues pairs X from xValues with Y from source, leaving out non-numbers', async () => {
  const wb = sourcesBook();
  await wb.applyBatch({ cells: [{ sheet: 'S', address: 'C2:C5', numberFormat: '0.0%' }] });
  expect(chartData(wb, scatter)).toEqual([
    { label: '2300', x: 2300, value: 0.008, shown: '0.8%' },
    { label: '200', x: 200, value: 0.166, shown: '16.6%' },
    { label: '60', x: 60, value: 0.261, shown: '26.1%' },
  ]);
});

test('the scatter draws one point per pair, not "No numbers"', () => {
  const wb = sourcesBook();
  const { container } = render(
    <Chart wb={wb} spec={scatter} version={0} rect={{ top: 0, left: 0, width: 400, height: 300 }} />,
  );
  expect(container.textContent).not.toContain('No numbers');
  expect(container.querySelectorAll('circle')).toHaveLength(3);
});

test('a bar chart still takes categories and values from its two source columns', () => {
  const wb = sourcesBook();
  const bars: ChartSpec = { ...scatter, type: 'barClustered', source: 'A2:B5', xValues: undefined };
  expect(chartData(wb, bars).map((p) => [p.label, p.value])).toEqual([
    ['Trade show', 2300],
    ['Webinar', 200],
    ['Referral', 60],
  ]);
});

test('a chart label reads as its cell in the grid: one formatter for both', async () => {
  const wb = sourcesBook();
  const formats = ['0.0%', '#,##0.00;(#,##0.00)', '0.00E+00', '$#,##0', 'General'];
  for (const fmt of formats) {
    await wb.applyBatch({ cells: [{ sheet: 'S', address: 'C2:C5', numberFormat: fmt }] });
    const grid = wb.getSheetSnapshot('S', { top: 1, left: 2, bottom: 4, right: 2 }).cells;
    const drawn = grid.map((c) => formatLook(c.value, c.numberFormat).text);
    expect({ fmt, labels: chartData(wb, scatter).map((p) => p.shown) }).toEqual({
      fmt,
      labels: drawn.filter((_, i) => i !== 2),
    });
  }
});

test('a column chart by rows with several series (the month charts): named series, grouped columns, a legend', () => {
  const wb = createEngineWorkbook({
    sheets: {
      M: [
        ['Needed by month', 'Before the year', 'Jan', 'Feb'],
        ['Leads', 400, 100, 'n/a'],
        ['Deals', 0, 5, 5],
      ],
    },
  });
  const spec: ChartSpec = {
    sheet: 'M',
    name: 'm',
    type: 'columnClustered',
    source: 'A1:D3',
    seriesBy: 'rows',
    title: 'Leads and deals needed by month',
    from: 'A5',
    to: 'F20',
  };
  expect(chartSeries(wb, spec)).toEqual({
    categories: ['Before the year', 'Jan', 'Feb'],
    series: [
      { name: 'Leads', values: [400, 100, null] },
      { name: 'Deals', values: [0, 5, 5] },
    ],
  });
  const { container } = render(
    <Chart wb={wb} spec={spec} version={0} rect={{ top: 0, left: 0, width: 500, height: 300 }} />,
  );
  expect(container.querySelector('svg')?.getAttribute('aria-label')).toBe('Leads: 400, 100, -; Deals: 0, 5, 5');
  // One column per number (the text "n/a" is left out), and the legend names both series.
  expect(container.querySelectorAll('rect title')).toHaveLength(5);
  expect(container.textContent).toContain('Leads');
  expect(container.textContent).toContain('Deals');
});

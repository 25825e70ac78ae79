/** @jest-environment jsdom */
/**
 * The workbench page in jsdom (Testing Library): the grid shows formatted values beside
 * the task pane, the keyboard moves and edits, an edit recalculates what depends on it,
 * the formula bar shows and commits formulas, errors explain themselves, tabs switch sheets.
 */
import '../helpers/dom-setup';
import { TextDecoder as NodeTextDecoder, TextEncoder as NodeTextEncoder } from 'node:util';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createEngineWorkbook } from '../../src/workbook/engine';
import { expectNoSeriousViolations } from '../helpers/axe';
import { findModelButton } from '../helpers/model-view';

// jsdom has no TextDecoder/TextEncoder (the xlsx reader the page bundles uses them; browsers have them).
Object.assign(globalThis, {
  TextDecoder: globalThis.TextDecoder ?? NodeTextDecoder,
  TextEncoder: globalThis.TextEncoder ?? NodeTextEncoder,
});
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Workbench } = require('../../src/workbench/Workbench') as typeof import('../../src/workbench/Workbench');

jest.setTimeout(30_000);

/**
 * A key pressed on an element. A key that moves the selection tells the workbook, whose
 * change event reads the selection back a microtask later: that settles inside act here.
 */
async function keyDown(el: HTMLElement, init: { key: string; ctrlKey?: boolean; shiftKey?: boolean }): Promise<void> {
  fireEvent.keyDown(el, init);
  await act(async () => undefined);
}

/**
 * A mouse press on a cell, and the animation frame after it, in which the grid takes the
 * keyboard back (Grid.tsx): inside act, so what that focus changes is rendered here and
 * React does not warn of an update outside act.
 */
async function press(el: HTMLElement): Promise<void> {
  fireEvent.mouseDown(el);
  await act(() => new Promise<void>((done) => requestAnimationFrame(() => done())));
}

function setup() {
  const wb = createEngineWorkbook({
    sheets: {
      Plan: [
        ['Revenue gap', 3_000_000],
        ['Deal value', 50_000],
        ['Deals', '=ROI.REQUIREDDEALS(B1,B2)'],
        ['Close rate', 0.25],
        ['Bad', '=ROI.REQUIREDOPPS(B1,B2,2)'],
      ],
      Notes: [['Second sheet']],
    },
  });
  void wb.applyBatch({
    cells: [
      { sheet: 'Plan', address: 'B1', numberFormat: '$#,##0' },
      { sheet: 'Plan', address: 'B2', numberFormat: '$#,##0' },
      { sheet: 'Plan', address: 'B4', numberFormat: '0.0%' },
    ],
  });
  const view = render(<Workbench initial={wb} />);
  const grid = () => screen.getByTestId('grid-body');
  const cell = (a: string) => grid().querySelector(`[data-addr="${a}"]`) as HTMLElement;
  return { wb, view, grid, cell };
}

test('the grid shows values under their number formats, beside the task pane', async () => {
  const { cell } = setup();
  expect(cell('B1').textContent).toBe('$3,000,000');
  expect(cell('B3').textContent).toBe('60');
  expect(cell('B4').textContent).toBe('25.0%');
  expect(cell('A1').textContent).toBe('Revenue gap');
  expect(screen.getByRole('complementary', { name: 'Outcome ROI task pane' })).toBeTruthy();
  await findModelButton('Build model', 20_000);
});

test('arrow keys move, typing edits, Enter commits and everything that depends on the cell follows', async () => {
  const { grid, cell, wb } = setup();
  await press(cell('B2'));
  expect((screen.getByTestId('name-box') as HTMLInputElement).value).toBe('B2');
  await keyDown(grid(), { key: 'ArrowDown' });
  await keyDown(grid(), { key: 'ArrowUp' });
  expect((screen.getByTestId('name-box') as HTMLInputElement).value).toBe('B2');
  await keyDown(grid(), { key: '6' });
  const editor = screen.getByTestId('cell-editor') as HTMLInputElement;
  fireEvent.change(editor, { target: { value: '60000' } });
  fireEvent.keyDown(editor, { key: 'Enter' });
  await waitFor(() => expect(cell('B3').textContent).toBe('50'));
  expect(cell('B2').textContent).toBe('$60,000');
  expect(wb.getValue('Plan', 'B2')).toBe(60_000);
  // Enter moved down, as in Excel.
  expect((screen.getByTestId('name-box') as HTMLInputElement).value).toBe('B3');
  expect((screen.getByTestId('formula-bar') as HTMLInputElement).value).toBe('=ROI.REQUIREDDEALS(B1,B2)');
});

test('a percent cell takes 30 as 30%; Escape leaves a cell as it was', async () => {
  const { grid, cell, wb } = setup();
  await press(cell('B4'));
  await keyDown(grid(), { key: '3' });
  fireEvent.change(screen.getByTestId('cell-editor'), { target: { value: '30' } });
  fireEvent.keyDown(screen.getByTestId('cell-editor'), { key: 'Enter' });
  await waitFor(() => expect(cell('B4').textContent).toBe('30.0%'));
  expect(wb.getValue('Plan', 'B4')).toBe(0.3);
  await press(cell('B1'));
  await keyDown(grid(), { key: '9' });
  fireEvent.keyDown(screen.getByTestId('cell-editor'), { key: 'Escape' });
  expect(screen.queryByTestId('cell-editor')).toBeNull();
  expect(wb.getValue('Plan', 'B1')).toBe(3_000_000);
});

test('the formula bar edits the selected cell; Enter commits', async () => {
  const { cell, wb } = setup();
  await press(cell('B3'));
  const bar = screen.getByTestId('formula-bar') as HTMLInputElement;
  fireEvent.focus(bar);
  fireEvent.change(bar, { target: { value: '=ROI.REQUIREDDEALS(B1,B2)*2' } });
  fireEvent.keyDown(bar, { key: 'Enter' });
  await waitFor(() => expect(cell('B3').textContent).toBe('120'));
  expect(wb.getSheetSnapshot('Plan').cells.find((c) => c.address === 'B3')?.formula).toBe(
    '=ROI.REQUIREDDEALS(B1,B2)*2',
  );
});

test('an error cell carries its message on hover and in the status bar', async () => {
  const { cell } = setup();
  expect(cell('B5').textContent).toBe('#NUM!');
  expect(cell('B5').getAttribute('title')).toMatch(/^#NUM! \w*rate must be a rate between 0 and 1/);
  await press(cell('B5'));
  expect(screen.getByTestId('status').textContent).toMatch(/^B5: #NUM! \w*rate must be a rate between 0 and 1/);
});

test('the name box goes to a cell or a defined name; sheet tabs switch sheets', async () => {
  const { wb, grid } = setup();
  await act(async () => {
    await wb.applyBatch({ cells: [], names: [{ name: 'ROI_Deals', sheet: 'Plan', address: 'B3' }] });
  });
  const box = screen.getByTestId('name-box') as HTMLInputElement;
  fireEvent.change(box, { target: { value: 'ROI_Deals' } });
  fireEvent.keyDown(box, { key: 'Enter' });
  await waitFor(() => expect(box.value).toBe('B3'));
  const tabs = screen.getByRole('tablist', { name: 'Sheets' });
  fireEvent.click(within(tabs).getByRole('tab', { name: 'Notes' }));
  await waitFor(() => expect(screen.getByTestId('grid').getAttribute('data-sheet')).toBe('Notes'));
  expect(grid().querySelector('[data-addr="A1"]')?.textContent).toBe('Second sheet');
});

test('F6 moves the keyboard from the grid to the task pane and on to the formula bar', async () => {
  const { grid } = setup();
  await findModelButton('Build model', 20_000);
  act(() => grid().focus());
  await keyDown(grid(), { key: 'F6' });
  const pane = screen.getByRole('complementary', { name: 'Outcome ROI task pane' });
  expect(pane.contains(document.activeElement)).toBe(true);
  fireEvent.keyDown(document.activeElement!, { key: 'F6' });
  expect(document.activeElement).toBe(screen.getByTestId('formula-bar'));
  fireEvent.keyDown(document.activeElement!, { key: 'F6', shiftKey: true });
  expect(pane.contains(document.activeElement)).toBe(true);
});

test('a sheet deleted through the workbook port leaves the page on another sheet', async () => {
  const { wb } = setup();
  await act(async () => {
    await wb.deleteSheet('Plan');
  });
  await waitFor(() => expect(screen.getByTestId('grid').getAttribute('data-sheet')).toBe('Notes'));
  expect(
    within(screen.getByRole('tablist', { name: 'Sheets' }))
      .getAllByRole('tab')
      .map((t) => t.textContent),
  ).toEqual(['Notes']);
});

test('Tab and Shift+Tab move right and left in the grid and commit an edit, as in Excel; the focus stays on the grid', async () => {
  const { grid, cell, wb } = setup();
  const nameBox = () => (screen.getByTestId('name-box') as HTMLInputElement).value;
  await press(cell('A2'));
  act(() => grid().focus());
  await keyDown(grid(), { key: 'Tab' });
  expect(nameBox()).toBe('B2');
  expect(document.activeElement).toBe(grid());
  await keyDown(grid(), { key: 'Tab', shiftKey: true });
  expect(nameBox()).toBe('A2');
  expect(document.activeElement).toBe(grid());
  // Typing, then Tab: the entry is committed and the next cell to the right selected.
  await keyDown(grid(), { key: 'Tab' });
  await keyDown(grid(), { key: '7' });
  const editor = screen.getByTestId('cell-editor') as HTMLInputElement;
  fireEvent.change(editor, { target: { value: '70000' } });
  fireEvent.keyDown(editor, { key: 'Tab' });
  await waitFor(() => expect(wb.getValue('Plan', 'B2')).toBe(70_000));
  expect(nameBox()).toBe('C2');
  expect(screen.queryByTestId('cell-editor')).toBeNull();
  expect(document.activeElement).toBe(grid());
  // Shift+Tab while editing commits and moves left.
  await keyDown(grid(), { key: '5' });
  fireEvent.change(screen.getByTestId('cell-editor'), { target: { value: 'note' } });
  fireEvent.keyDown(screen.getByTestId('cell-editor'), { key: 'Tab', shiftKey: true });
  await waitFor(() => expect(wb.getValue('Plan', 'C2')).toBe('note'));
  expect(nameBox()).toBe('B2');
  // In the formula bar too.
  const bar = screen.getByTestId('formula-bar') as HTMLInputElement;
  act(() => bar.focus());
  fireEvent.change(bar, { target: { value: '80000' } });
  fireEvent.keyDown(bar, { key: 'Tab' });
  await waitFor(() => expect(wb.getValue('Plan', 'B2')).toBe(80_000));
  expect(nameBox()).toBe('C2');
  expect(document.activeElement).toBe(grid());
  // The grid body opts out of Fluent's tab management, which would otherwise move the focus to the sheet tabs first.
  expect(grid().getAttribute('data-tabster')).toContain('"uncontrolled"');
});

test('a row typed with Tab, then Enter: the next row, in the column where the Tab run started (as Excel)', async () => {
  const { grid, cell, wb } = setup();
  const nameBox = () => (screen.getByTestId('name-box') as HTMLInputElement).value;
  const type = async (text: string, key: 'Tab' | 'Enter') => {
    fireEvent.keyDown(grid(), { key: text[0] });
    const editor = screen.getByTestId('cell-editor') as HTMLInputElement;
    fireEvent.change(editor, { target: { value: text } });
    fireEvent.keyDown(editor, { key });
    await act(async () => undefined);
  };
  await press(cell('C7'));
  act(() => grid().focus());
  await type('Webinar', 'Tab');
  await type('200', 'Tab');
  await type('40', 'Enter');
  expect([wb.getValue('Plan', 'C7'), wb.getValue('Plan', 'D7'), wb.getValue('Plan', 'E7')]).toEqual([
    'Webinar',
    200,
    40,
  ]);
  expect(nameBox()).toBe('C8');
  // Tab without typing counts too; an arrow key or a click ends the run.
  await keyDown(grid(), { key: 'Tab' });
  await keyDown(grid(), { key: 'Tab' });
  await keyDown(grid(), { key: 'Enter' });
  expect(nameBox()).toBe('C9');
  await keyDown(grid(), { key: 'Tab' });
  await keyDown(grid(), { key: 'ArrowRight' });
  await keyDown(grid(), { key: 'Enter' });
  expect(nameBox()).toBe('E10');
  await keyDown(grid(), { key: 'Tab' });
  await press(cell('B2'));
  await keyDown(grid(), { key: 'Enter' });
  expect(nameBox()).toBe('B3');
});

test('an unknown name in the name box says so without a React warning (no uncontrolled-to-controlled switch)', async () => {
  setup();
  const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    const box = screen.getByTestId('name-box') as HTMLInputElement;
    act(() => box.focus());
    fireEvent.change(box, { target: { value: 'NoSuchName' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    const said = '"NoSuchName" is not a cell address or a defined name.';
    // In the tooltip, and announced to screen readers.
    expect((await screen.findByRole('tooltip')).textContent).toBe(said);
    const status = screen.getByTestId('name-box-status');
    expect([status.getAttribute('role'), status.textContent]).toEqual(['status', said]);
    expect(box.getAttribute('aria-invalid')).toBe('true');
    // The box shows the selected cell again, not what was typed.
    expect(box.value).toBe('A1');
    fireEvent.change(box, { target: { value: 'B2' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(box.value).toBe('B2'));
    // The message belonged to where it was typed: gone once the selection moved.
    expect([status.textContent, box.getAttribute('aria-invalid')]).toEqual(['', 'false']);
    expect(errors.mock.calls.map((c) => String(c[0]))).toEqual([]);
  } finally {
    errors.mockRestore();
  }
});

test('Ctrl+Z undoes a cell edit, Ctrl+Y and Ctrl+Shift+Z redo it; the buttons say what they would do', async () => {
  const { grid, cell, wb } = setup();
  const undo = () => screen.getByTestId('undo');
  const off = (b: HTMLElement) => b.getAttribute('aria-disabled') === 'true';
  // setup() formatted three cells in one batch: that is the step there is to undo so far.
  expect(wb.undoLabel).toBe("The task pane's change to Plan");
  expect(off(screen.getByTestId('redo'))).toBe(true);
  await press(cell('B2'));
  act(() => grid().focus());
  await keyDown(grid(), { key: '9' });
  fireEvent.change(screen.getByTestId('cell-editor'), { target: { value: '90000' } });
  fireEvent.keyDown(screen.getByTestId('cell-editor'), { key: 'Enter' });
  await waitFor(() => expect(wb.getValue('Plan', 'B3')).toBe(34));
  expect(off(undo())).toBe(false);
  expect(wb.undoLabel).toBe('Typing in Plan!B2');

  await keyDown(grid(), { key: 'z', ctrlKey: true });
  await waitFor(() => expect(cell('B3').textContent).toBe('60'));
  expect(wb.getValue('Plan', 'B2')).toBe(50_000);
  // The selection goes back to the cell undone.
  await waitFor(() => expect((screen.getByTestId('name-box') as HTMLInputElement).value).toBe('B2'));
  expect(screen.getByText('Undone: Typing in Plan!B2')).toBeTruthy();
  expect(off(screen.getByTestId('redo'))).toBe(false);
  expect(wb.redoLabel).toBe('Typing in Plan!B2');

  await keyDown(grid(), { key: 'y', ctrlKey: true });
  await waitFor(() => expect(wb.getValue('Plan', 'B2')).toBe(90_000));
  await keyDown(grid(), { key: 'z', ctrlKey: true });
  await keyDown(grid(), { key: 'Z', ctrlKey: true, shiftKey: true });
  await waitFor(() => expect(wb.getValue('Plan', 'B2')).toBe(90_000));
  // The button does the same.
  fireEvent.click(undo());
  await waitFor(() => expect(wb.getValue('Plan', 'B2')).toBe(50_000));

  // In a box being typed in, Ctrl+Z is the box's own (the workbook is left alone).
  fireEvent.click(screen.getByTestId('redo'));
  await waitFor(() => expect(wb.getValue('Plan', 'B2')).toBe(90_000));
  const box = screen.getByTestId('name-box');
  fireEvent.keyDown(box, { key: 'z', ctrlKey: true });
  expect(wb.getValue('Plan', 'B2')).toBe(90_000);
});

test("the task pane's Build model is one undo step: Ctrl+Z takes the whole model sheet away, Ctrl+Y brings it back", async () => {
  const { grid, wb } = setup();
  fireEvent.click(await findModelButton('Build model', 20_000));
  await waitFor(() => expect(wb.sheets().map((s) => s.name)).toEqual(['Plan', 'Notes', 'ROI Model']), {
    timeout: 60_000,
  });
  await waitFor(() => expect(screen.getByTestId('grid').getAttribute('data-sheet')).toBe('ROI Model'));
  expect(wb.undoLabel).toBe("The task pane's change to ROI Model");
  act(() => grid().focus());
  await keyDown(grid(), { key: 'z', ctrlKey: true });
  await waitFor(() => expect(wb.sheets().map((s) => s.name)).toEqual(['Plan', 'Notes']));
  await waitFor(() => expect(screen.getByTestId('grid').getAttribute('data-sheet')).toBe('Plan'));
  expect(wb.getNames()).toEqual([]);
  expect(
    within(screen.getByRole('tablist', { name: 'Sheets' }))
      .getAllByRole('tab')
      .map((t) => t.textContent),
  ).toEqual(['Plan', 'Notes']);
  await keyDown(grid(), { key: 'y', ctrlKey: true });
  await waitFor(() => expect(wb.sheets().map((s) => s.name)).toEqual(['Plan', 'Notes', 'ROI Model']));
  expect(typeof wb.getValue('ROI Model', 'B2')).not.toBe('undefined');
}, 120_000);

test('axe-core on the page: a chart over the grid, a spill, an edit open and the task pane find nothing serious or critical', async () => {
  const { wb, grid, cell } = setup();
  await act(async () => {
    await wb.applyBatch({
      cells: [{ sheet: 'Plan', address: 'D1', formula: '=ROI.FUNNEL(B1,B2,{0.5,0.4,0.25})' }],
      charts: [
        {
          sheet: 'Plan',
          name: 'Funnel',
          type: 'barClustered',
          source: 'D1:D4',
          title: 'Funnel',
          from: 'F1',
          to: 'J12',
        },
      ],
    });
  });
  await findModelButton('Build model', 20_000);
  expect(document.querySelector('[data-chart]')).toBeTruthy();
  await expectNoSeriousViolations();
  // With the in-cell editor open: it sits beside the grid's rows, not among them.
  await press(cell('A2'));
  act(() => grid().focus());
  await keyDown(grid(), { key: 'x' });
  expect(screen.getByTestId('cell-editor')).toBeTruthy();
  await expectNoSeriousViolations();
}, 120_000);

/** @jest-environment jsdom */
/**
 * The shared progress of long work (src/taskpane/components/WorkProgress.tsx): nothing
 * without a step; the bar with "N of M <what>" and its value; Cancel calls back and turns
 * off once every step is done (the write is then on its way).
 */
import '../../helpers/dom-setup';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { WorkProgress, progressText } from '../../../src/taskpane/components/WorkProgress';
import { expectNoSeriousViolations } from '../../helpers/axe';

const wrap = (ui: React.ReactElement) => render(<FluentProvider theme={webLightTheme}>{ui}</FluentProvider>);

test('draws nothing without progress', () => {
  wrap(<WorkProgress label="Reviewing" progress={null} onCancel={() => undefined} />);
  expect(screen.queryByTestId('work-progress')).toBeNull();
});

test('the bar, the count and Cancel', async () => {
  const cancels: number[] = [];
  const { rerender } = wrap(
    <WorkProgress
      label="Reviewing the workbook"
      progress={{ done: 1234, total: 5000, what: 'formulas checked' }}
      onCancel={() => cancels.push(1)}
    />,
  );
  expect(screen.getByTestId('work-progress-count').textContent).toBe('1,234 of 5,000 formulas checked');
  const bar = screen.getByRole('progressbar');
  expect(bar.getAttribute('aria-valuenow')).toBe('1234');
  expect(bar.getAttribute('aria-valuemax')).toBe('5000');
  expect(bar.getAttribute('aria-valuetext')).toBe('1,234 of 5,000 formulas checked');
  await expectNoSeriousViolations();
  await userEvent.setup().click(screen.getByRole('button', { name: 'Cancel' }));
  expect(cancels).toEqual([1]);
  rerender(
    <FluentProvider theme={webLightTheme}>
      <WorkProgress
        label="Reviewing"
        progress={{ done: 5000, total: 5000, what: 'formulas checked' }}
        onCancel={() => cancels.push(2)}
      />
    </FluentProvider>,
  );
  expect((screen.getByRole('button', { name: 'Cancel' }) as HTMLButtonElement).disabled).toBe(true);
});

test('progressText never counts past the total', () => {
  expect(progressText({ done: 7, total: 5, what: 'sheets read' })).toBe('5 of 5 sheets read');
});

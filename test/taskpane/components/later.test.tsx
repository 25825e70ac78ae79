/** @jest-environment jsdom */
/**
 * What the first screen loads later (issue 16.2): Fluent's components through
 * components/later.tsx (Fluent's own, once their chunk has arrived; a box of its height
 * meanwhile), the CSS tip of icon-only buttons (components/IconTip.tsx), and the dark
 * theme, loaded before a dark pane draws anything (state/theme.ts).
 */
import '../../helpers/dom-setup';
import { FluentProvider, webLightTheme, Button } from '@fluentui/react-components';
import { render, screen } from '@testing-library/react';
import App from '../../../src/taskpane/App';
import { IconTip } from '../../../src/taskpane/components/IconTip';
import { MessageBar, MessageBarBody, Select } from '../../../src/taskpane/components/later';
import { createNoWorkbookPort } from '../../../src/taskpane/state/noWorkbookPort';
import { expectNoSeriousViolations } from '../../helpers/axe';

const wrap = (ui: React.ReactElement) => render(<FluentProvider theme={webLightTheme}>{ui}</FluentProvider>);

test("a later component is Fluent's own once loaded; its placeholder keeps the height meanwhile", async () => {
  const { container } = wrap(
    <>
      <Select aria-label="Stage" data-testid="select">
        <option>Leads</option>
      </Select>
      <MessageBar intent="info" data-testid="bar">
        <MessageBarBody>Saved.</MessageBarBody>
      </MessageBar>
    </>,
  );
  // Before the chunk resolves: the select's box of 32px, no bar.
  expect((container.firstElementChild?.firstElementChild as HTMLElement | null)?.style.height).toBe('32px');
  expect(screen.queryByTestId('bar')).toBeNull();
  expect((await screen.findByTestId('bar')).className).toContain('fui-MessageBar');
  expect(await screen.findByText('Saved.')).toBeTruthy();
  expect(screen.getByRole('combobox', { name: 'Stage' }).closest('.fui-Select')).not.toBeNull();
});

test('IconTip names its button and shows the name as a tip that screen readers do not read twice', async () => {
  wrap(
    <IconTip content="Remove Leads">
      <Button icon={<span>x</span>} />
    </IconTip>,
  );
  const button = screen.getByRole('button', { name: 'Remove Leads' });
  const tip = button.nextElementSibling as HTMLElement;
  expect(tip.textContent).toBe('Remove Leads');
  expect(tip.getAttribute('aria-hidden')).toBe('true');
  expect(tip.hasAttribute('data-tip')).toBe(true);
  await expectNoSeriousViolations();
});

test('a dark pane waits for its theme, then draws dark', async () => {
  const { container } = render(<App port={createNoWorkbookPort()} theme="dark" />);
  expect(container.innerHTML).toBe('');
  const provider = await screen.findByRole('tablist').then((t) => t.closest('[data-theme]') as HTMLElement);
  expect(provider.getAttribute('data-theme')).toBe('dark');
  // The dark theme's own neutral background, not the light one's white.
  const css = [...document.styleSheets].flatMap((sheet) => [...sheet.cssRules].map((r) => r.cssText)).join('\n');
  expect(css).toMatch(/--colorNeutralBackground1: #292929/);
});

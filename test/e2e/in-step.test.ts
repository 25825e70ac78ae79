/**
 * The pane and the sheet in step, and the percent trap, in Chromium at a laptop's size, as
 * a user meets them (issue 15 points 2 and 4):
 * - typing 0.3 into a percent field means 0.3%, as in Excel, so the field says "0.3%: did
 *   you mean 30%?" under it, and one click makes it 30%;
 * - once the model is built, its sheet is the truth: a value typed on the sheet comes into
 *   the form (said old -> new), and Update model keeps it instead of writing the form's
 *   old value back over it.
 * Screenshots: test-results/in-step-percent.png and test-results/in-step-sheet.png.
 */
import { defaultInputs, planModel } from '../../src/features/model';
import { formatValue } from '../../src/base/format';
import { expectCell, openWorkbench, screenshot, typeInto, until, type Session } from './helpers';

const SHEET = 'ROI Model';
let s: Session;

beforeAll(async () => {
  s = await openWorkbench({ viewport: { width: 1366, height: 768 } });
}, 120_000);

afterAll(async () => {
  await s?.browser.close();
});

const plan = planModel(defaultInputs(), SHEET);
const growthCell = plan.cells['input.growthRate'];
const growthFormat =
  [...plan.batch.cells].reverse().find((c) => c.address === growthCell && c.numberFormat !== undefined)?.numberFormat ??
  'General';
const pane = () => s.page.getByRole('complementary', { name: 'Outcome ROI task pane' });
const growth = () => pane().getByRole('textbox', { name: /^Growth target/ });

test('0.3 in a percent field: the hint asks whether 30% was meant, and one click makes it 30%', async () => {
  await growth().fill('0.3');
  const slip = pane().getByTestId('percent-slip');
  await slip.waitFor();
  expect((await slip.innerText()).trim()).toMatch(/^0\.3%: did you mean 30%\?/);
  await screenshot(s.page, 'in-step-percent.png');
  await pane()
    .getByRole('button', { name: /^Use 30% for Growth target/ })
    .click();
  await expect(growth().inputValue()).resolves.toBe('30');
  await expect(slip.count()).resolves.toBe(0);
  // Back to the default, so the built model is the plan this file computes.
  await growth().fill('20');
});

test('a value typed on the model sheet comes into the form, and Update model keeps it', async () => {
  await pane().getByRole('button', { name: 'Build model' }).click();
  await pane().getByTestId('model-notice').filter({ hasText: 'Model built' }).waitFor({ timeout: 30_000 });
  await expectCell(s.page, growthCell, formatValue(0.2, growthFormat));

  await typeInto(s.page, growthCell, '40%');
  const news = pane().getByTestId('sheet-news');
  await news.waitFor({ timeout: 10_000 });
  const line = news.locator('[data-change]').filter({ hasText: 'Growth target' });
  await expect(line.innerText()).resolves.toMatch(/->\s*40/);
  await until(
    s.page,
    () => growth().inputValue(),
    (v) => v === '40',
    'Growth target should read 40',
  );
  await screenshot(s.page, 'in-step-sheet.png');

  await pane().getByRole('button', { name: 'Update model' }).click();
  await pane().getByTestId('model-notice').filter({ hasText: 'Model updated' }).waitFor({ timeout: 30_000 });
  await expectCell(s.page, growthCell, formatValue(0.4, growthFormat));
});

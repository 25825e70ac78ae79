/**
 * The assumption checks of `roi check`, apart from files and engines: for each ROI call
 * of a formula, the rate arguments a reviewer should question (rates typed into the
 * formula, close rates above 60%, churn of 0 or left out, 25 for 25%, a stage that loses
 * nobody). The caller says what an argument evaluates to: `roi check` asks HyperFormula
 * over the file, the task pane's Review view reads the cells through the WorkbookPort.
 * Pure (no HyperFormula, no I/O), so the add-in bundle may import it.
 */
import { RUNTIME_FUNCTIONS, type RuntimeSpec } from '../core';
import { isLiteralConstant, type RoiCall } from './formula';

export interface Flag {
  cell: string;
  /** A short code: constant-rate, high-close-rate, zero-churn, no-churn, whole-number-rate, full-conversion. */
  code: string;
  message: string;
}

const SPECS = new Map<string, RuntimeSpec>(RUNTIME_FUNCTIONS.map((f) => [f.id, f]));
const pct = (x: number) => `${Number((x * 100).toPrecision(6))}%`;

/**
 * The assumptions behind one ROI formula's rate arguments. `cell` names the cell in the
 * messages' records; `calls` are the formula's ROI calls (findRoiCalls); `numbersOf`
 * gives the numbers an argument's text evaluates to ([] when it cannot tell).
 */
export function assumptionFlags(
  cell: string,
  calls: ReadonlyArray<Pick<RoiCall, 'id' | 'args'>>,
  numbersOf: (argText: string) => number[],
): Flag[] {
  const flags: Flag[] = [];
  for (const call of calls) {
    const spec = SPECS.get(call.id);
    if (!spec) continue;
    spec.params.forEach((param, i) => {
      if (param.kind !== 'rate' && param.kind !== 'rateList') return;
      const arg = call.args[i];
      const text = arg?.text.trim() ?? '';
      const isChurn = /churn/.test(param.name);
      if (!text) {
        if (isChurn && param.optional)
          flags.push({
            cell,
            code: 'no-churn',
            message: `${spec.name}: churn_rate is left out, so the model assumes no customer ever leaves (churn 0).`,
          });
        return;
      }
      if (isLiteralConstant(text)) {
        flags.push({
          cell,
          code: 'constant-rate',
          message: `${spec.name}: ${param.name} is typed into the formula as ${text}; put it in a cell and reference it, so reviewers can see and change the assumption.`,
        });
      }
      const values = numbersOf(text);
      if (!values.length) return;
      const whole = values.filter((v) => v > 1 && v <= 100);
      if (whole.length)
        flags.push({
          cell,
          code: 'whole-number-rate',
          message: `${spec.name}: ${param.name} holds ${whole[0]}, which looks like a percentage typed as a whole number (enter 25% or 0.25, not 25).`,
        });
      if (param.kind === 'rateList') {
        const close = values[values.length - 1];
        if (close > 0.6 && close <= 1)
          flags.push({
            cell,
            code: 'high-close-rate',
            message: `${spec.name}: the close rate (last conversion rate) is ${pct(close)}, above 60%: is that really the share of qualified opportunities won?`,
          });
        if (values.slice(0, -1).some((v) => v === 1))
          flags.push({
            cell,
            code: 'full-conversion',
            message: `${spec.name}: a stage converts 100% in ${param.name}: no stage of a real funnel loses nobody.`,
          });
      } else if (param.name === 'win_rate') {
        const hi = values.find((v) => v > 0.6 && v <= 1);
        if (hi !== undefined)
          flags.push({
            cell,
            code: 'high-close-rate',
            message: `${spec.name}: win_rate is ${pct(hi)}, above 60%: is that really the share of qualified opportunities won?`,
          });
      } else if (isChurn && values.some((v) => v === 0)) {
        flags.push({
          cell,
          code: 'zero-churn',
          message: `${spec.name}: churn_rate is 0, so the model assumes no customer ever leaves.`,
        });
      }
    });
  }
  return flags;
}

/**
 * A formula as the task pane lists it: monospace, breaking only after an argument's comma
 * or an opening parenthesis (a name such as ROI_RevenueGap stays whole unless it alone is
 * wider than the pane), with the full text in a tooltip.
 */
import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { Fragment } from 'react';

const useStyles = makeStyles({
  formula: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground2,
    overflowWrap: 'break-word',
    wordBreak: 'normal',
    minWidth: 0,
  },
});

/** The formula cut into pieces that each end where a line may break: after "," or "(". */
export function formulaPieces(formula: string): string[] {
  return formula.replace(/([,(])/g, '$1\u0000').split('\u0000');
}

export function FormulaText({ formula, className, testId }: { formula: string; className?: string; testId?: string }) {
  const styles = useStyles();
  const pieces = formulaPieces(formula);
  return (
    <span className={mergeClasses(styles.formula, className)} title={formula} data-testid={testId}>
      {pieces.map((p, i) => (
        <Fragment key={i}>
          {p}
          {i < pieces.length - 1 ? <wbr /> : null}
        </Fragment>
      ))}
    </span>
  );
}

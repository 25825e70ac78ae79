/**
 * The progress of long work in the pane (Review over a big workbook, Share freezing or
 * restoring many formulas, Calibrate): a bar, "N of M <what>", and Cancel where the work
 * can stop cleanly. It draws nothing until the action has a progress to show
 * (useAsyncAction shows it after about a second), and Cancel turns off once every step is
 * done: the one write batch is then on its way and is not interrupted.
 */
import { Button, Caption1, ProgressBar, makeStyles, tokens } from '@fluentui/react-components';
import { useId } from 'react';
import type { ProgressStep } from '../../base/progress';

const useStyles = makeStyles({
  root: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1fr) auto',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXXS,
  },
  label: { gridColumn: '1 / 2' },
  bar: { gridColumn: '1 / 2' },
  cancel: { gridColumn: '2 / 3', gridRow: '1 / 3' },
  count: { color: tokens.colorNeutralForeground2, fontVariantNumeric: 'tabular-nums' },
});

export interface WorkProgressProps {
  /** What the work is doing ("Reviewing the workbook"). */
  label: string;
  /** How far it got; nothing is drawn while null. */
  progress: ProgressStep | null;
  /** Stops the work; no Cancel button when absent. */
  onCancel?: () => void;
}

/** "1,234 of 5,000 formulas checked". */
export function progressText({ done, total, what }: ProgressStep): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return `${n(Math.min(done, total))} of ${n(total)} ${what}`;
}

export function WorkProgress({ label, progress, onCancel }: WorkProgressProps) {
  const styles = useStyles();
  const labelId = useId();
  if (!progress) return null;
  const text = progressText(progress);
  const finished = progress.done >= progress.total;
  return (
    <div className={styles.root} role="group" aria-labelledby={labelId} data-testid="work-progress">
      <Caption1 id={labelId} className={styles.label}>
        {label}:{' '}
        <span className={styles.count} data-testid="work-progress-count">
          {text}
        </span>
      </Caption1>
      <ProgressBar
        className={styles.bar}
        value={progress.total > 0 ? Math.min(progress.done, progress.total) : undefined}
        max={progress.total > 0 ? progress.total : undefined}
        aria-labelledby={labelId}
        aria-valuetext={text}
        thickness="large"
      />
      {onCancel ? (
        <Button className={styles.cancel} size="small" onClick={onCancel} disabled={finished}>
          Cancel
        </Button>
      ) : null}
    </div>
  );
}

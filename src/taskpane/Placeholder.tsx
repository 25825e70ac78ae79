/**
 * Shown until the real task pane views exist: proves the page, React, Fluent UI and the
 * shared runtime load, and says where the functions are.
 */
import { Body1, Caption1, Title3, makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalL,
  },
});

export interface PlaceholderProps {
  /** The Office host the page runs in, or null outside Office (a plain browser). */
  host?: string | null;
}

export function Placeholder({ host }: PlaceholderProps) {
  const styles = useStyles();
  return (
    <main className={styles.root} aria-label="Outcome ROI">
      <Title3 as="h1">Outcome ROI</Title3>
      <Body1>
        Type <code>=ROI.</code> in a cell to see the functions, for example{' '}
        <code>=ROI.REQUIREDLEADS(3000000, 50000, {'{0.5,0.4,0.25}'})</code>.
      </Body1>
      <Caption1>{host ? `Running in ${host}.` : 'Running outside Office.'}</Caption1>
    </main>
  );
}

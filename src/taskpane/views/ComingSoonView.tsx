/** Stands in for a view that is not built yet, so the tab order is final from the start. */
import { Body1, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import type { ViewProps } from './types';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, padding: tokens.spacingVerticalL },
});

export default function ComingSoonView({ title }: ViewProps) {
  const styles = useStyles();
  return (
    <section className={styles.root} aria-label={title}>
      <Subtitle2 as="h2">{title}</Subtitle2>
      <Body1>This view is coming in a later version of Outcome ROI.</Body1>
    </section>
  );
}

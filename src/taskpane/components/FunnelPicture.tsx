/**
 * A small picture of the reverse funnel: one centred bar per stage (CSS only, no chart
 * library), the count beside it. Widths follow the logarithm of the volume: a funnel that
 * starts from 60,000 visitors and ends in 60 deals would otherwise show one bar and four
 * specks. Screen readers get the same numbers as one sentence.
 */
import { Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { formatCount } from '../state/parse';

export interface FunnelStageVolume {
  name: string;
  volume: number;
}

const useStyles = makeStyles({
  root: {
    display: 'grid',
    gridTemplateColumns: 'minmax(4.5em, auto) 1fr minmax(3.5em, auto)',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalS,
    rowGap: '3px',
  },
  name: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  track: { display: 'flex', justifyContent: 'center' },
  bar: {
    height: '16px',
    borderRadius: tokens.borderRadiusSmall,
    backgroundColor: tokens.colorBrandBackground,
    minWidth: '3px',
  },
  last: { backgroundColor: tokens.colorPaletteGreenBackground3 },
  count: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
});

export function FunnelPicture({ stages }: { stages: readonly FunnelStageVolume[] }) {
  const styles = useStyles();
  const top = Math.log10(Math.max(10, ...stages.map((s) => s.volume)));
  /** Width in percent: 6% for a volume of 1 or less, 100% for the largest. */
  const width = (v: number) => (v <= 1 ? 6 : 6 + (94 * Math.log10(v)) / top);
  const summary = stages.map((s) => `${s.name} ${formatCount(s.volume)}`).join(', ');
  return (
    <div className={styles.root} role="img" aria-label={`Funnel: ${summary}`} data-testid="funnel-picture">
      {stages.map((s, i) => (
        <div key={`${i}-${s.name}`} style={{ display: 'contents' }} aria-hidden="true">
          <Caption1 className={styles.name} title={s.name}>
            {s.name}
          </Caption1>
          <div className={styles.track}>
            <div
              className={i === stages.length - 1 ? `${styles.bar} ${styles.last}` : styles.bar}
              style={{ width: `${width(s.volume).toFixed(1)}%` }}
              data-volume={s.volume}
            />
          </div>
          <Caption1 className={styles.count}>{formatCount(s.volume)}</Caption1>
        </div>
      ))}
    </div>
  );
}

/**
 * A small picture of the reverse funnel: one centred bar per stage, its width in
 * proportion to the stage's volume (CSS only, no chart library). Screen readers get the
 * same numbers as one sentence.
 */
import { Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { formatCount } from '../state/parse';

export interface FunnelStageVolume {
  name: string;
  volume: number;
}

const useStyles = makeStyles({
  root: { display: 'grid', gridTemplateColumns: 'minmax(4.5em, auto) 1fr minmax(3.5em, auto)', alignItems: 'center', columnGap: tokens.spacingHorizontalS, rowGap: '3px' },
  name: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  track: { display: 'flex', justifyContent: 'center' },
  bar: { height: '16px', borderRadius: tokens.borderRadiusSmall, backgroundColor: tokens.colorBrandBackground, minWidth: '3px' },
  last: { backgroundColor: tokens.colorPaletteGreenBackground3 },
  count: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
});

export function FunnelPicture({ stages }: { stages: readonly FunnelStageVolume[] }) {
  const styles = useStyles();
  const max = Math.max(1, ...stages.map((s) => s.volume));
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
              style={{ width: `${Math.max(2, (100 * s.volume) / max)}%` }}
              data-volume={s.volume}
            />
          </div>
          <Caption1 className={styles.count}>{formatCount(s.volume)}</Caption1>
        </div>
      ))}
    </div>
  );
}

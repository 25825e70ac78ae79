/**
 * The live preview: the numbers the model sheet will show (the outputs of MODEL_OUTPUTS
 * marked for the pane, with the sheet's own labels and number formats, so each reads as
 * its cell will), the headline sentence, a small funnel, and what moves the number. Where
 * a value is an error on the sheet, the preview shows its code and message.
 */
import { Body1, Body1Strong, Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { formatValue } from '../../base/format';
import { isRoiError, type RoiError } from '../../core';
import { MODEL_OUTPUTS, type ModelOutput, type ModelPreview, type PreviewValue } from '../../features/model';
import { FunnelPicture } from './FunnelPicture';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  numbers: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1fr) auto',
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXXS,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground2 },
  value: { margin: 0, textAlign: 'right', fontVariantNumeric: 'tabular-nums', fontWeight: tokens.fontWeightSemibold },
  error: { color: tokens.colorPaletteRedForeground1, gridColumn: '1 / -1', margin: 0 },
  lever: { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) auto', columnGap: tokens.spacingHorizontalM },
  h3: { margin: `0 0 ${tokens.spacingVerticalXS}` },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** The outputs the pane shows, in the sheet's order. */
const SHOWN = (MODEL_OUTPUTS as readonly ModelOutput[]).filter((o) => o.pane);

function text(v: PreviewValue, format: string): string {
  return isRoiError(v) ? (v as RoiError).code : formatValue(v, format);
}

export interface PreviewPanelProps {
  preview: ModelPreview | null;
  /** How many fields need attention (the preview waits for them). */
  problems: number;
}

/** The headline sentence; the view also repeats it beside the buttons. */
export function sentenceText(preview: ModelPreview | null, problems: number): string {
  if (!preview)
    return problems
      ? `The preview waits for ${problems === 1 ? 'one field' : `${problems} fields`} marked above.`
      : 'Computing the preview...';
  return isRoiError(preview.sentence) ? (preview.sentence as RoiError).message : (preview.sentence as string);
}

export function PreviewPanel({ preview, problems }: PreviewPanelProps) {
  const styles = useStyles();
  if (!preview) {
    return <Body1 className={styles.muted}>{sentenceText(preview, problems)}</Body1>;
  }
  const funnel = preview.funnel;
  const lever = preview.sensitivitySentence;
  return (
    <div className={styles.root} data-testid="preview">
      <dl className={styles.numbers}>
        {SHOWN.map((o) => {
          const v = preview[o.key as keyof ModelPreview] as PreviewValue;
          return (
            <div key={o.key} style={{ display: 'contents' }}>
              <dt className={styles.term}>
                <Body1>{o.label}</Body1>
              </dt>
              <dd
                className={styles.value}
                data-preview={o.key}
                title={isRoiError(v) ? (v as RoiError).message : undefined}
              >
                {text(v, o.format)}
              </dd>
              {isRoiError(v) ? <Caption1 className={styles.error}>{(v as RoiError).message}</Caption1> : null}
            </div>
          );
        })}
      </dl>
      <div>
        <Body1Strong as="h3" block className={styles.h3}>
          Funnel
        </Body1Strong>
        {isRoiError(funnel) ? (
          <Caption1 className={styles.error}>{(funnel as RoiError).message}</Caption1>
        ) : (
          <>
            <FunnelPicture
              stages={(funnel as Exclude<ModelPreview['funnel'], RoiError>).map((r) => ({
                name: r.name,
                volume: typeof r.volume === 'number' ? r.volume : 0,
              }))}
            />
            <Caption1 className={styles.muted}>Bar widths on a log scale; the numbers are exact.</Caption1>
          </>
        )}
      </div>
      <div>
        <Body1Strong as="h3" block className={styles.h3}>
          What moves the number
        </Body1Strong>
        <Body1 as="p" style={{ margin: 0 }} data-testid="sensitivity-sentence" aria-live="polite">
          {isRoiError(lever) ? (lever as RoiError).message : (lever as string)}
        </Body1>
      </div>
    </div>
  );
}

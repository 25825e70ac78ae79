/**
 * The live preview: the numbers the model sheet will show (the outputs of MODEL_OUTPUTS
 * marked for the pane, with the sheet's own labels and number formats, so each reads as
 * its cell will), the headline sentence, a small funnel, the plan month by month (its
 * sentence and a compact table), and what moves the number. Where
 * a value is an error on the sheet, the preview shows its code and message.
 */
import { Body1, Body1Strong, Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { Suspense, lazy } from 'react';
import { formatValue } from '../../base/format';
import { isRoiError, type RoiError } from '../../core';
import { MODEL_OUTPUTS, type ModelOutput, type ModelPreview, type PreviewValue } from '../../features/model';
import { FunnelPicture } from './FunnelPicture';

// The month-by-month table is below the fold: it loads when the preview first shows it.
const MonthPlanTable = lazy(() => import(/* webpackChunkName: "month-plan" */ './MonthPlanTable'));

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

/** A sentence cell's text, or its error's message. */
function valueText(v: PreviewValue): string {
  return isRoiError(v) ? (v as RoiError).message : String(v);
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
          Month by month
        </Body1Strong>
        <Body1 as="p" style={{ margin: 0 }} data-testid="month-sentence" aria-live="polite">
          {valueText(preview.months.sentence)}
        </Body1>
        <Caption1 as="p" className={styles.muted} style={{ margin: 0 }} data-testid="before-sentence">
          {valueText(preview.months.beforeSentence)}
        </Caption1>
        {isRoiError(preview.months.rows) ? (
          <Caption1 className={styles.error}>{(preview.months.rows as RoiError).message}</Caption1>
        ) : (
          <Suspense fallback={<Caption1 className={styles.muted}>Loading the months...</Caption1>}>
            <MonthPlanTable months={preview.months} />
          </Suspense>
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

/**
 * The live preview: the numbers the model sheet will show, computed by the core for the
 * form's inputs (previewModel), the headline sentence, a small funnel, and what moves the
 * number. Where a value is an error on the sheet, the preview shows its code and message.
 */
import { Body1, Body1Strong, Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { isRoiError, type RoiError } from '../../core';
import type { ModelPreview, PreviewValue } from '../../features/model';
import { formatCount, formatMoney, formatPercent } from '../state/parse';
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

type Show = (x: number) => string;

const whole: Show = formatCount;
const money: Show = formatMoney;
const pct: Show = (x) => formatPercent(x, 1);
const ratio: Show = (x) => `${x.toFixed(1)} : 1`;
const months: Show = (x) => `${x.toFixed(1)} months`;

/** The key numbers, in reading order: label, preview key, format. */
function keyNumbers(p: ModelPreview, confidence: number): Array<[string, PreviewValue, Show, string]> {
  return [
    ['Revenue to add', p.revenueGap, money, 'revenueGap'],
    ['Deals needed', p.deals, whole, 'deals'],
    ['Qualified opportunities (year)', p.opportunities, whole, 'opportunities'],
    ['Opportunities a month from marketing', p.marketingOpportunitiesPerMonth, whole, 'marketingOpportunitiesPerMonth'],
    ['Open pipeline to keep', p.openPipeline, whole, 'openPipeline'],
    ['Leads needed (year)', p.leads, whole, 'leads'],
    ['Leads a month', p.leadsPerMonth, whole, 'leadsPerMonth'],
    [`Leads to be ${formatPercent(confidence, 0)} sure`, p.leadsAtConfidence, whole, 'leadsAtConfidence'],
    ['Chance the planned leads hit the target', p.hitProbability, pct, 'hitProbability'],
    ['CAC', p.cac, money, 'cac'],
    ['LTV', p.ltv, money, 'ltv'],
    ['LTV : CAC', p.ltvToCac, ratio, 'ltvToCac'],
    ['Payback', p.paybackMonths, months, 'paybackMonths'],
    ['ROMI', p.romi, pct, 'romi'],
    ['First-year profit per customer', p.customerProfit, money, 'customerProfit'],
  ];
}

function text(v: PreviewValue, show: Show): string {
  return isRoiError(v) ? (v as RoiError).code : show(v as number);
}

export interface PreviewPanelProps {
  preview: ModelPreview | null;
  confidence: number;
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

export function PreviewPanel({ preview, confidence, problems }: PreviewPanelProps) {
  const styles = useStyles();
  if (!preview) {
    return <Body1 className={styles.muted}>{sentenceText(preview, problems)}</Body1>;
  }
  const funnel = preview.funnel;
  const lever = preview.sensitivitySentence;
  return (
    <div className={styles.root} data-testid="preview">
      <dl className={styles.numbers}>
        {keyNumbers(preview, confidence).map(([label, v, show, key]) => (
          <div key={key} style={{ display: 'contents' }}>
            <dt className={styles.term}>
              <Body1>{label}</Body1>
            </dt>
            <dd className={styles.value} data-preview={key} title={isRoiError(v) ? (v as RoiError).message : undefined}>
              {text(v, show)}
            </dd>
            {isRoiError(v) ? <Caption1 className={styles.error}>{(v as RoiError).message}</Caption1> : null}
          </div>
        ))}
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
                volume: isRoiError(r.volume) ? 0 : (r.volume as number),
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

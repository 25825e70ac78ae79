/**
 * Review (for finance): every ROI.* formula in the workbook, grouped by sheet, each a
 * click away; the assumption checks of `roi check` (the same rules); and "Explain this
 * cell": the derivation in words, or the reason of an error Excel does not spell out; and
 * "Compare with another version" (components/CompareVersions.tsx).
 */
import {
  Body1,
  Button,
  Caption1,
  Link,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Subtitle2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import { useAsyncAction } from '../state/useAsyncAction';
import { explainCell, explainSelection, type CellExplanation } from '../../features/review/explain';
import { reviewWorkbook, type Review } from '../../features/review/review';
import { showCell } from '../../base/format';
import { errorText } from '../../base/error-text';
import { FormulaText } from '../components/FormulaText';
import { CompareVersions } from '../components/CompareVersions';
import { WorkProgress } from '../components/WorkProgress';
import type { ViewProps } from './types';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}`,
  },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  heading: { margin: 0 },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
  },
  item: {
    display: 'grid',
    gridTemplateColumns: 'minmax(3.5em, auto) 1fr auto',
    gridTemplateAreas: '"cell value explain" "formula formula formula"',
    columnGap: tokens.spacingHorizontalS,
    alignItems: 'baseline',
    paddingBottom: tokens.spacingVerticalXS,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke3}`,
  },
  itemCell: { gridArea: 'cell' },
  itemValue: {
    gridArea: 'value',
    justifySelf: 'end',
    fontWeight: tokens.fontWeightSemibold,
    fontVariantNumeric: 'tabular-nums',
    whiteSpace: 'nowrap',
  },
  itemExplain: { gridArea: 'explain' },
  itemFormula: { gridArea: 'formula' },
  bullets: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  explain: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingVerticalS,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
});

/** Formulas listed per sheet before "and N more". */
const SHOWN_PER_SHEET = 200;

export default function ReviewView({ port, title }: ViewProps) {
  const styles = useStyles();
  const [review, setReview] = useState<Review | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [explanation, setExplanation] = useState<CellExplanation | null>(null);
  const [explainError, setExplainError] = useState<string | null>(null);
  const { busy, run: act, progress, cancel } = useAsyncAction<'reading' | 'explaining'>('reading');

  const run = useCallback(async () => {
    setError(null);
    await act(
      'reading',
      async (control) => {
        const r = await reviewWorkbook(port, control);
        return () => setReview(r);
      },
      {
        failed: (e) => setError(errorText(e)),
        // Reading writes nothing: a cancelled review keeps the last one shown, and says so.
        cancelled: () => setError('The review was cancelled before it finished; the workbook was only read.'),
      },
    );
  }, [port, act]);

  useEffect(() => {
    void run();
  }, [run]);

  const explain = useCallback(
    async (cell?: { sheet: string; address: string }) => {
      setExplainError(null);
      await act(
        'explaining',
        async () => {
          const ex = cell ? await explainCell(port, cell.sheet, cell.address) : await explainSelection(port);
          return () => setExplanation(ex);
        },
        {
          failed: (e) => {
            setExplanation(null);
            setExplainError(errorText(e));
          },
        },
      );
    },
    [port, act],
  );

  const go = (sheet: string, address: string) => void port.select(sheet, address).catch(() => undefined);
  const inv = review?.inventory;

  return (
    <section className={styles.root} aria-label={title}>
      <Subtitle2 as="h2" className={styles.heading}>
        Review
      </Subtitle2>
      <Body1>
        Every ROI formula in this workbook, the assumptions to question, and what any one of them computes, in words.
      </Body1>

      <div className={styles.section} role="region" aria-labelledby="review-explain">
        <Subtitle2 as="h3" id="review-explain" className={styles.heading}>
          Explain this cell
        </Subtitle2>
        <div className={styles.row}>
          <Button
            appearance="primary"
            onClick={() => void explain()}
            disabled={busy !== null}
            icon={busy === 'explaining' ? <Spinner size="tiny" aria-hidden="true" /> : undefined}
          >
            Explain this cell
          </Button>
          <Caption1>Select a cell with a ROI formula, then click.</Caption1>
        </div>
        {explainError ? (
          <MessageBar intent="warning" data-testid="review-explain-error">
            <MessageBarBody>{explainError}</MessageBarBody>
          </MessageBar>
        ) : null}
        {explanation ? (
          <div className={styles.explain} data-testid="review-explanation" aria-live="polite">
            <Body1>
              <strong>{`${explanation.sheet}!${explanation.address}`}</strong>
            </Body1>
            <FormulaText formula={explanation.formula} />
            <Body1 data-testid="review-headline">{explanation.headline}</Body1>
            {explanation.calls.map((c, i) => (
              <div key={`${c.text}-${i}`}>
                {explanation.calls.length > 1 || !explanation.headline.includes('=') ? (
                  <FormulaText formula={c.text} />
                ) : null}
                <ul className={styles.bullets}>
                  {c.lines.map((l) => (
                    <li key={l}>
                      <Body1>{l}</Body1>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </div>
        ) : null}
      </div>

      <CompareVersions port={port} />

      {error ? (
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>The workbook could not be read</MessageBarTitle>
            {error}
          </MessageBarBody>
        </MessageBar>
      ) : null}

      <div className={styles.row}>
        <Button
          size="small"
          onClick={() => void run()}
          disabled={busy !== null}
          icon={busy === 'reading' ? <Spinner size="tiny" aria-hidden="true" /> : undefined}
        >
          {busy === 'reading' ? 'Reading the workbook...' : 'Review again'}
        </Button>
        {busy === 'reading' ? (
          <WorkProgress label="Reviewing the workbook" progress={progress} onCancel={cancel} />
        ) : null}
        {inv ? (
          <Caption1 data-testid="review-summary">
            {`${inv.formulas.length} ROI formula${inv.formulas.length === 1 ? '' : 's'} on ${inv.sheets.length} sheet${inv.sheets.length === 1 ? '' : 's'}; ${review.flags.length} assumption${review.flags.length === 1 ? '' : 's'} to question.`}
            {inv.ledger ? ` The workbook is prepared for sharing: frozen formulas are recorded in ${inv.ledger}.` : ''}
          </Caption1>
        ) : null}
      </div>

      {review && (review.stuck.length || review.unknown.length) ? (
        <MessageBar intent="warning" data-testid="review-stuck">
          <MessageBarBody>
            <MessageBarTitle>Formulas Excel cannot compute</MessageBarTitle>
            {review.stuck.length
              ? `${review.stuck.length} show #NAME? because they were typed while the add-in was not loaded: re-enter them (F2, Enter) or run roi recalc on the file. `
              : ''}
            {review.unknown.length
              ? `${review.unknown.length} call ROI functions that do not exist (${[...new Set(review.unknown.flatMap((f) => f.unknownFunctions))].join(', ')}).`
              : ''}
          </MessageBarBody>
        </MessageBar>
      ) : null}

      {review ? (
        <div className={styles.section} role="region" aria-labelledby="review-checks">
          <Subtitle2 as="h3" id="review-checks" className={styles.heading}>
            Assumptions to question
          </Subtitle2>
          {review.flags.length ? (
            <ul className={styles.list}>
              {review.flags.map((f, i) => (
                <li key={`${f.sheet}!${f.address}-${f.code}-${i}`} data-testid="review-flag">
                  <Link as="button" onClick={() => go(f.sheet, f.address)}>{`${f.sheet}!${f.address}`}</Link>{' '}
                  <Body1>{f.message}</Body1>
                </li>
              ))}
            </ul>
          ) : (
            <Caption1>
              None: no rate typed into a formula, no close rate above 60%, no churn of 0, no 25 for 25%.
            </Caption1>
          )}
        </div>
      ) : null}

      {inv ? (
        <div className={styles.section} role="region" aria-labelledby="review-inventory">
          <Subtitle2 as="h3" id="review-inventory" className={styles.heading}>
            ROI formulas
          </Subtitle2>
          {inv.sheets.length === 0 ? <Caption1>This workbook has no ROI formulas yet.</Caption1> : null}
          {inv.sheets.map((s) => (
            <div key={s.sheet} className={styles.section} role="group" aria-label={`Sheet ${s.sheet}`}>
              <Body1>
                <strong>{s.sheet}</strong> {`(${s.formulas.length})`}
              </Body1>
              <ul className={styles.list}>
                {s.formulas.slice(0, SHOWN_PER_SHEET).map((f) => (
                  <li key={f.address} className={styles.item} data-testid="review-formula">
                    <Link
                      as="button"
                      className={styles.itemCell}
                      onClick={() => go(f.sheet, f.address)}
                      aria-label={`Go to ${f.sheet}!${f.address}`}
                    >
                      {f.address}
                    </Link>
                    <span className={styles.itemValue} data-testid="review-value">
                      {showCell(f.value, f.numberFormat)}
                    </span>
                    <Button
                      size="small"
                      appearance="subtle"
                      className={styles.itemExplain}
                      onClick={() => void explain({ sheet: f.sheet, address: f.address })}
                      aria-label={`Explain ${f.sheet}!${f.address}`}
                      disabled={busy !== null}
                    >
                      Explain
                    </Button>
                    <FormulaText formula={f.formula} className={styles.itemFormula} testId="review-formula-text" />
                  </li>
                ))}
              </ul>
              {s.formulas.length > SHOWN_PER_SHEET ? (
                <Caption1>{`...and ${s.formulas.length - SHOWN_PER_SHEET} more on this sheet.`}</Caption1>
              ) : null}
            </div>
          ))}
        </div>
      ) : null}
    </section>
  );
}

/**
 * Outcome check: select a row or column of metric names (a dashboard's headers); each
 * gets its METRICKIND label, the view shows the mix of outputs, results and outcomes, and
 * names the outcome metrics the dashboard lacks. "Write labels" adds them beside the names
 * as one live =ROI.METRICKIND formula, when those cells are empty.
 */
import { Badge, Body1, Button, Caption1, Spinner, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { useCallback, useState } from 'react';
import { useAsyncAction } from '../state/useAsyncAction';
import { mixSentence, readMetricNames, writeLabels, type OutcomeReport } from '../../features/outcome/outcome';
import { errorText } from '../../base/error-text';
import { NoticeBar, type Notice } from '../components/NoticeBar';
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
    gap: tokens.spacingVerticalXXS,
  },
  label: { display: 'flex', justifyContent: 'space-between', gap: tokens.spacingHorizontalS },
  bar: {
    display: 'flex',
    height: '12px',
    borderRadius: tokens.borderRadiusSmall,
    overflow: 'hidden',
    backgroundColor: tokens.colorNeutralBackground3,
  },
  bullets: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

const KIND_COLOR = { output: '#A5A5A5', result: '#5B9BD5', outcome: '#70AD47', unknown: '#E0E0E0' } as const;
const BADGE: Record<string, 'informative' | 'brand' | 'success' | 'subtle'> = {
  output: 'informative',
  result: 'brand',
  outcome: 'success',
  unknown: 'subtle',
};

const SHOWN = 100;

export default function OutcomeCheckView({ port, title }: ViewProps) {
  const styles = useStyles();
  const [report, setReport] = useState<OutcomeReport | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const { busy, run } = useAsyncAction<'reading' | 'writing'>();

  const check = useCallback(async () => {
    setNotice(null);
    await run(
      'reading',
      async () => {
        const r = await readMetricNames(port);
        return () => setReport(r);
      },
      {
        failed: (e) => {
          setReport(null);
          setNotice({ intent: 'error', title: 'Nothing to check', body: errorText(e) });
        },
      },
    );
  }, [port, run]);

  const write = useCallback(async () => {
    if (!report) return;
    setNotice(null);
    await run(
      'writing',
      async () => {
        const r = await writeLabels(port, report);
        return () =>
          setNotice({
            intent: 'success',
            title: 'Labels written',
            body: `${r.address} now labels each metric with a live =ROI.METRICKIND formula: rename a metric and its label follows.`,
          });
      },
      { failed: (e) => setNotice({ intent: 'warning', title: 'Labels not written', body: errorText(e) }) },
    );
  }, [port, report, run]);

  const total = report ? report.labels.length : 0;

  return (
    <section className={styles.root} aria-label={title}>
      <Subtitle2 as="h2" className={styles.heading}>
        Outcome check
      </Subtitle2>
      <Body1>
        Does your dashboard measure outcomes (customers, profitable revenue, CAC, lifetime value, churn) or only outputs
        and results? Select the row or column of its metric names, then check.
      </Body1>
      <div className={styles.row}>
        <Button
          appearance="primary"
          onClick={() => void check()}
          disabled={busy !== null}
          icon={busy === 'reading' ? <Spinner size="tiny" aria-hidden="true" /> : undefined}
        >
          Check the selection
        </Button>
      </div>

      {report ? (
        <>
          <div className={styles.section} aria-live="polite">
            <Body1 data-testid="outcome-mix">{mixSentence(report)}</Body1>
            <div
              className={styles.bar}
              role="img"
              aria-label={`Outputs ${report.mix.output}, results ${report.mix.result}, outcomes ${report.mix.outcome}, not recognised ${report.mix.unknown}`}
            >
              {(['output', 'result', 'outcome', 'unknown'] as const).map((k) =>
                report.mix[k] ? (
                  <div key={k} style={{ width: `${(100 * report.mix[k]) / total}%`, backgroundColor: KIND_COLOR[k] }} />
                ) : null,
              )}
            </div>
          </div>

          <div className={styles.section} role="region" aria-labelledby="outcome-missing">
            <Subtitle2 as="h3" id="outcome-missing" className={styles.heading}>
              {report.missing.length ? 'Outcomes this dashboard lacks' : 'Every key outcome is there'}
            </Subtitle2>
            {report.missing.length ? (
              <ul className={styles.bullets}>
                {report.missing.map((m) => (
                  <li key={m.id} data-testid="outcome-missing-item">
                    <Body1>
                      <strong>{m.label}</strong>: {m.suggestion}
                    </Body1>
                  </li>
                ))}
              </ul>
            ) : (
              <Caption1>Customers won, profitable revenue, CAC, lifetime value and churn are all measured.</Caption1>
            )}
          </div>

          <div className={styles.section} role="region" aria-labelledby="outcome-labels">
            <Subtitle2 as="h3" id="outcome-labels" className={styles.heading}>
              Each metric
            </Subtitle2>
            <ul className={styles.list}>
              {report.labels.slice(0, SHOWN).map((l) => (
                <li key={l.address} className={styles.label} data-testid="outcome-label">
                  <Body1>{l.name}</Body1>
                  <Badge appearance="tint" color={BADGE[l.kind ?? 'unknown']}>
                    {l.kind ?? 'not recognised'}
                  </Badge>
                </li>
              ))}
            </ul>
            {report.labels.length > SHOWN ? (
              <Caption1>{`...and ${report.labels.length - SHOWN} more.`}</Caption1>
            ) : null}
            {report.mix.unknown ? (
              <Caption1>
                Names not recognised show #N/A in the sheet; its message lists names METRICKIND knows.
              </Caption1>
            ) : null}
          </div>

          <div className={styles.row}>
            <Button
              onClick={() => void write()}
              disabled={busy !== null}
              icon={busy === 'writing' ? <Spinner size="tiny" aria-hidden="true" /> : undefined}
            >
              {report.orientation === 'column' ? 'Write labels beside the names' : 'Write labels below the names'}
            </Button>
            <Caption1>Only into empty cells.</Caption1>
          </div>
        </>
      ) : null}

      <NoticeBar notice={notice} testId="outcome-notice" />
    </section>
  );
}

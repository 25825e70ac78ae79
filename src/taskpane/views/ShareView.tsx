/**
 * Share: "Prepare for sharing" freezes every ROI formula to its value (a reader without
 * the add-in sees numbers, never #NAME?) and records the formulas in the very hidden
 * ROI_Ledger sheet `roi freeze` writes; "Restore formulas" puts them back, also for a
 * workbook frozen with `roi freeze`. Each is one batch; nothing else is touched.
 */
import {
  Body1,
  Button,
  Caption1,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Subtitle2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import { WorkProgress } from '../components/WorkProgress';
import { useAsyncAction } from '../state/useAsyncAction';
import { prepareForSharing, restoreFormulas, shareStatus, type ShareStatus } from '../../features/share/share';
import { errorText } from '../../base/error-text';
import { FormulaText } from '../components/FormulaText';
import type { ViewProps } from './types';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}`,
  },
  heading: { margin: 0 },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  bullets: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  frozenList: {
    listStyleType: 'none',
    margin: `${tokens.spacingVerticalXS} 0 0 0`,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    minWidth: 0,
  },
  frozenItem: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  frozenHead: {
    display: 'flex',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalS,
    alignItems: 'baseline',
  },
  frozenValue: {
    fontWeight: tokens.fontWeightSemibold,
    fontVariantNumeric: 'tabular-nums',
    textAlign: 'right',
    whiteSpace: 'nowrap',
  },
  body: { minWidth: 0, overflowWrap: 'break-word' },
});

interface FrozenItem {
  cell: string;
  formula: string;
  shown: string;
}

interface Notice {
  intent: 'success' | 'error' | 'warning' | 'info';
  title: string;
  body: string;
  items?: string[];
  frozen?: FrozenItem[];
  more?: number;
}

const LISTED = 12;

export default function ShareView({ port, title }: ViewProps) {
  const styles = useStyles();
  const [status, setStatus] = useState<ShareStatus | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const { busy, run, whileMounted, progress, cancel } = useAsyncAction<'reading' | 'freezing' | 'thawing'>('reading');

  /** The status line: live formulas and the ledger (never throws: a failure is a notice). */
  const refresh = useCallback(async () => {
    try {
      const s = await shareStatus(port);
      whileMounted(() => setStatus(s));
    } catch (e) {
      whileMounted(() => setNotice({ intent: 'error', title: 'The workbook could not be read', body: errorText(e) }));
    }
  }, [port, whileMounted]);

  useEffect(() => {
    void run('reading', refresh);
  }, [run, refresh]);

  const freeze = useCallback(async () => {
    setNotice(null);
    await run(
      'freezing',
      async (control) => {
        const r = await prepareForSharing(port, control);
        const frozen = r.frozen
          .slice(0, LISTED)
          .map((f) => ({ cell: `${f.sheet}!${f.range}`, formula: f.formula, shown: f.shown }));
        return () =>
          setNotice({
            intent: 'success',
            title: 'Ready to share',
            body: `${r.frozen.length} ROI formula${r.frozen.length === 1 ? ' is' : 's are'} now the values they showed; the formulas are kept in the very hidden sheet ${r.ledger}. Restore formulas (here, or roi thaw on the file) puts them back.`,
            frozen,
            more: Math.max(0, r.frozen.length - LISTED),
          });
      },
      {
        failed: (e) =>
          setNotice({
            intent: 'error',
            title: 'Not prepared for sharing',
            body: `${errorText(e)} Nothing was changed.`,
          }),
        cancelled: () =>
          setNotice({ intent: 'info', title: 'Not prepared for sharing', body: 'Cancelled: nothing was changed.' }),
        settled: refresh,
      },
    );
  }, [port, run, refresh]);

  const thaw = useCallback(async () => {
    setNotice(null);
    await run(
      'thawing',
      async (control) => {
        const r = await restoreFormulas(port, control);
        return () =>
          setNotice({
            intent: r.warnings.length ? 'warning' : 'success',
            title: 'Formulas restored',
            body: `${r.restored.length} ROI formula${r.restored.length === 1 ? ' is' : 's are'} live again and ${r.ledger} was removed.${r.warnings.length ? ' Note:' : ''}`,
            items: r.warnings,
          });
      },
      {
        failed: (e) =>
          setNotice({ intent: 'error', title: 'Formulas not restored', body: `${errorText(e)} Nothing was changed.` }),
        cancelled: () =>
          setNotice({ intent: 'info', title: 'Formulas not restored', body: 'Cancelled: nothing was changed.' }),
        settled: refresh,
      },
    );
  }, [port, run, refresh]);

  return (
    <section className={styles.root} aria-label={title}>
      <Subtitle2 as="h2" className={styles.heading}>
        Share
      </Subtitle2>
      <Body1>
        Someone without Outcome ROI sees #NAME? where your ROI formulas are. Prepare for sharing turns each into the
        value it shows, keeps the formulas in a hidden ledger, and Restore formulas brings them back. Nothing else in
        the workbook changes.
      </Body1>
      <Caption1 data-testid="share-status" aria-live="polite">
        {busy === 'reading' || !status
          ? 'Reading the workbook...'
          : `${status.live} live ROI formula${status.live === 1 ? '' : 's'}.${status.ledger ? ` ${status.frozen} frozen formula${status.frozen === 1 ? '' : 's'} recorded in ${status.ledger}.` : ' Not prepared for sharing.'}`}
      </Caption1>
      <div className={styles.row}>
        <Button
          appearance="primary"
          onClick={() => void freeze()}
          disabled={busy !== null || !status || status.live === 0}
          icon={busy === 'freezing' ? <Spinner size="tiny" aria-hidden="true" /> : undefined}
        >
          {busy === 'freezing' ? 'Preparing...' : 'Prepare for sharing'}
        </Button>
        <Button
          onClick={() => void thaw()}
          disabled={busy !== null || !status?.ledger}
          icon={busy === 'thawing' ? <Spinner size="tiny" aria-hidden="true" /> : undefined}
        >
          {busy === 'thawing' ? 'Restoring...' : 'Restore formulas'}
        </Button>
      </div>
      {busy === 'freezing' || busy === 'thawing' ? (
        <WorkProgress
          label={busy === 'freezing' ? 'Preparing for sharing' : 'Restoring formulas'}
          progress={progress}
          onCancel={cancel}
        />
      ) : null}
      {notice ? (
        <MessageBar intent={notice.intent} layout="multiline" data-testid="share-notice">
          <MessageBarBody className={styles.body}>
            <MessageBarTitle>{notice.title}</MessageBarTitle>
            {notice.body}
            {notice.items?.length ? (
              <ul className={styles.bullets}>
                {notice.items.map((i) => (
                  <li key={i}>{i}</li>
                ))}
              </ul>
            ) : null}
            {notice.frozen?.length ? (
              <ul className={styles.frozenList}>
                {notice.frozen.map((f) => (
                  <li key={f.cell} className={styles.frozenItem} data-testid="share-frozen">
                    <span className={styles.frozenHead}>
                      <span>{f.cell}</span>
                      <span className={styles.frozenValue} data-testid="share-frozen-value">
                        {f.shown}
                      </span>
                    </span>
                    <FormulaText formula={f.formula} testId="share-frozen-formula" />
                  </li>
                ))}
                {notice.more ? <li>{`...and ${notice.more} more.`}</li> : null}
              </ul>
            ) : null}
          </MessageBarBody>
        </MessageBar>
      ) : null}
    </section>
  );
}

/**
 * Review > "Compare with another version": the reviewer picks the other file (read here,
 * on this computer, in a Web Worker; nothing is uploaded), and the view answers what
 * changed and what it did to the numbers: a sentence on top, then the assumptions that
 * changed, the formulas added, removed or rewritten, and the results that moved, each cell
 * a link into the workbook, values in their number formats. "Mark the changes" colours
 * the changed input cells (formats only, one batch); "Clear marks" puts back what they
 * covered. The comparison's code loads only when a file is chosen.
 */
import {
  Body1,
  Button,
  Caption1,
  Link,
  MessageBar,
  MessageBarBody,
  Spinner,
  Subtitle2,
  Switch,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { errorText } from '../../base/error-text';
import type { Place } from '../../formula/diff';
import { movement, pctText, placeText, subjectOf, valueText } from '../../formula/diff-words';
import type { Comparison, Side } from '../../features/review/compare';
import type { WorkbookPort } from '../../workbook/port';
import type { CompareRunner } from '../workers/compare-client';
import { useAsyncAction } from '../state/useAsyncAction';
import { FormulaText } from './FormulaText';

const useStyles = makeStyles({
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
    display: 'flex',
    flexDirection: 'column',
    gap: '2px',
    paddingBottom: tokens.spacingVerticalXS,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke3}`,
  },
  values: { fontVariantNumeric: 'tabular-nums' },
  sentence: {
    padding: tokens.spacingVerticalS,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
    fontWeight: tokens.fontWeightSemibold,
  },
  stale: { color: tokens.colorPaletteDarkOrangeForeground1 },
  hidden: { display: 'none' },
});

/** Items listed per section before "and N more". */
const SHOWN = 200;

export interface CompareVersionsProps {
  port: WorkbookPort;
  /** Runs a comparison request (default: in a Web Worker). Tests run it in-process. */
  run?: CompareRunner;
}

type Busy = 'comparing' | 'marking' | 'clearing';

export function CompareVersions({ port, run }: CompareVersionsProps) {
  const styles = useStyles();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [otherIsEarlier, setOtherIsEarlier] = useState(true);
  const [file, setFile] = useState<File | null>(null);
  const [comparison, setComparison] = useState<Comparison | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [marks, setMarks] = useState(0);
  const { busy, run: act, whileMounted } = useAsyncAction<Busy>();

  const refreshMarks = useCallback(async () => {
    const m = await import(/* webpackChunkName: "compare" */ '../../features/review/compare');
    const rec = await m.marksInWorkbook(port);
    whileMounted(() => setMarks(rec?.cells.length ?? 0));
  }, [port, whileMounted]);

  useEffect(() => {
    refreshMarks().catch(() => undefined);
  }, [refreshMarks]);

  const compare = useCallback(
    async (f: File, side: Side) => {
      setError(null);
      setNotice(null);
      await act(
        'comparing',
        async () => {
          const client = await import(/* webpackChunkName: "compare" */ '../workers/compare-client');
          const c = await client.compareWithFile(port, f, side, run);
          return () => setComparison(c);
        },
        {
          failed: (e) => {
            setComparison(null);
            setError(errorText(e));
          },
        },
      );
    },
    [port, run, act],
  );

  const chosen = (f: File | undefined) => {
    if (!f) return;
    setFile(f);
    void compare(f, otherIsEarlier ? 'new' : 'old');
  };

  const mark = () =>
    act(
      'marking',
      async () => {
        const m = await import(/* webpackChunkName: "compare" */ '../../features/review/compare');
        const n = await m.markChanges(port, comparison!);
        return () =>
          setNotice(
            n
              ? `Marked ${n} changed input cell${n === 1 ? '' : 's'} in orange. Clear marks puts back what they showed.`
              : 'No changed input cell of this workbook to mark.',
          );
      },
      { failed: (e) => setError(errorText(e)), settled: refreshMarks },
    );

  const clear = () =>
    act(
      'clearing',
      async () => {
        const m = await import(/* webpackChunkName: "compare" */ '../../features/review/compare');
        const n = await m.clearMarks(port);
        return () => setNotice(`Cleared the marks: ${n} cell${n === 1 ? '' : 's'} look as they did before.`);
      },
      { failed: (e) => setError(errorText(e)), settled: refreshMarks },
    );

  const go = (p: Place) => void port.select(p.sheet, p.address).catch(() => undefined);
  const here = (item: { old?: Place; new?: Place }) =>
    comparison ? (comparison.current === 'new' ? item.new : item.old) : undefined;
  const cellLink = (item: { old?: Place; new?: Place }) => {
    const p = here(item);
    if (p)
      return (
        <Link as="button" onClick={() => go(p)} aria-label={`Go to ${placeText(p)}`}>
          {placeText(p)}
        </Link>
      );
    const there = (item.new ?? item.old)!;
    return <Caption1>{`${placeText(there)} (only in ${comparison?.otherName})`}</Caption1>;
  };
  const d = comparison?.diff;
  const otherCounts = d ? Object.entries(d.otherCounts) : [];

  return (
    <div className={styles.section} role="region" aria-labelledby={`${id}-h`}>
      <Subtitle2 as="h3" id={`${id}-h`} className={styles.heading}>
        Compare with another version
      </Subtitle2>
      <Caption1>
        Pick the other version of this plan (.xlsx). It is read here, on this computer; nothing is uploaded.
      </Caption1>
      <div className={styles.row}>
        <input
          ref={input}
          id={`${id}-file`}
          type="file"
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          className={styles.hidden}
          data-testid="compare-file-input"
          onChange={(e) => {
            chosen(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
        <Button
          appearance="primary"
          onClick={() => input.current?.click()}
          disabled={busy !== null}
          icon={busy === 'comparing' ? <Spinner size="tiny" aria-hidden="true" /> : undefined}
        >
          {busy === 'comparing' ? `Comparing ${file?.name ?? ''}...` : 'Choose the other version...'}
        </Button>
        <Switch
          checked={otherIsEarlier}
          label="The other version is the earlier one"
          disabled={busy !== null}
          onChange={(_e, data) => {
            setOtherIsEarlier(data.checked);
            if (file) void compare(file, data.checked ? 'new' : 'old');
          }}
        />
      </div>

      {error ? (
        <MessageBar intent="error" data-testid="compare-error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      ) : null}

      {comparison && d ? (
        <div className={styles.section} data-testid="compare-result" aria-live="polite">
          <Caption1>
            {comparison.current === 'new'
              ? `${comparison.otherName} (earlier) compared with this workbook (later).`
              : `This workbook (earlier) compared with ${comparison.otherName} (later).`}
          </Caption1>
          <Body1 className={styles.sentence} data-testid="compare-sentence">
            {comparison.sentence}
          </Body1>
          {comparison.warnings.map((w) => (
            <MessageBar key={w} intent="warning" data-testid="compare-warning">
              <MessageBarBody>{w}</MessageBarBody>
            </MessageBar>
          ))}

          <div className={styles.row}>
            <Button
              size="small"
              onClick={() => void mark()}
              disabled={busy !== null || !d.inputs.some((i) => here(i)) || !port.readStyles}
              icon={busy === 'marking' ? <Spinner size="tiny" aria-hidden="true" /> : undefined}
            >
              Mark the changes
            </Button>
            <Button
              size="small"
              onClick={() => void clear()}
              disabled={busy !== null || marks === 0}
              icon={busy === 'clearing' ? <Spinner size="tiny" aria-hidden="true" /> : undefined}
            >
              Clear marks
            </Button>
          </div>
          {notice ? <Caption1 data-testid="compare-notice">{notice}</Caption1> : null}

          <Subtitle2 as="h4" className={styles.heading}>{`Assumptions changed (${d.inputs.length})`}</Subtitle2>
          {d.inputs.length ? (
            <ul className={styles.list}>
              {d.inputs.slice(0, SHOWN).map((i, n) => (
                <li key={n} className={styles.item} data-testid="compare-input">
                  <span className={styles.row}>
                    {cellLink(i)}
                    <Body1>{subjectOf(i)}</Body1>
                  </span>
                  <Body1 className={styles.values}>
                    {`${valueText(i.oldValue, i.oldFormat ?? i.newFormat)} \u2192 ${valueText(i.newValue, i.newFormat ?? i.oldFormat)}`}
                  </Body1>
                </li>
              ))}
            </ul>
          ) : (
            <Caption1>None: every input the ROI formulas read is as it was.</Caption1>
          )}
          {d.inputs.length > SHOWN ? <Caption1>{`...and ${d.inputs.length - SHOWN} more.`}</Caption1> : null}

          <Subtitle2
            as="h4"
            className={styles.heading}
          >{`Formulas added, removed or changed (${d.formulas.length})`}</Subtitle2>
          {d.formulas.length ? (
            <ul className={styles.list}>
              {d.formulas.slice(0, SHOWN).map((f, n) => (
                <li key={n} className={styles.item} data-testid="compare-formula">
                  <span className={styles.row}>
                    {cellLink(f)}
                    <Body1>{f.change}</Body1>
                  </span>
                  {f.oldFormula ? (
                    <span>
                      <Caption1>{f.change === 'changed' ? 'was ' : ''}</Caption1>
                      <FormulaText formula={f.oldFormula} />
                    </span>
                  ) : null}
                  {f.newFormula ? (
                    <span>
                      <Caption1>{f.change === 'changed' ? 'now ' : ''}</Caption1>
                      <FormulaText formula={f.newFormula} />
                    </span>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <Caption1>None.</Caption1>
          )}

          <Subtitle2 as="h4" className={styles.heading}>{`Results moved (${d.outputs.length})`}</Subtitle2>
          {d.outputs.length ? (
            <ul className={styles.list}>
              {d.outputs.slice(0, SHOWN).map((o, n) => {
                const stale = comparison.current === 'new' ? o.staleOld : o.staleNew;
                return (
                  <li key={n} className={styles.item} data-testid="compare-output">
                    <span className={styles.row}>
                      {cellLink(o)}
                      <Body1>{subjectOf(o)}</Body1>
                    </span>
                    <Body1 className={styles.values}>
                      {`${movement(o)}${o.changePct === null ? '' : ` (${pctText(o.changePct)})`}`}
                    </Body1>
                    {o.because.length ? (
                      <span className={styles.row}>
                        <Caption1>because of</Caption1>
                        {o.because.slice(0, 8).map((p) => (
                          <Link
                            key={placeText(p)}
                            as="button"
                            onClick={() => go(p)}
                            aria-label={`Go to ${placeText(p)}`}
                          >
                            {p.address}
                          </Link>
                        ))}
                      </span>
                    ) : null}
                    {stale ? (
                      <Caption1 className={styles.stale}>{`stale in ${comparison.otherName}: ${stale}`}</Caption1>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          ) : (
            <Caption1>None: every ROI result is as it was.</Caption1>
          )}
          {d.outputs.length > SHOWN ? <Caption1>{`...and ${d.outputs.length - SHOWN} more.`}</Caption1> : null}

          <Caption1 data-testid="compare-other">
            {otherCounts.length
              ? `Other cells changed: ${otherCounts.map(([s, n]) => `${s} ${n}`).join(', ')}. (roi diff --all lists them.)`
              : 'No other cell changed.'}
          </Caption1>
        </div>
      ) : null}
    </div>
  );
}

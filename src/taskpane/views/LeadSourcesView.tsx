/**
 * Lead sources: the user selects a table of sources with its header row; the view matches
 * the columns by their headers (adjustable), shows each source's quality by the core, flags
 * "volume without quality", and writes the scorecard as live formulas beside the table (or
 * on a new sheet when the cells beside are taken). One batch; bad input writes nothing.
 */
import {
  Body1,
  Button,
  Caption1,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
  mergeClasses,
} from '@fluentui/react-components';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useAsyncAction } from '../state/useAsyncAction';
import {
  SOURCE_FIELDS,
  buildScorecard,
  checkSources,
  columnChoices,
  matchHeaders,
  readSourceTable,
  scoreSentences,
  scoreSources,
  fmtQuality,
  fmtSetting,
  type ColumnMapping,
  type SourceField,
  type SourceTable,
} from '../../features/lead-sources/scorecard';
import { boxA1 } from '../../base/a1';
import { errorText } from '../../base/error-text';
import { defaultInputs, loadSavedInputs } from '../../features/model';
import { NumberField } from '../components/NumberField';
import { ColumnSelect, NO_COLUMN } from '../components/ColumnSelect';
import { parsePercent, percentText } from '../state/parse';
import { NoticeBar, type Notice } from '../components/NoticeBar';
import type { ViewProps } from './types';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}`,
  },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  heading: { margin: 0 },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'flex-end' },
  mapping: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(140px, 1fr))',
    gap: tokens.spacingHorizontalS,
  },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  // Each number column as narrow as its widest number (width 1% in an auto table), the
  // source name takes the rest and wraps between words: at Excel's 320 px pane a name such
  // as "Content syndication partners" keeps a readable column of its own.
  table: { tableLayout: 'auto', width: '100%' },
  numeric: {
    textAlign: 'right',
    whiteSpace: 'nowrap',
    width: '1%',
    paddingLeft: tokens.spacingHorizontalXS,
    paddingRight: tokens.spacingHorizontalXS,
  },
  colBound: { whiteSpace: 'normal', minWidth: '4.6em' },
  name: {
    overflowWrap: 'break-word',
    paddingLeft: tokens.spacingHorizontalXS,
    paddingRight: tokens.spacingHorizontalXS,
  },
  flag: {
    display: 'block',
    color: tokens.colorPaletteRedForeground1,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
  },
});

const NONE = NO_COLUMN;

export default function LeadSourcesView({ port, title }: ViewProps) {
  const styles = useStyles();
  const [table, setTable] = useState<SourceTable | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping>({});
  const [confidence, setConfidence] = useState('90');
  const [margin, setMargin] = useState(percentText(defaultInputs().grossMargin));
  const [notice, setNotice] = useState<Notice | null>(null);
  const { busy, run, whileMounted } = useAsyncAction<'reading' | 'writing'>();

  useEffect(() => {
    // The model's gross margin, when a model was built in this workbook.
    loadSavedInputs(port)
      .then((saved) =>
        whileMounted(() => {
          if (saved && Number.isFinite(saved.grossMargin)) setMargin(percentText(saved.grossMargin));
        }),
      )
      .catch(() => undefined);
  }, [port, whileMounted]);

  const readTable = useCallback(async () => {
    setNotice(null);
    await run(
      'reading',
      async () => {
        const t = await readSourceTable(port);
        return () => {
          setTable(t);
          setMapping(matchHeaders(t.headers));
        };
      },
      {
        failed: (e) => {
          setTable(null);
          setNotice({ intent: 'error', title: 'Nothing to score', body: errorText(e) });
        },
      },
    );
  }, [port, run]);

  const conf = parsePercent(confidence);
  const gm = parsePercent(margin);
  const needsMargin = mapping.cost !== undefined && mapping.revenue !== undefined;
  const check = useMemo(() => (table ? checkSources(table, mapping) : null), [table, mapping]);
  const inputErrors: Record<string, string> = {};
  if (!conf.ok) inputErrors.confidence = conf.message;
  else if (!(conf.value > 0 && conf.value < 1))
    inputErrors.confidence = 'Enter a confidence between 0 and 100%, for example 90.';
  if (needsMargin) {
    if (!gm.ok) inputErrors.margin = gm.message;
    else if (gm.value < 0 || gm.value > 1) inputErrors.margin = 'Enter a gross margin between 0 and 100%.';
  }
  const confValue = conf.ok ? conf.value : 0.9;
  const marginValue = gm.ok ? gm.value : undefined;
  const options = useMemo(() => ({ confidence: confValue, grossMargin: marginValue }), [confValue, marginValue]);
  const inputsOk = Object.keys(inputErrors).length === 0;
  const scores = useMemo(
    () => (check && !check.problems.length && inputsOk ? scoreSources(check.rows, mapping, options) : null),
    [check, mapping, options, inputsOk],
  );
  const sentences = scores ? scoreSentences(scores, options) : [];
  const ready = !!table && !!check && !check.problems.length && inputsOk && busy === null;

  const write = useCallback(async () => {
    if (!table || !ready) return;
    setNotice(null);
    await run(
      'writing',
      async () => {
        const r = await buildScorecard(port, table, mapping, options);
        return () =>
          setNotice({
            intent: 'success',
            title: 'Scorecard added',
            body: r.newSheet
              ? `The cells beside your table were not empty, so the scorecard is on the new sheet "${r.sheet}" (${r.address}), with live formulas on your table.`
              : `The scorecard is beside your table in ${r.address}: live formulas, so it follows every change to the table.`,
          });
      },
      {
        failed: (e) =>
          setNotice({ intent: 'error', title: 'Scorecard not added', body: `${errorText(e)} Nothing was written.` }),
      },
    );
  }, [port, table, mapping, ready, options, run]);

  const choices = table ? columnChoices(table) : [];
  const setField = (field: SourceField, value: string) =>
    setMapping((m) => {
      const next = { ...m };
      if (value === NONE) delete next[field];
      else next[field] = Number(value);
      return next;
    });

  return (
    <section className={styles.root} aria-label={title}>
      <Subtitle2 as="h2" className={styles.heading}>
        Lead sources
      </Subtitle2>
      <Body1>
        Select your lead sources with their header row: a name, leads, qualified opportunities and, if you have them,
        won deals, revenue and cost. The scorecard ranks the sources by how sure we can be of their quality, not by
        volume.
      </Body1>
      <div className={styles.row}>
        <Button
          onClick={() => void readTable()}
          disabled={busy !== null}
          icon={busy === 'reading' ? <Spinner size="tiny" aria-hidden="true" /> : undefined}
        >
          {table ? 'Use the new selection' : 'Use the selection'}
        </Button>
        {table ? (
          <Caption1 data-testid="sources-range">{`${table.sheet}!${boxA1(table.box)}: ${table.cells.length} source${table.cells.length === 1 ? '' : 's'}`}</Caption1>
        ) : null}
      </div>

      {table ? (
        <div className={styles.section} role="group" aria-labelledby="sources-columns">
          <Subtitle2 as="h3" id="sources-columns" className={styles.heading}>
            Columns
          </Subtitle2>
          <Caption1>Matched by their headers; change any that is wrong.</Caption1>
          <div className={styles.mapping}>
            {SOURCE_FIELDS.map((f) => (
              <Field
                key={f.field}
                label={f.label}
                size="small"
                required={f.required}
                validationState={f.required && mapping[f.field] === undefined ? 'error' : 'none'}
              >
                <ColumnSelect
                  column={mapping[f.field]}
                  noneLabel={f.required ? '(choose a column)' : '(none)'}
                  choices={choices}
                  onChange={(v) => setField(f.field, v)}
                />
              </Field>
            ))}
          </div>
          <div className={styles.row}>
            <NumberField
              kind="percent"
              label="Confidence of the lower bound"
              value={confidence}
              onChange={setConfidence}
              error={inputErrors.confidence}
              size="small"
            />
            {needsMargin ? (
              <NumberField
                kind="percent"
                label="Gross margin (for ROMI)"
                value={margin}
                onChange={setMargin}
                error={inputErrors.margin}
                size="small"
              />
            ) : null}
          </div>
        </div>
      ) : null}

      {check?.problems.length ? (
        <MessageBar intent="error" data-testid="sources-problems">
          <MessageBarBody>
            <MessageBarTitle>Fix these first (nothing is written until then)</MessageBarTitle>
            <ul className={styles.list}>
              {check.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {check?.warnings.length ? (
        <MessageBar intent="warning" data-testid="sources-warnings">
          <MessageBarBody>
            <MessageBarTitle>These rows will show an error</MessageBarTitle>
            <ul className={styles.list}>
              {check.warnings.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      ) : null}

      {scores ? (
        <div className={styles.section} aria-live="polite">
          {sentences.map((s) => (
            <Body1 as="p" key={s} data-testid="sources-sentence" style={{ margin: 0 }}>
              {s}
            </Body1>
          ))}
          <Table size="small" aria-label="Lead quality by source" className={styles.table}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell className={styles.name}>Source</TableHeaderCell>
                <TableHeaderCell className={styles.numeric}>Leads</TableHeaderCell>
                <TableHeaderCell className={styles.numeric}>Quality</TableHeaderCell>
                <TableHeaderCell
                  className={mergeClasses(styles.numeric, styles.colBound)}
                >{`At ${fmtSetting(options.confidence)}, at least`}</TableHeaderCell>
                <TableHeaderCell className={styles.numeric}>Rank</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {scores.sources.slice(0, 50).map((s) => (
                <TableRow key={s.index} data-testid="sources-row">
                  <TableCell className={styles.name}>
                    <span>
                      {s.name}
                      {s.volumeWithoutQuality ? (
                        <span className={styles.flag} data-testid="sources-flag">
                          {' '}
                          Volume without quality
                        </span>
                      ) : null}
                    </span>
                  </TableCell>
                  <TableCell className={styles.numeric}>
                    {s.leads === undefined ? '' : s.leads.toLocaleString('en-US')}
                  </TableCell>
                  <TableCell className={styles.numeric}>
                    {typeof s.quality === 'number' ? fmtQuality(s.quality) : s.quality.code}
                  </TableCell>
                  <TableCell className={styles.numeric}>
                    {typeof s.bound === 'number' ? fmtQuality(s.bound) : s.bound.code}
                  </TableCell>
                  <TableCell className={styles.numeric}>{s.rank ?? ''}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {scores.sources.length > 50 ? (
            <Caption1>{`The first 50 of ${scores.sources.length} sources; the sheet gets them all.`}</Caption1>
          ) : null}
        </div>
      ) : null}

      <NoticeBar notice={notice} testId="sources-notice" />

      {table ? (
        <div className={styles.row}>
          <Button
            appearance="primary"
            disabled={!ready}
            onClick={() => void write()}
            icon={busy === 'writing' ? <Spinner size="tiny" aria-hidden="true" /> : undefined}
          >
            {busy === 'writing' ? 'Adding scorecard...' : 'Add scorecard'}
          </Button>
          <Caption1>
            Quality, its lower bound, the rank and the flag first, then cost per lead and per qualified opportunity,
            CAC, ROMI, revenue per lead and a chart, as live formulas.
          </Caption1>
        </div>
      ) : null}
    </section>
  );
}

/**
 * Calibrate: measure the funnel from a CRM export instead of guessing it. The user selects
 * the export in the workbook (one cell stands for its table; in the workbench, open the
 * .csv first); the view matches its columns by their headers (editable), and shows, per
 * lead source and overall, each stage's measured rate with its lower bound and median lag
 * (or, for an opportunities report, the win rate, deal values and cycle), flagging sources
 * with too few mature records to judge and volume without quality. Every number is the
 * calibration report's (src/features/calibrate), the one `roi calibrate` prints.
 * "Write calibration sheet" puts the same numbers on a new sheet as live formulas.
 */
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Body1,
  Button,
  Caption1,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Select,
  Spinner,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import { Suspense, lazy, useCallback, useMemo, useState } from 'react';
import { errorText } from '../../base/error-text';
import { indexToCol } from '../../base/a1';
import {
  MAX_STAGE_COLUMNS,
  OPPORTUNITY_FIELDS,
  contactsFlags,
  opportunityFlags,
  contactsReport,
  contactsView,
  headerRowOf,
  matchColumns,
  mappingProblems,
  opportunityReport,
  opportunityView,
  readCalibrationData,
  readCalibrationTable,
  readModelTarget,
  reportSentence,
  stageNameOf,
  tableAddress,
  useInModel,
  writeCalibrationSheet,
  type CalibrationData,
  type CalibrationFlag,
  type CalibrationTable,
  type ColumnMapping,
  type ContactsReport,
  type ExportKind,
  type HandOffChange,
  type ModelTarget,
  type OpportunityField,
  type OpportunityReport,
} from '../../features/calibrate';
import { NumberField } from '../components/NumberField';
import { ColumnSelect, NO_COLUMN } from '../components/ColumnSelect';
import { WorkProgress } from '../components/WorkProgress';
import { NoticeBar, type Notice } from '../components/NoticeBar';
import { parsePercent } from '../state/parse';
import { useAsyncAction } from '../state/useAsyncAction';
import type { ViewProps } from './types';
import { CellsChangedError } from '../../workbook/port';

// "Use in the model"'s question (and Fluent's Dialog with it) loads only when asked.
const UseInModelDialog = lazy(() => import(/* webpackChunkName: "use-in-model" */ '../components/UseInModelDialog'));

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}`,
    minWidth: 0,
  },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  heading: { margin: 0 },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'flex-end' },
  // One column in a pane as narrow as Excel opens it (the labels are long: "Stage 2: Marketing
  // Qualified Lead"), two where there is room; a box never runs past its column.
  mapping: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 200px), 1fr))',
    gap: tokens.spacingHorizontalS,
    '& > *': { minWidth: 0 },
    '& select': { minWidth: 0, textOverflow: 'ellipsis' },
  },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  table: { tableLayout: 'fixed', width: '100%' },
  numeric: { textAlign: 'right', whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' },
  colNum: { width: '4.4em' },
  colLag: { width: '3.6em' },
  name: { overflowWrap: 'break-word', minWidth: 0 },
  sub: {
    display: 'block',
    color: tokens.colorNeutralForeground3,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
  },
  thin: {
    display: 'block',
    color: tokens.colorPaletteDarkOrangeForeground1,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
  },
  flag: {
    display: 'block',
    color: tokens.colorPaletteRedForeground1,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
  },
  muted: { color: tokens.colorNeutralForeground3 },
  panel: { paddingLeft: 0, paddingRight: 0, marginLeft: 0, marginRight: 0 },
});

const NONE = NO_COLUMN;

type Read = { data: CalibrationData } | { error: string };
type Reported = { kind: 'contacts'; report: ContactsReport } | { kind: 'opportunities'; report: OpportunityReport };

export default function CalibrateView({ port, title }: ViewProps) {
  const styles = useStyles();
  const [table, setTable] = useState<CalibrationTable | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping | null>(null);
  const [asOf, setAsOf] = useState('');
  const [confidence, setConfidence] = useState('90');
  const [notice, setNotice] = useState<Notice | null>(null);
  const [handoff, setHandoff] = useState<ModelTarget | null>(null);
  const { busy, run, progress, cancel } = useAsyncAction<'reading' | 'writing' | 'model' | 'using'>();

  const readTable = useCallback(async () => {
    setNotice(null);
    await run(
      'reading',
      // A big export takes a while to read: after about a second the pane shows "N of M rows
      // read" with Cancel (reading only: a cancel leaves the table the view had).
      async (control) => {
        const t = await readCalibrationTable(port, control);
        return () => {
          setTable(t);
          setMapping(matchColumns(headerRowOf(t.headers)));
        };
      },
      {
        cancelled: () =>
          setNotice({
            intent: 'info',
            title: 'Reading stopped',
            body: table
              ? 'The selection was not read; the table below is the one read before.'
              : 'The selection was not read. Select a smaller range, or use the selection again.',
          }),
        failed: (e) => {
          setTable(null);
          setMapping(null);
          setNotice({ intent: 'error', title: 'Nothing to calibrate', body: errorText(e) });
        },
      },
    );
  }, [port, run, table]);

  const header = useMemo(() => (table ? headerRowOf(table.headers) : null), [table]);
  const problems = useMemo(() => (mapping && header ? mappingProblems(mapping, header) : []), [mapping, header]);
  // The data is read once per table and mapping; the as-of date and the confidence only re-report it.
  const read = useMemo<Read | null>(() => {
    if (!table || !mapping || problems.length) return null;
    try {
      return { data: readCalibrationData(table.source, { columns: mapping }) };
    } catch (e) {
      return { error: errorText(e) };
    }
  }, [table, mapping, problems]);

  const conf = parsePercent(confidence);
  const confError = !conf.ok
    ? conf.message
    : !(conf.value > 0 && conf.value < 1)
      ? 'Enter a confidence between 0 and 100%, for example 90.'
      : undefined;
  const confValue = conf.ok && !confError ? conf.value : undefined;

  const reported = useMemo<Reported | { error: string } | null>(() => {
    if (!read || 'error' in read || confValue === undefined) return null;
    try {
      const options = { confidence: confValue, asOf: asOf || undefined };
      return read.data.kind === 'contacts'
        ? { kind: 'contacts', report: contactsReport(read.data, options) }
        : { kind: 'opportunities', report: opportunityReport(read.data, options) };
    } catch (e) {
      return { error: errorText(e) };
    }
  }, [read, confValue, asOf]);
  const ok = reported && !('error' in reported) ? reported : null;
  const flags = useMemo(
    () => (!ok ? [] : ok.kind === 'contacts' ? contactsFlags(ok.report) : opportunityFlags(ok.report)),
    [ok],
  );
  const errors = [...problems];
  if (read && 'error' in read) errors.push(read.error);
  if (reported && 'error' in reported) errors.push(reported.error);
  const ready = !!ok && busy === null;

  const writeSheet = useCallback(async () => {
    if (!table || !mapping || !ok || confValue === undefined) return;
    setNotice(null);
    await run(
      'writing',
      async () => {
        const r = await writeCalibrationSheet(port, table, { mapping, confidence: confValue, asOf: asOf || undefined });
        return () =>
          setNotice({
            intent: 'success',
            title: 'Calibration sheet added',
            body: `"${r.sheet}" holds live ROI.STAGERATES and ROI.STAGELAGS formulas on ${tableAddress(table)}, per source: they follow the data when it changes. Change its As of or Confidence cell to replay another day.`,
          });
      },
      {
        failed: (e) =>
          setNotice({
            intent: 'error',
            title: 'Calibration sheet not added',
            body: `${errorText(e)} Nothing was written.`,
          }),
      },
    );
  }, [port, table, mapping, ok, confValue, asOf, run]);

  /** "Use in the model": find the model's input cells, then ask (the dialog) which to change. */
  const askModel = useCallback(
    async (sheet?: string) => {
      setNotice(null);
      await run(
        'model',
        async () => {
          const t = await readModelTarget(port, sheet);
          return () => {
            if (typeof t === 'string') {
              setHandoff(null);
              setNotice({ intent: 'warning', title: 'No model to use it in', body: t });
            } else setHandoff(t);
          };
        },
        {
          failed: (e) =>
            setNotice({
              intent: 'error',
              title: 'The model could not be read',
              body: `${errorText(e)} Nothing was written.`,
            }),
        },
      );
    },
    [port, run],
  );

  const writeToModel = useCallback(
    async (changes: HandOffChange[]) => {
      const target = handoff;
      if (!target) return;
      await run(
        'using',
        async () => {
          await useInModel(port, target, changes);
          return () => {
            setHandoff(null);
            setNotice({
              intent: 'success',
              title: `${changes.length === 1 ? '1 input cell' : `${changes.length} input cells`} of "${target.slots.sheet}" measured`,
              body: `${changes.map((c) => `${c.label} ${c.oldText} → ${c.newText}`).join('; ')}. Each cell has a note saying where its number came from. The Model view reads them back, so Update model keeps them.`,
            });
          };
        },
        {
          failed: (e) => {
            setHandoff(null);
            setNotice({
              intent: 'error',
              title: 'The model was not changed',
              body:
                e instanceof CellsChangedError
                  ? `A cell of "${target.slots.sheet}" changed while you were choosing (${e.changed.map((c) => c.address).join(', ')}); nothing was written. Use in the model again to see the numbers as they are now.`
                  : `${errorText(e)} Nothing was written.`,
            });
          },
        },
      );
    },
    [port, run, handoff],
  );

  const choices = table
    ? table.headers.map((h, i) => ({ col: i, label: `${indexToCol(table.box.left + i)}: ${h || '(no header)'}` }))
    : [];
  const update = (f: (m: ColumnMapping) => ColumnMapping) => setMapping((m) => (m ? f(m) : m));
  const setStage = (slot: number, value: string) =>
    update((m) => {
      const stages = [...m.stages];
      if (value === NONE) stages.splice(slot, 1);
      else stages[slot] = Number(value);
      return { ...m, stages };
    });
  const setOpportunity = (field: OpportunityField, value: string) =>
    update((m) => {
      const opportunity = { ...m.opportunity };
      if (value === NONE) delete opportunity[field];
      else opportunity[field] = Number(value);
      return { ...m, opportunity };
    });
  const setGroup = (value: string) =>
    update((m) => {
      const next = { ...m };
      if (value === NONE) delete next.group;
      else next.group = Number(value);
      return next;
    });
  const stageSlots = mapping ? Math.min(MAX_STAGE_COLUMNS, mapping.stages.length + 1) : 0;

  return (
    <section className={styles.root} aria-label={title}>
      <Subtitle2 as="h2" className={styles.heading}>
        Calibrate from your CRM
      </Subtitle2>
      <Body1>
        Measure the funnel instead of guessing it. Select a CRM export with its header row, or one cell in it: a HubSpot
        contacts export (its &quot;Became a ... Date&quot; columns) or an opportunities report (created and close dates,
        won or stage). In the workbench, open the .csv first.
      </Body1>
      <div className={styles.row}>
        <Button
          onClick={() => void readTable()}
          disabled={busy !== null}
          icon={busy === 'reading' ? <Spinner size="tiny" aria-hidden="true" /> : undefined}
        >
          {table ? 'Use the new selection' : 'Use the selection'}
        </Button>
        {table && busy !== 'reading' ? (
          <Caption1 data-testid="calibrate-range">{`${tableAddress(table)}: ${table.records.toLocaleString('en-US')} record${table.records === 1 ? '' : 's'}`}</Caption1>
        ) : null}
      </div>
      {busy === 'reading' ? <WorkProgress label="Reading the export" progress={progress} onCancel={cancel} /> : null}

      {table && mapping ? (
        <div className={styles.section} role="group" aria-labelledby="calibrate-columns">
          <Subtitle2 as="h3" id="calibrate-columns" className={styles.heading}>
            Columns
          </Subtitle2>
          <Caption1>Matched by their headers; change any that is wrong.</Caption1>
          <div className={styles.mapping}>
            <Field label="The export holds" size="small">
              <Select
                size="small"
                value={mapping.kind}
                onChange={(_e, d) => update((m) => ({ ...m, kind: d.value as ExportKind }))}
              >
                <option value="contacts">Stage dates (contacts)</option>
                <option value="opportunities">Opportunities</option>
              </Select>
            </Field>
            <Field label="Lead source" size="small">
              <ColumnSelect
                column={mapping.group}
                noneLabel="(none: all records together)"
                choices={choices}
                onChange={setGroup}
              />
            </Field>
            {mapping.kind === 'contacts'
              ? Array.from({ length: stageSlots }, (_, slot) => {
                  const col = mapping.stages[slot];
                  const label =
                    col === undefined
                      ? `Stage ${slot + 1} (add one)`
                      : `Stage ${slot + 1}: ${stageNameOf(table.headers[col] ?? '')}`;
                  return (
                    <Field
                      key={slot}
                      label={label}
                      size="small"
                      validationState={slot < 2 && col === undefined ? 'error' : 'none'}
                    >
                      <ColumnSelect
                        column={col}
                        noneLabel={col === undefined ? '(choose a date column)' : '(remove this stage)'}
                        choices={choices}
                        onChange={(v) => setStage(slot, v)}
                      />
                    </Field>
                  );
                })
              : OPPORTUNITY_FIELDS.map((f) => (
                  <Field
                    key={f.field}
                    label={f.label}
                    size="small"
                    required={f.required}
                    validationState={f.required && mapping.opportunity[f.field] === undefined ? 'error' : 'none'}
                  >
                    <ColumnSelect
                      column={mapping.opportunity[f.field]}
                      noneLabel={f.required ? '(choose a column)' : '(none)'}
                      choices={choices}
                      onChange={(v) => setOpportunity(f.field, v)}
                    />
                  </Field>
                ))}
          </div>
          <div className={styles.row}>
            <Field
              label="As of"
              size="small"
              hint={
                ok && !asOf
                  ? `Empty: the latest date in the data (${ok.report.as_of}).`
                  : 'Empty: the latest date in the data.'
              }
            >
              <Input size="small" type="date" value={asOf} onChange={(_e, d) => setAsOf(d.value)} />
            </Field>
            <NumberField
              kind="percent"
              label="Confidence of the lower bound"
              value={confidence}
              onChange={setConfidence}
              error={confError}
              size="small"
            />
          </div>
        </div>
      ) : null}

      {errors.length ? (
        <MessageBar intent="error" data-testid="calibrate-problems">
          <MessageBarBody>
            <MessageBarTitle>Fix these first (nothing is written until then)</MessageBarTitle>
            <ul className={styles.list}>
              {errors.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      ) : null}

      {ok ? (
        <div className={styles.section} aria-live="polite">
          <Body1 as="p" data-testid="calibrate-sentence" style={{ margin: 0 }}>
            {reportSentence(ok.report)}
          </Body1>
          {flags.some((f) => f.kind === 'volume-without-quality') ? (
            <MessageBar intent="warning" data-testid="calibrate-flags">
              <MessageBarBody>
                <MessageBarTitle>Volume without quality</MessageBarTitle>
                <ul className={styles.list}>
                  {flags
                    .filter((f) => f.kind === 'volume-without-quality')
                    .map((f) => (
                      <li key={f.message}>{f.message}</li>
                    ))}
                </ul>
              </MessageBarBody>
            </MessageBar>
          ) : null}
          {ok.kind === 'contacts' ? (
            <ContactsResults report={ok.report} flags={flags} />
          ) : (
            <OpportunityResults report={ok.report} flags={flags} />
          )}
        </div>
      ) : null}

      <NoticeBar notice={notice} testId="calibrate-notice" />

      {table ? (
        <div className={styles.row}>
          <Button
            appearance="primary"
            disabled={!ready}
            onClick={() => void writeSheet()}
            icon={busy === 'writing' ? <Spinner size="tiny" aria-hidden="true" /> : undefined}
          >
            {busy === 'writing' ? 'Writing calibration sheet...' : 'Write calibration sheet'}
          </Button>
          <Caption1>The same numbers on a new sheet, as live formulas on your data, per source.</Caption1>
        </div>
      ) : null}
      {table ? (
        <div className={styles.row}>
          <Button
            disabled={!ready}
            onClick={() => void askModel()}
            icon={busy === 'model' ? <Spinner size="tiny" aria-hidden="true" /> : undefined}
          >
            Use in the model...
          </Button>
          <Caption1>Put the measured numbers into the model&apos;s input cells: you see each one first.</Caption1>
        </div>
      ) : null}
      {handoff && ok && table && confValue !== undefined ? (
        <Suspense fallback={null}>
          <UseInModelDialog
            key={handoff.slots.sheet}
            target={handoff}
            reported={ok}
            source={{ label: tableAddress(table), asOf: ok.report.as_of, confidence: confValue }}
            busy={busy === 'using'}
            onSheet={(sheet) => void askModel(sheet)}
            onConfirm={(changes) => void writeToModel(changes)}
            onCancel={() => setHandoff(null)}
          />
        </Suspense>
      ) : null}
    </section>
  );
}

function ContactsResults({ report, flags }: { report: ContactsReport; flags: CalibrationFlag[] }) {
  const styles = useStyles();
  const groups = contactsView(report, flags);
  return (
    <Accordion multiple collapsible defaultOpenItems={['All']} data-testid="calibrate-groups">
      {groups.map((g) => (
        <AccordionItem key={g.name} value={g.name} data-testid="calibrate-group">
          <AccordionHeader size="small">
            <span>
              <strong>{g.name}</strong>
              <span className={styles.muted}>{` · ${g.records} records`}</span>
              {g.flagged ? <span className={styles.flag}>Volume without quality</span> : null}
            </span>
          </AccordionHeader>
          <AccordionPanel className={styles.panel}>
            <Table size="extra-small" aria-label={`${g.name}: measured stage rates`} className={styles.table}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Stage</TableHeaderCell>
                  <TableHeaderCell className={mergeClasses(styles.numeric, styles.colNum)}>Rate</TableHeaderCell>
                  <TableHeaderCell className={mergeClasses(styles.numeric, styles.colNum)}>At least</TableHeaderCell>
                  <TableHeaderCell className={mergeClasses(styles.numeric, styles.colLag)}>Days</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {g.steps.map((s) => (
                  <TableRow key={s.step} data-testid="calibrate-step">
                    <TableCell className={styles.name}>
                      <span>
                        {s.step}
                        <span className={s.tooFew ? styles.thin : styles.sub}>
                          {s.tooFew ? `${s.counted} counted: too few to judge` : `${s.counted} counted`}
                        </span>
                        {s.volumeWithoutQuality ? <span className={styles.flag}>Volume without quality</span> : null}
                      </span>
                    </TableCell>
                    <TableCell className={styles.numeric}>{s.rate}</TableCell>
                    <TableCell className={styles.numeric}>{s.bound}</TableCell>
                    <TableCell className={styles.numeric}>{s.lag}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </AccordionPanel>
        </AccordionItem>
      ))}
    </Accordion>
  );
}

function OpportunityResults({ report, flags }: { report: OpportunityReport; flags: CalibrationFlag[] }) {
  const styles = useStyles();
  const rows = opportunityView(report, flags);
  return (
    <>
      <Table
        size="extra-small"
        aria-label="Win rate by source"
        className={styles.table}
        data-testid="calibrate-winrates"
      >
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Source</TableHeaderCell>
            <TableHeaderCell className={mergeClasses(styles.numeric, styles.colNum)}>Closed</TableHeaderCell>
            <TableHeaderCell className={mergeClasses(styles.numeric, styles.colNum)}>Win rate</TableHeaderCell>
            <TableHeaderCell className={mergeClasses(styles.numeric, styles.colNum)}>At least</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((r) => (
            <TableRow key={r.name} data-testid="calibrate-source">
              <TableCell className={styles.name}>
                <span>
                  {r.name}
                  {r.tooFew ? <span className={styles.thin}>Too few to judge</span> : null}
                  {r.volumeWithoutQuality ? <span className={styles.flag}>Volume without quality</span> : null}
                </span>
              </TableCell>
              <TableCell className={styles.numeric}>{r.closed}</TableCell>
              <TableCell className={styles.numeric}>{r.winRate}</TableCell>
              <TableCell className={styles.numeric}>{r.bound}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Table
        size="extra-small"
        aria-label="Won deal value and sales cycle by source"
        className={styles.table}
        data-testid="calibrate-deals"
      >
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Source</TableHeaderCell>
            <TableHeaderCell className={mergeClasses(styles.numeric, styles.colNum)}>Median deal</TableHeaderCell>
            <TableHeaderCell className={mergeClasses(styles.numeric, styles.colNum)}>Mean deal</TableHeaderCell>
            <TableHeaderCell className={mergeClasses(styles.numeric, styles.colLag)}>Cycle days</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((r) => (
            <TableRow key={r.name}>
              <TableCell className={styles.name}>{r.name}</TableCell>
              <TableCell className={styles.numeric}>{r.medianValue}</TableCell>
              <TableCell className={styles.numeric}>{r.meanValue}</TableCell>
              <TableCell className={styles.numeric}>{r.cycle}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}

/**
 * The model builder: the form (its sections and boxes generated from the field table:
 * Growth, Deal, Funnel stages, Economics, Confidence, Scenarios), the live preview, and
 * Build / Update model. Every number shown is computed by the core; every write goes
 * through the WorkbookPort. Once a model exists, what changed on its sheet is shown
 * (old -> new) and Update asks before it would write over a cell the user changed.
 */
import { Body1, Button, Caption1, Field, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
// Drawn only later (a notice, a second model sheet, a spinner): loaded when first drawn (components/later.tsx).
import { MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Select, Spinner } from '../components/later';
import { Suspense, lazy, type ReactNode } from 'react';
import { NumberField } from '../components/NumberField';
import { PreviewPanel, sentenceText } from '../components/PreviewPanel';
import { ScenarioEditor, ScenarioTable } from '../components/ScenarioEditor';
import { MonthEditor } from '../components/MonthEditor';
import { StageEditor } from '../components/StageEditor';
import { PANE_SECTIONS, fieldsIn, type FieldKey, type ModelField } from '../../features/model';
import { useModelBuilder, type ModelBuilder } from '../state/useModelBuilder';
import type { ViewProps } from './types';

// The question Update asks when cells changed on the sheet: its dialog (and Fluent's Dialog
// with it) loads only when there is something to ask, not with the first screen.
const UpdateQuestionDialog = lazy(
  () => import(/* webpackChunkName: "update-question" */ '../components/UpdateQuestion'),
);

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', minHeight: '100%' },
  body: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}`,
  },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  heading: { margin: 0 },
  footer: {
    position: 'sticky',
    bottom: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    boxShadow: tokens.shadow4,
  },
  sentence: { margin: 0 },
  buttons: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'flex-end' },
  loading: { padding: tokens.spacingVerticalXXL },
});

/** One box of the field table. */
function Scalar({ field, m }: { field: ModelField; m: ModelBuilder }) {
  return (
    <NumberField
      kind={field.kind}
      label={field.label}
      hint={field.hint}
      value={m.form.fields[field.key as FieldKey]}
      onChange={(text) => m.dispatch({ type: 'scalar', field: field.key as FieldKey, text })}
      error={m.errors[field.key]}
      fieldPath={field.key}
    />
  );
}

/** What the model sheet holds that the form did not: taken in (old -> new), or both values when both changed. */
function SheetNewsBar({ m }: { m: ModelBuilder }) {
  const news = m.sheetNews;
  if (!news) return null;
  return (
    <MessageBar intent={news.conflicts.length ? 'warning' : 'info'} data-testid="sheet-news" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{`"${news.sheet}" changed`}</MessageBarTitle>
        {news.adopted.length ? (
          <>
            {' The form now shows what the sheet holds:'}
            <ul style={{ margin: 0, paddingLeft: '1.2em' }}>
              {news.adopted.map((c) => (
                <li key={c.path} data-change={c.path}>{`${c.label}: ${c.from} -> ${c.to}`}</li>
              ))}
            </ul>
          </>
        ) : null}
        {news.conflicts.length ? (
          <>
            {' Changed on the sheet and in the form:'}
            <ul style={{ margin: 0, paddingLeft: '1.2em' }}>
              {news.conflicts.map((c) => (
                <li
                  key={c.path}
                  data-conflict={c.path}
                >{`${c.label}: ${c.from} -> ${c.to} on the sheet; ${c.form} in the form`}</li>
              ))}
            </ul>
          </>
        ) : null}
      </MessageBarBody>
      <MessageBarActions
        containerAction={
          <Button appearance="transparent" size="small" aria-label="Dismiss message" onClick={m.dismissSheetNews}>
            ×
          </Button>
        }
      >
        {news.conflicts.length ? (
          <Button size="small" onClick={m.takeSheetValues}>
            Use the sheet's values
          </Button>
        ) : null}
      </MessageBarActions>
    </MessageBar>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  const styles = useStyles();
  return (
    <section className={styles.section} aria-labelledby={`model-${id}`}>
      <Subtitle2 as="h2" id={`model-${id}`} className={styles.heading}>
        {title}
      </Subtitle2>
      {children}
    </section>
  );
}

export default function ModelView({ port }: ViewProps) {
  const styles = useStyles();
  const m = useModelBuilder(port);
  const problems = Object.keys(m.errors).length;

  if (m.busy === 'loading') {
    return <Spinner className={styles.loading} label="Reading the inputs saved in this workbook..." />;
  }

  const writing = m.busy === 'building' || m.busy === 'updating';
  return (
    <div className={styles.root}>
      <form
        className={styles.body}
        aria-label="Model inputs"
        noValidate
        // Enter in a box never builds by accident: building is the button's job.
        onSubmit={(e) => e.preventDefault()}
      >
        <Body1>
          Enter the numbers that drive the plan. The preview below follows every change; Build model writes it to a new
          sheet as live ROI formulas.
        </Body1>
        <SheetNewsBar m={m} />
        {PANE_SECTIONS.map((section) => (
          <Section key={section.id} id={section.id} title={section.title}>
            {section.id === 'stages' ? (
              <>
                <Caption1>
                  Top stage first. Each rate is the share of a stage that reaches the next; the last is the close rate.
                  Each lag is the months from entering a stage to entering the next (the last: to the signed deal).
                </Caption1>
                <StageEditor form={m.form} errors={m.errors} dispatch={m.dispatch} />
              </>
            ) : section.id === 'months' ? (
              <MonthEditor form={m.form} errors={m.errors} dispatch={m.dispatch} />
            ) : section.id === 'scenarios' ? (
              <>
                <ScenarioEditor form={m.form} errors={m.errors} dispatch={m.dispatch} />
                {m.preview ? <ScenarioTable preview={m.preview} /> : null}
              </>
            ) : (
              fieldsIn(section.id).map((f) => <Scalar key={f.key} field={f} m={m} />)
            )}
          </Section>
        ))}
        <Section id="preview" title="Preview">
          <PreviewPanel preview={m.preview} problems={problems} />
        </Section>
      </form>
      <div className={styles.footer} role="region" aria-label="Build the model">
        <Body1 as="p" className={styles.sentence} aria-live="polite" aria-atomic="true" data-testid="preview-sentence">
          {sentenceText(m.preview, problems)}
        </Body1>
        {m.notice ? (
          <MessageBar intent={m.notice.intent} data-testid="model-notice">
            <MessageBarBody>
              <MessageBarTitle>{m.notice.title}</MessageBarTitle>
              {m.notice.body}
            </MessageBarBody>
            <MessageBarActions
              containerAction={
                <Button appearance="transparent" size="small" aria-label="Dismiss message" onClick={m.dismissNotice}>
                  ×
                </Button>
              }
            />
          </MessageBar>
        ) : null}
        <div className={styles.buttons}>
          <Button
            appearance="primary"
            disabled={!m.valid || m.busy !== null}
            icon={m.busy === 'building' ? <Spinner size="tiny" aria-hidden="true" /> : undefined}
            onClick={() => void m.build()}
            aria-busy={m.busy === 'building'}
          >
            {m.busy === 'building' ? 'Building model...' : 'Build model'}
          </Button>
          <Button
            disabled={!m.valid || m.busy !== null || !m.updateTarget}
            icon={m.busy === 'updating' ? <Spinner size="tiny" aria-hidden="true" /> : undefined}
            onClick={() => void m.update()}
            aria-busy={m.busy === 'updating'}
          >
            {m.busy === 'updating' ? 'Updating model...' : 'Update model'}
          </Button>
          {m.modelSheets.length > 1 ? (
            <Field label="Sheet to update" size="small">
              <Select
                size="small"
                value={m.updateTarget ?? ''}
                onChange={(_e, d) => m.setUpdateTarget(d.value)}
                disabled={writing}
              >
                {m.modelSheets.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </Select>
            </Field>
          ) : null}
        </div>
        {!m.valid ? <Caption1>Build model is off until the marked fields are fixed.</Caption1> : null}
      </div>
      {m.question ? (
        <Suspense fallback={null}>
          <UpdateQuestionDialog question={m.question} answer={m.answer} />
        </Suspense>
      ) : null}
    </div>
  );
}

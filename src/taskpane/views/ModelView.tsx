/**
 * The model builder: the form (Growth, Deal, Funnel stages, Economics, Confidence,
 * Scenarios), the core's live preview, and Build / Update model. Every number shown is
 * computed by the core; every write goes through the WorkbookPort.
 */
import {
  Body1,
  Button,
  Caption1,
  Field,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Select,
  Spinner,
  Subtitle2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { NumberField } from '../components/NumberField';
import { PreviewPanel, sentenceText } from '../components/PreviewPanel';
import { ScenarioEditor, ScenarioTable } from '../components/ScenarioEditor';
import { StageEditor } from '../components/StageEditor';
import { SCALAR_KINDS, type ScalarField } from '../state/form';
import { useModelBuilder, type ModelBuilder } from '../state/useModelBuilder';
import type { ViewProps } from './types';

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

/** Label and hint of each one-box input. Percent fields also say how to type a percentage. */
const FIELD_TEXT: Record<ScalarField, { label: string; hint?: string }> = {
  currentRevenue: { label: 'Current revenue (this year, $)' },
  growthRate: { label: 'Growth target (%)', hint: 'May be above 100%; negative for a planned decline.' },
  churnRate: { label: 'Churn (% of revenue lost in the year)' },
  averageDealValue: { label: 'Average deal value ($)', hint: 'Yearly revenue of one won deal.' },
  salesCycleMonths: { label: 'Sales cycle (months)', hint: 'From qualified opportunity to won deal.' },
  grossMargin: { label: 'Gross margin (%)' },
  marketingBudget: { label: 'Marketing budget (year, $)' },
  costToServe: { label: 'Cost to serve one customer (year, $)' },
  marketingShare: { label: 'Marketing share of opportunities (%)', hint: 'The rest come from sales and partners.' },
  confidence: { label: 'Confidence (%)', hint: 'How sure the plan should be of reaching the target, e.g. 90.' },
  plannedLeadsPerMonth: { label: 'Planned leads a month', hint: 'What marketing plans to deliver.' },
  sensitivityStep: { label: 'Sensitivity step (points, %)', hint: '1 shows what one more point of each rate saves.' },
};

function Scalar({ field, m }: { field: ScalarField; m: ModelBuilder }) {
  const t = FIELD_TEXT[field];
  return (
    <NumberField
      kind={SCALAR_KINDS[field]}
      label={t.label}
      hint={t.hint}
      value={m.form.scalars[field]}
      onChange={(text) => m.dispatch({ type: 'scalar', field, text })}
      error={m.errors[field]}
      fieldPath={field}
    />
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
        <Section id="growth" title="Growth">
          <Scalar field="currentRevenue" m={m} />
          <Scalar field="growthRate" m={m} />
          <Scalar field="churnRate" m={m} />
        </Section>
        <Section id="deal" title="Deal">
          <Scalar field="averageDealValue" m={m} />
          <Scalar field="salesCycleMonths" m={m} />
        </Section>
        <Section id="stages" title="Funnel stages">
          <Caption1>
            Top stage first. Each rate is the share of a stage that reaches the next; the last is the close rate.
          </Caption1>
          <StageEditor form={m.form} errors={m.errors} dispatch={m.dispatch} />
        </Section>
        <Section id="economics" title="Economics">
          <Scalar field="grossMargin" m={m} />
          <Scalar field="marketingBudget" m={m} />
          <Scalar field="costToServe" m={m} />
          <Scalar field="marketingShare" m={m} />
        </Section>
        <Section id="confidence" title="Confidence">
          <Scalar field="confidence" m={m} />
          <Scalar field="plannedLeadsPerMonth" m={m} />
          <Scalar field="sensitivityStep" m={m} />
        </Section>
        <Section id="scenarios" title="Scenarios">
          <ScenarioEditor form={m.form} errors={m.errors} dispatch={m.dispatch} />
          {m.preview ? <ScenarioTable preview={m.preview} confidence={m.inputs.confidence} /> : null}
        </Section>
        <Section id="preview" title="Preview">
          <PreviewPanel preview={m.preview} confidence={m.inputs.confidence} problems={problems} />
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
    </div>
  );
}

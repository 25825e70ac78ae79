/**
 * Scenarios: Low / Base / High for each conversion rate and the deal value, either
 * Base -/+ a chosen share or typed one by one, and a compact table of what each scenario
 * needs (deals, leads, leads at the chosen confidence) and the chance the planned leads
 * reach the target. Base is always the inputs above.
 */
import {
  Caption1,
  Field,
  Radio,
  RadioGroup,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { isRoiError, type RoiError } from '../../core';
import { rateName, type ModelPreview, type PreviewValue } from '../../features/model';
import type { FormAction, FormState } from '../state/form';
import { formatChance, formatCount, formatMoney, formatPercent } from '../state/parse';
import { NumberField } from './NumberField';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  grid: {
    display: 'grid',
    alignItems: 'start',
    gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)',
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXS,
  },
  groupLabel: { gridColumn: '1 / -1', marginTop: tokens.spacingVerticalXS },
  table: { fontVariantNumeric: 'tabular-nums' },
  num: { textAlign: 'right', justifyContent: 'flex-end' },
});

export interface ScenarioEditorProps {
  form: FormState;
  errors: Record<string, string>;
  dispatch: (a: FormAction) => void;
}

export function ScenarioEditor({ form, errors, dispatch }: ScenarioEditorProps) {
  const styles = useStyles();
  const named = form.stages.map((s) => ({ name: s.name || 'Stage', rate: 0 }));
  const last = form.stages.length - 1;
  return (
    <div className={styles.root}>
      <Field label="How to set Low and High">
        <RadioGroup
          value={form.scenarioMode}
          onChange={(_e, d) => dispatch({ type: 'scenarioMode', mode: d.value === 'manual' ? 'manual' : 'share' })}
        >
          <Radio value="share" label="Base minus and plus a share" />
          <Radio value="manual" label="Type Low and High for each value" />
        </RadioGroup>
      </Field>
      {form.scenarioMode === 'share' ? (
        <NumberField
          kind="percent"
          label="Share below and above Base (%)"
          hint="10 makes Low 10% below Base and High 10% above (rates at most 100%)."
          value={form.scenarioShare}
          onChange={(text) => dispatch({ type: 'scenarioShare', text })}
          error={errors['scenarios.share']}
          fieldPath="scenarios.share"
        />
      ) : (
        <div className={styles.grid} role="group" aria-label="Low and High values">
          <Caption1 className={styles.groupLabel}>Rates in percent: type 25 or 25% for 25%.</Caption1>
          {form.stages.map((s, i) => {
            const what = `${rateName(named, i)}${i === last ? '' : ' rate'}`;
            return (
              <div key={s.key} style={{ display: 'contents' }}>
                <Caption1 className={styles.groupLabel} aria-hidden="true">
                  {capital(what)} (Base {s.rate || '?'}%)
                </Caption1>
                <NumberField
                  kind="percent"
                  size="small"
                  label="Low (%)"
                  ariaLabel={`Low ${what}, percent`}
                  value={s.low}
                  onChange={(text) => dispatch({ type: 'stageLow', key: s.key, text })}
                  error={errors[`scenarios.rates.${i}.low`]}
                  fieldPath={`scenarios.rates.${i}.low`}
                  hint=""
                />
                <NumberField
                  kind="percent"
                  size="small"
                  label="High (%)"
                  ariaLabel={`High ${what}, percent`}
                  value={s.high}
                  onChange={(text) => dispatch({ type: 'stageHigh', key: s.key, text })}
                  error={errors[`scenarios.rates.${i}.high`]}
                  fieldPath={`scenarios.rates.${i}.high`}
                  hint=""
                />
              </div>
            );
          })}
          <Caption1 className={styles.groupLabel} aria-hidden="true">
            Average deal value
          </Caption1>
          <NumberField
            kind="money"
            size="small"
            label="Low ($)"
            ariaLabel="Low average deal value"
            value={form.dealLow}
            onChange={(text) => dispatch({ type: 'dealLow', text })}
            error={errors['scenarios.dealValue.low']}
            fieldPath="scenarios.dealValue.low"
          />
          <NumberField
            kind="money"
            size="small"
            label="High ($)"
            ariaLabel="High average deal value"
            value={form.dealHigh}
            onChange={(text) => dispatch({ type: 'dealHigh', text })}
            error={errors['scenarios.dealValue.high']}
            fieldPath="scenarios.dealValue.high"
          />
        </div>
      )}
    </div>
  );
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function cell(v: PreviewValue, show: (x: number) => string): { text: string; title?: string } {
  if (isRoiError(v)) return { text: (v as RoiError).code, title: (v as RoiError).message };
  return { text: show(v as number) };
}

/** The compact table of the three scenarios' results, computed by the core. */
export function ScenarioTable({ preview, confidence }: { preview: ModelPreview; confidence: number }) {
  const styles = useStyles();
  const conf = formatPercent(confidence, 0);
  const cols: Array<{
    key: 'deals' | 'leads' | 'leadsAtConfidence' | 'hitProbability';
    label: string;
    show: (x: number) => string;
  }> = [
    { key: 'deals', label: 'Deals', show: formatCount },
    { key: 'leads', label: 'Leads', show: formatCount },
    { key: 'leadsAtConfidence', label: `Leads, ${conf} sure`, show: formatCount },
    { key: 'hitProbability', label: 'Hit chance', show: formatChance },
  ];
  return (
    <Table size="extra-small" className={styles.table} aria-label="Scenario results" data-testid="scenario-table">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Scenario</TableHeaderCell>
          {cols.map((c) => (
            <TableHeaderCell key={c.key} className={styles.num}>
              {c.label}
            </TableHeaderCell>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody>
        {preview.scenarios.map((s) => (
          <TableRow key={s.name} data-scenario={s.name}>
            <TableCell title={`Deal value ${formatMoney(s.dealValue)}`}>{s.name}</TableCell>
            {cols.map((c) => {
              const v = cell(s[c.key], c.show);
              return (
                <TableCell key={c.key} className={styles.num} title={v.title} data-col={c.key}>
                  {v.text}
                </TableCell>
              );
            })}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

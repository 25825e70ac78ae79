/**
 * Scenarios: Low / Base / High for each conversion rate and the deal value, either
 * Base -/+ a chosen share or typed one by one, and a compact table of what each scenario
 * needs (deals, leads, leads at the chosen confidence) and the chance the planned leads
 * reach the target. Base is always the inputs above.
 */
import { Caption1, Field, makeStyles, tokens } from '@fluentui/react-components';
import { Radio, RadioGroup, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from './later';
import { isRoiError, type RoiError } from '../../core';
import { formatValue } from '../../base/format';
import {
  FIELD_BY_KEY,
  SCENARIO_MODES,
  SCENARIO_OUTCOMES,
  rateLabel,
  type ModelPreview,
  type PreviewValue,
  type StageInput,
} from '../../features/model';
import type { FormAction, FormState } from '../state/form';
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
  const named = form.stages.map((s) => ({ name: s.name || 'Stage', rate: 0, label: s.label }) as StageInput);
  const share = FIELD_BY_KEY.get('scenarios.share')!;
  const last = form.stages.length - 1;
  return (
    <div className={styles.root}>
      <Field label="How to set Low and High">
        <RadioGroup
          value={form.scenarioMode}
          onChange={(_e, d) => dispatch({ type: 'scenarioMode', mode: d.value === 'manual' ? 'manual' : 'share' })}
        >
          {SCENARIO_MODES.map((m) => (
            <Radio key={m.id} value={m.id} label={m.label} />
          ))}
        </RadioGroup>
      </Field>
      {form.scenarioMode === 'share' ? (
        <NumberField
          kind={share.kind}
          label={share.label}
          hint={share.hint}
          value={form.fields['scenarios.share']}
          onChange={(text) => dispatch({ type: 'scalar', field: 'scenarios.share', text })}
          error={errors['scenarios.share']}
          fieldPath="scenarios.share"
        />
      ) : (
        <div className={styles.grid} role="group" aria-label="Low and High values">
          <Caption1 className={styles.groupLabel}>Rates in percent: type 25 or 25% for 25%.</Caption1>
          {form.stages.map((s, i) => {
            const what = `${rateLabel(named, i)}${i === last ? '' : ' rate'}`;
            return (
              <div key={s.key} style={{ display: 'contents' }}>
                <Caption1 className={styles.groupLabel} aria-hidden="true">
                  {capital(what)} (Base {s.values.rate || '?'}%)
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

function cell(v: PreviewValue, format: string): { text: string; title?: string } {
  if (isRoiError(v)) return { text: (v as RoiError).code, title: (v as RoiError).message };
  return { text: formatValue(v, format) };
}

/** The compact table of the three scenarios' results (SCENARIO_OUTCOMES), in the sheet's formats. */
export function ScenarioTable({ preview }: { preview: ModelPreview }) {
  const styles = useStyles();
  return (
    <Table size="extra-small" className={styles.table} aria-label="Scenario results" data-testid="scenario-table">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Scenario</TableHeaderCell>
          {SCENARIO_OUTCOMES.map((c) => (
            <TableHeaderCell key={c.key} className={styles.num}>
              {c.label}
            </TableHeaderCell>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody>
        {preview.scenarios.map((s) => (
          <TableRow key={s.name} data-scenario={s.name}>
            <TableCell title={`Deal value ${cell(s.dealValue, '$#,##0').text}`}>{s.name}</TableCell>
            {SCENARIO_OUTCOMES.map((c) => {
              const v = cell(s[c.key], c.format);
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

/**
 * The "Month by month" inputs: the month the fiscal year starts (a choice of twelve month
 * names, stored as the field table's number 1-12) and the seasonality, flat (every month
 * alike) or twelve typed weights, each month named from the fiscal start. The lags live
 * in the stage editor, beside each rate.
 */
import { Caption1, Field, makeStyles, tokens } from '@fluentui/react-components';
// Drawn below the first screen: Fluent's radio group and select load just after it (later.tsx).
import { Radio, RadioGroup, Select } from './later';
import { FIELD_BY_KEY, YEAR_MONTHS, monthOfYear } from '../../features/model';
import type { FormAction, FormState } from '../state/form';
import { NumberField } from './NumberField';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  weights: {
    display: 'grid',
    gridTemplateColumns: 'repeat(3, minmax(0, 1fr))',
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXS,
  },
});

export interface MonthEditorProps {
  form: FormState;
  errors: Record<string, string>;
  dispatch: (a: FormAction) => void;
}

export function MonthEditor({ form, errors, dispatch }: MonthEditorProps) {
  const styles = useStyles();
  const field = FIELD_BY_KEY.get('fiscalStartMonth')!;
  const start = Number(form.fields.fiscalStartMonth);
  const valid = Number.isInteger(start) && start >= 1 && start <= YEAR_MONTHS;
  return (
    <div className={styles.root}>
      <Field
        label="Fiscal year starts in"
        hint="The month columns of the plan start here."
        validationState={errors.fiscalStartMonth ? 'error' : 'none'}
        validationMessage={errors.fiscalStartMonth}
      >
        <Select
          value={valid ? String(start) : ''}
          data-field={field.key}
          onChange={(_e, d) => dispatch({ type: 'scalar', field: 'fiscalStartMonth', text: d.value })}
        >
          {valid ? null : <option value="">{form.fields.fiscalStartMonth || 'Choose a month'}</option>}
          {Array.from({ length: YEAR_MONTHS }, (_, m) => (
            <option key={m} value={String(m + 1)}>
              {monthOfYear({ fiscalStartMonth: 1 }, m)}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Seasonality" hint="How the year's new revenue spreads over its months.">
        <RadioGroup
          layout="horizontal"
          value={form.seasonalityMode}
          onChange={(_e, d) => dispatch({ type: 'seasonalityMode', mode: d.value === 'typed' ? 'typed' : 'flat' })}
        >
          <Radio value="flat" label="Flat: every month alike" />
          <Radio value="typed" label="Typed weights" />
        </RadioGroup>
      </Field>
      {form.seasonalityMode === 'typed' ? (
        <>
          <Caption1>Each month gets its weight's share of the year: 1.5 is half as much again as 1.</Caption1>
          <div className={styles.weights} role="group" aria-label="Seasonality weights">
            {form.seasonality.map((text, m) => (
              <NumberField
                key={m}
                size="small"
                kind="count"
                label={monthOfYear({ fiscalStartMonth: valid ? start : 1 }, m).slice(0, 3)}
                ariaLabel={`${monthOfYear({ fiscalStartMonth: valid ? start : 1 }, m)} seasonality weight`}
                hint=""
                value={text}
                onChange={(t) => dispatch({ type: 'seasonalityWeight', month: m, text: t })}
                error={errors[`seasonality.${m}`]}
                fieldPath={`seasonality.${m}`}
              />
            ))}
          </div>
          {errors.seasonality ? (
            <Caption1 role="alert" style={{ color: tokens.colorPaletteRedForeground1 }}>
              {errors.seasonality}
            </Caption1>
          ) : null}
        </>
      ) : null}
    </div>
  );
}

/**
 * The funnel stages: one row per stage with its name and a box for each numeric column of
 * the stage table (STAGE_NUMBER_COLUMNS: the rate at which it converts to the next, the
 * last one's being the close rate), moved with Up / Down, removed, or added at the end;
 * then the name of the won deals, and which stage counts as leads.
 */
import { Button, Caption1, Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { useRef } from 'react';
import { STAGE_NUMBER_COLUMNS, rateLabel, type StageInput } from '../../features/model';
import { MAX_STAGES, type FormAction, type FormState } from '../state/form';
import { IconTip } from './IconTip';
import { Select } from './later';
import { NumberField } from './NumberField';
import { AddIcon, ArrowDownIcon, ArrowUpIcon, DeleteIcon } from './icons';

const useStyles = makeStyles({
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  row: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS} ${tokens.spacingVerticalS}`,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  head: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1fr) auto',
    columnGap: tokens.spacingHorizontalXS,
    alignItems: 'end',
  },
  tools: { display: 'flex', gap: '2px', paddingBottom: '2px' },
  footer: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    marginTop: tokens.spacingVerticalS,
  },
});

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export interface StageEditorProps {
  form: FormState;
  errors: Record<string, string>;
  dispatch: (a: FormAction) => void;
}

export function StageEditor({ form, errors, dispatch }: StageEditorProps) {
  const styles = useStyles();
  const addRef = useRef<HTMLButtonElement>(null);
  const stages = form.stages;
  const named = stages.map((s) => ({ name: s.name || 'Stage', rate: 0, label: s.label }) as StageInput);
  const last = stages.length - 1;

  const remove = (key: string) => {
    dispatch({ type: 'removeStage', key });
    // The row and its button are gone: keep keyboard users in the list's controls.
    requestAnimationFrame(() => addRef.current?.focus());
  };

  return (
    <div>
      <ol className={styles.list} aria-label="Funnel stages, top first">
        {stages.map((s, i) => {
          const label = s.name.trim() || `Stage ${i + 1}`;
          const nextName =
            i === last ? form.wonStageName.trim() || 'won deals' : stages[i + 1].name.trim() || `stage ${i + 2}`;
          return (
            <li key={s.key} className={styles.row} data-stage-key={s.key}>
              <div className={styles.head}>
                <Field
                  label={`Stage ${i + 1} name`}
                  validationState={errors[`stages.${i}.name`] ? 'error' : 'none'}
                  validationMessage={errors[`stages.${i}.name`]}
                >
                  <Input
                    value={s.name}
                    onChange={(_e, d) => dispatch({ type: 'stageName', key: s.key, text: d.value })}
                    data-field={`stages.${i}.name`}
                  />
                </Field>
                <div className={styles.tools}>
                  <IconTip content={`Move ${label} up`}>
                    <Button
                      size="small"
                      appearance="subtle"
                      icon={<ArrowUpIcon />}
                      disabled={i === 0}
                      onClick={() => dispatch({ type: 'moveStage', key: s.key, by: -1 })}
                    />
                  </IconTip>
                  <IconTip content={`Move ${label} down`}>
                    <Button
                      size="small"
                      appearance="subtle"
                      icon={<ArrowDownIcon />}
                      disabled={i === last}
                      onClick={() => dispatch({ type: 'moveStage', key: s.key, by: 1 })}
                    />
                  </IconTip>
                  <IconTip content={`Remove ${label}`}>
                    <Button
                      size="small"
                      appearance="subtle"
                      icon={<DeleteIcon />}
                      disabled={stages.length <= 1}
                      onClick={() => remove(s.key)}
                    />
                  </IconTip>
                </div>
              </div>
              {STAGE_NUMBER_COLUMNS.map((c) => (
                <NumberField
                  key={c.key}
                  kind={c.kind}
                  label={capital(c.paneLabel(rateLabel(named, i), i === last))}
                  hint={c.key === 'rate' ? `Share of ${label} that become ${nextName}.` : ''}
                  value={s.values[c.key]}
                  onChange={(text) => dispatch({ type: 'stageNumber', key: s.key, column: c.key, text })}
                  error={errors[`stages.${i}.${c.key}`]}
                  fieldPath={`stages.${i}.${c.key}`}
                />
              ))}
            </li>
          );
        })}
      </ol>
      {errors.stages ? (
        <Caption1 role="alert" style={{ color: tokens.colorPaletteRedForeground1 }}>
          {errors.stages}
        </Caption1>
      ) : null}
      <div className={styles.footer}>
        <Button
          ref={addRef}
          icon={<AddIcon />}
          disabled={stages.length >= MAX_STAGES}
          onClick={() => dispatch({ type: 'addStage' })}
        >
          Add stage
        </Button>
        <Field
          label="Name of the won deals (the funnel's last row)"
          validationState={errors.wonStageName ? 'error' : 'none'}
          validationMessage={errors.wonStageName}
        >
          <Input
            value={form.wonStageName}
            onChange={(_e, d) => dispatch({ type: 'wonStageName', text: d.value })}
            data-field="wonStageName"
          />
        </Field>
        <Field
          label="Stage that counts as leads"
          hint="Stages above it (such as visitors) are not leads yet."
          validationState={errors.leadStage ? 'error' : 'none'}
          validationMessage={errors.leadStage}
        >
          <Select
            value={form.leadStageKey}
            onChange={(_e, d) => dispatch({ type: 'leadStage', key: d.value })}
            data-field="leadStage"
          >
            {stages.map((s, i) => (
              <option key={s.key} value={s.key}>
                {s.name.trim() || `Stage ${i + 1}`}
              </option>
            ))}
          </Select>
        </Field>
      </div>
    </div>
  );
}

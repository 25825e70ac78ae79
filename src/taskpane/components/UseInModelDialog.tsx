/**
 * Calibrate's "Use in the model" question: which of the model's input cells the measured
 * numbers would change (old -> new, what each was measured as, the note it gets), each
 * with a tick (numbers with too few records to judge start unticked), the group the
 * numbers come from and, for stage dates, which measured step each model stage takes; the
 * user confirms or cancels. A Fluent UI Dialog, never window.confirm; loaded only when
 * asked. What the changes are is computed by the calibration's handoff (src/features/calibrate).
 */
import {
  Body1,
  Button,
  Caption1,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Select,
  Spinner,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import {
  contactsHandOff,
  defaultPairing,
  opportunityHandOff,
  shortStage,
  type ContactsReport,
  type HandOffChange,
  type HandOffSource,
  type ModelTarget,
  type OpportunityReport,
} from '../../features/calibrate';
import { formatValue } from '../../base/format';

export type UseInModelReport =
  { kind: 'contacts'; report: ContactsReport } | { kind: 'opportunities'; report: OpportunityReport };

export interface UseInModelDialogProps {
  target: ModelTarget;
  reported: UseInModelReport;
  source: HandOffSource;
  /** Writing: the buttons wait. */
  busy: boolean;
  /** Another model sheet chosen: the view reads it and hands a new target. */
  onSheet: (sheet: string) => void;
  onConfirm: (changes: HandOffChange[]) => void;
  onCancel: () => void;
}

const useStyles = makeStyles({
  surface: { maxWidth: 'min(560px, calc(100vw - 16px))', padding: tokens.spacingHorizontalL },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  choices: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  item: { display: 'flex', alignItems: 'flex-start', gap: tokens.spacingHorizontalXS, minWidth: 0 },
  text: { display: 'flex', flexDirection: 'column', minWidth: 0, overflowWrap: 'anywhere', paddingTop: '6px' },
  change: { fontVariantNumeric: 'tabular-nums' },
  sub: { color: tokens.colorNeutralForeground3 },
  thin: { color: tokens.colorPaletteDarkOrangeForeground1 },
});

const pct = (x: number | null) => (x === null ? '-' : formatValue(x, '0.0%'));

export default function UseInModelDialog(props: UseInModelDialogProps) {
  const { target, reported, source, busy } = props;
  const styles = useStyles();
  const slots = target.slots;
  const groups = reported.report.groups.map((g) => g.name);
  const [group, setGroup] = useState(groups[0] ?? 'All');
  const transitions = reported.kind === 'contacts' ? (reported.report.groups[0]?.transitions ?? []) : [];
  const [pairing, setPairing] = useState<Array<number | null>>(() => defaultPairing(transitions.length, slots));
  // The user's ticks by target; a change not ticked or unticked yet is ticked unless it is thin.
  const [ticks, setTicks] = useState<Record<string, boolean>>({});

  const changes = useMemo<HandOffChange[]>(
    () =>
      reported.kind === 'contacts'
        ? contactsHandOff(reported.report, group, pairing, slots, source)
        : opportunityHandOff(reported.report, group, slots, source),
    [reported, group, pairing, slots, source],
  );
  const ticked = (c: HandOffChange) => ticks[c.target] ?? !c.thin;
  const chosen = changes.filter(ticked);
  const stepsOf = reported.kind === 'contacts' ? reported.report.groups.find((g) => g.name === group) : undefined;

  return (
    <Dialog open modalType="alert" onOpenChange={(_e, d) => (!d.open ? props.onCancel() : undefined)}>
      <DialogSurface className={styles.surface} aria-describedby="use-in-model-body">
        <DialogBody>
          <DialogTitle>{`Use in "${slots.sheet}"`}</DialogTitle>
          <DialogContent id="use-in-model-body" className={styles.content}>
            <Body1>
              These input cells of the model would take the measured numbers; each gets a note saying where it came
              from. Only the cells you tick are written.
            </Body1>
            <div className={styles.choices}>
              {target.sheets.length > 1 ? (
                <Field label="Model sheet" size="small">
                  <Select size="small" value={slots.sheet} onChange={(_e, d) => props.onSheet(d.value)} disabled={busy}>
                    {target.sheets.map((s) => (
                      <option key={s} value={s}>
                        {s}
                      </option>
                    ))}
                  </Select>
                </Field>
              ) : null}
              <Field label="Numbers from" size="small">
                <Select size="small" value={group} onChange={(_e, d) => setGroup(d.value)} disabled={busy}>
                  {groups.map((g) => (
                    <option key={g} value={g}>
                      {g === 'All' ? 'All records' : g}
                    </option>
                  ))}
                </Select>
              </Field>
              {reported.kind === 'contacts'
                ? slots.stages.map((s, i) => (
                    <Field key={s.name + i} label={`${s.name}: ${s.label}`} size="small">
                      <Select
                        size="small"
                        value={pairing[i] === null || pairing[i] === undefined ? '' : String(pairing[i])}
                        disabled={busy}
                        onChange={(_e, d) =>
                          setPairing((p) => p.map((x, j) => (j === i ? (d.value === '' ? null : Number(d.value)) : x)))
                        }
                      >
                        <option value="">Keep the model&apos;s</option>
                        {(stepsOf?.transitions ?? transitions).map((t, k) => (
                          <option key={k} value={String(k)}>
                            {`${shortStage(t.from)} → ${shortStage(t.to)} (${pct(t.rate)})`}
                          </option>
                        ))}
                      </Select>
                    </Field>
                  ))
                : null}
            </div>
            {changes.length ? (
              <ul className={styles.list} data-testid="use-in-model-changes">
                {changes.map((c) => (
                  <li key={c.target} className={styles.item} data-target={c.target}>
                    <Checkbox
                      checked={ticked(c)}
                      disabled={busy}
                      onChange={(_e, d) => setTicks((t) => ({ ...t, [c.target]: !!d.checked }))}
                      aria-label={`Write ${c.label}`}
                    />
                    <span className={styles.text}>
                      <span className={styles.change}>
                        <strong>{c.label}</strong>
                        {` (${c.address}): ${c.oldText} → ${c.newText}`}
                      </span>
                      <Caption1 className={styles.sub}>{c.from}</Caption1>
                      {c.thin ? <Caption1 className={styles.thin}>Too few records to judge: unticked.</Caption1> : null}
                      <Caption1 className={styles.sub}>{`Note: ${c.note}`}</Caption1>
                    </span>
                  </li>
                ))}
              </ul>
            ) : (
              <Body1 data-testid="use-in-model-changes">
                Nothing to change: the model already holds these numbers, or nothing was measured for them.
              </Body1>
            )}
          </DialogContent>
          <DialogActions fluid>
            <Button
              appearance="primary"
              disabled={busy || chosen.length === 0}
              icon={busy ? <Spinner size="tiny" aria-hidden="true" /> : undefined}
              onClick={() => props.onConfirm(chosen)}
            >
              {chosen.length === 1 ? 'Write 1 cell' : `Write ${chosen.length} cells`}
            </Button>
            <Button appearance="subtle" disabled={busy} onClick={props.onCancel}>
              Cancel
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

/**
 * The question Update model asks when cells of the model sheet hold something other than
 * what the builder wrote (the user changed them): each such cell in words, and the choice
 * between keeping the sheet's values (the form takes them) and writing the form's over
 * them. A Fluent UI Dialog, never window.confirm. Loaded only when there is a question.
 */
import {
  Body1,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
} from '@fluentui/react-components';
import type { UpdateQuestion } from '../state/useModelBuilder';

export interface UpdateQuestionProps {
  question: UpdateQuestion;
  answer: (choice: 'sheet' | 'form' | 'cancel') => Promise<void>;
}

export default function UpdateQuestionDialog({ question, answer }: UpdateQuestionProps) {
  return (
    <Dialog open modalType="alert" onOpenChange={(_e, d) => (!d.open ? void answer('cancel') : undefined)}>
      <DialogSurface aria-describedby="update-question-body">
        <DialogBody>
          <DialogTitle>{`"${question.sheet}" changed since the last update`}</DialogTitle>
          <DialogContent id="update-question-body">
            <Body1 as="p" style={{ marginTop: 0 }}>
              These cells hold something other than what the builder wrote. Update model would write over them:
            </Body1>
            <ul data-testid="update-question" style={{ paddingLeft: '1.2em' }}>
              {question.lines.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
            <Body1 as="p">
              Keep the sheet&apos;s values (the form takes them), or write the form&apos;s over them?
            </Body1>
          </DialogContent>
          <DialogActions fluid>
            <Button appearance="primary" onClick={() => void answer('sheet')}>
              Keep the sheet&apos;s values
            </Button>
            <Button onClick={() => void answer('form')}>Use the form&apos;s values</Button>
            <Button appearance="subtle" onClick={() => void answer('cancel')}>
              Cancel
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

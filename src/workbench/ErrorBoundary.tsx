/**
 * Keeps one part of the page (the grid) from taking the whole workbench down: if it
 * throws while drawing, it shows the reason and a button to draw it again.
 */
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { Component, type ReactNode } from 'react';

interface Props {
  /** Changing it clears the error (e.g. another sheet or workbook). */
  resetKey: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
  key: string;
}

export class ErrorBoundary extends Component<Props, State> {
  state: State = { error: null, key: this.props.resetKey };

  static getDerivedStateFromError(error: Error): Partial<State> {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }

  render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <MessageBar intent="error" style={{ margin: 16 }}>
        <MessageBarBody>
          <MessageBarTitle>This sheet could not be drawn</MessageBarTitle>
          {this.state.error.message}
        </MessageBarBody>
        <MessageBarActions>
          <Button size="small" onClick={() => this.setState({ error: null })}>
            Try again
          </Button>
        </MessageBarActions>
      </MessageBar>
    );
  }
}

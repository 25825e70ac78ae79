/** The views' one way of telling the user how an action went: a Fluent MessageBar. */
import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { ReactNode } from 'react';

export interface Notice {
  intent: 'success' | 'error' | 'warning' | 'info';
  title: string;
  body: string;
}

export function NoticeBar(props: {
  notice: Notice | null;
  testId: string;
  multiline?: boolean;
  bodyClassName?: string;
  children?: ReactNode;
}) {
  const { notice } = props;
  if (!notice) return null;
  return (
    <MessageBar intent={notice.intent} layout={props.multiline ? 'multiline' : 'auto'} data-testid={props.testId}>
      <MessageBarBody className={props.bodyClassName}>
        <MessageBarTitle>{notice.title}</MessageBarTitle>
        {notice.body}
        {props.children}
      </MessageBarBody>
    </MessageBar>
  );
}

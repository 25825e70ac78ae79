/**
 * The name of an icon-only button, shown as a tip on hover and keyboard focus: the look of
 * Fluent's Tooltip (its surface, type ramp, radius and shadow, above the button after a
 * short delay), in CSS alone. Fluent's Tooltip positions itself with floating-ui and a
 * portal, about 14 KB gzipped that the Model view's first screen would load for three
 * small buttons per stage (docs/performance.md); here the tip sits above the button,
 * right-aligned so it never leaves the pane at its right edge. The button gets the text as
 * its accessible name (Fluent's relationship="label"); the tip itself is hidden from
 * screen readers, which would otherwise read it twice.
 */
import { makeStyles, tokens } from '@fluentui/react-components';
import { cloneElement, type ReactElement } from 'react';

const SHOW = '[data-tip]';

const useStyles = makeStyles({
  wrap: {
    position: 'relative',
    display: 'inline-flex',
    [`:hover > ${SHOW}`]: { visibility: 'visible', opacity: 1, transitionDelay: '250ms' },
    [`:focus-within > ${SHOW}`]: { visibility: 'visible', opacity: 1, transitionDelay: '0s' },
  },
  tip: {
    position: 'absolute',
    right: 0,
    bottom: `calc(100% + ${tokens.spacingVerticalXS})`,
    zIndex: 1000,
    width: 'max-content',
    maxWidth: '240px',
    boxSizing: 'border-box',
    padding: '4px 11px 6px',
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorTransparentStroke}`,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    boxShadow: tokens.shadow16,
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    fontWeight: tokens.fontWeightRegular,
    pointerEvents: 'none',
    visibility: 'hidden',
    opacity: 0,
    transitionProperty: 'opacity, visibility',
    transitionDuration: tokens.durationFaster,
    transitionDelay: '0s',
  },
});

export interface IconTipProps {
  /** The button's name, shown as the tip. */
  content: string;
  /** One icon-only button (it gets `content` as its aria-label). */
  children: ReactElement<{ 'aria-label'?: string }>;
}

export function IconTip({ content, children }: IconTipProps) {
  const styles = useStyles();
  return (
    <span className={styles.wrap}>
      {cloneElement(children, { 'aria-label': content })}
      <span className={styles.tip} data-tip="" aria-hidden="true">
        {content}
      </span>
    </span>
  );
}

/**
 * The task pane's views, in tab order. Each is loaded on first use (React.lazy), so the
 * first paint fetches only the shell and the view that opens first.
 *
 * To add a view: write views/MyView.tsx with a default export taking ViewProps, and add
 * one line below.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { ViewProps } from './types';

export type { ViewProps } from './types';

export interface ViewDef {
  id: string;
  label: string;
  component: LazyExoticComponent<ComponentType<ViewProps>>;
}

const comingSoon = lazy(() => import(/* webpackChunkName: "view-coming-soon" */ './ComingSoonView'));

export const VIEWS: readonly ViewDef[] = [
  { id: 'model', label: 'Model', component: lazy(() => import(/* webpackChunkName: "view-model" */ './ModelView')) },
  { id: 'sources', label: 'Lead sources', component: comingSoon },
  { id: 'review', label: 'Review', component: comingSoon },
  { id: 'share', label: 'Share', component: comingSoon },
  { id: 'outcome', label: 'Outcome check', component: comingSoon },
];

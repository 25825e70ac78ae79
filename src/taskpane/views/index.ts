/**
 * The task pane's views, in tab order. Each is loaded on first use (React.lazy), so the
 * first paint fetches only the shell and the view that opens first.
 *
 * To add a view: write views/MyView.tsx with a default export taking ViewProps, and add
 * one row below. Nothing else: the shell's tab strip shows the views that fit the pane's
 * width and folds the rest into "More" (components/TabStrip.tsx), and the tests open and
 * check every row.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { ViewProps } from './types';

export type { ViewProps } from './types';

export interface ViewDef {
  id: string;
  label: string;
  component: LazyExoticComponent<ComponentType<ViewProps>>;
}

export const VIEWS: readonly ViewDef[] = [
  { id: 'model', label: 'Model', component: lazy(() => import(/* webpackChunkName: "view-model" */ './ModelView')) },
  {
    id: 'sources',
    label: 'Lead sources',
    component: lazy(() => import(/* webpackChunkName: "view-sources" */ './LeadSourcesView')),
  },
  {
    id: 'calibrate',
    label: 'Calibrate',
    component: lazy(() => import(/* webpackChunkName: "view-calibrate" */ './CalibrateView')),
  },
  {
    id: 'review',
    label: 'Review',
    component: lazy(() => import(/* webpackChunkName: "view-review" */ './ReviewView')),
  },
  { id: 'share', label: 'Share', component: lazy(() => import(/* webpackChunkName: "view-share" */ './ShareView')) },
  {
    id: 'outcome',
    label: 'Outcome check',
    component: lazy(() => import(/* webpackChunkName: "view-outcome" */ './OutcomeCheckView')),
  },
];

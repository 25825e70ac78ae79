/** A valid call of every ROI function, for tests that break one argument at a time. */
import type { ArgValue } from '../../src/core';

const rates = [[0.5, 0.4, 0.25]];
/** Lead, opportunity and won dates of six records (45658 is 1 Jan 2025). */
const DATES = [
  [45658, 45668, 45700],
  [45660, 45690, null],
  [45670, null, null],
  [45680, 45685, 45710],
  [null, 45700, null],
  [45705, null, null],
];

export const VALID_ARGS: Record<string, ArgValue[]> = {
  REVENUEGAP: [10000000, 0.2, 0.1],
  REQUIREDDEALS: [3000000, 50000],
  REQUIREDLEADS: [3000000, 50000, rates, 0.9],
  FUNNEL: [3000000, 50000, rates, [['Leads', 'SAL', 'SQO', 'Won']]],
  REQUIREDOPPS: [3000000, 50000, 0.25, 12, 0.6],
  SENSITIVITY: [3000000, 50000, rates, 0.05],
  HITPROBABILITY: [1200, 3000000, 50000, rates],
  LEADQUALITY: [200, 40, 0.9],
  CAC: [600000, 30],
  LTV: [1000, 0.8, 0.02, 0.01],
  PAYBACK: [20000, 1000, 0.8, 0.02],
  ROMI: [500000, 0.6, 100000],
  CUSTOMERPROFIT: [120000, 0.6, 50000, 30000],
  MARGINLEVER: [0.2, 0.02],
  VELOCITY: [240, 0.25, 50000, 3],
  METRICKIND: ['Customers won'],
  FUNNELPLAN: [[[250000, 250000, 250000]], 50000, rates, [[1, 1, 2]], 0.1, [['Leads', 'SAL', 'SQO', 'Won']]],
  FUNNELFORECAST: [[[100, 100, 100]], rates, [[1, 0.5, 2]], [['Leads', 'SAL', 'SQO', 'Won']]],
  PIPELINEHIT: [5, [[10, 20, 30]], rates],
  STAGERATES: [DATES, 0.9, 45700, 10],
  STAGELAGS: [DATES, 0.5, 30.4375],
};

/** A value outside each numeric kind's domain (undefined: the kind has no such value). */
export const OUT_OF_DOMAIN: Record<string, number | undefined> = {
  money: -1,
  count: -5,
  duration: -2,
  rate: 1.5,
  growth: -1.5,
  confidence: 1,
  step: 0,
  periods: 2.5,
  signedUnit: 1.2,
  rateList: 25,
  lagList: 1001,
  countList: -1,
  periodList: -1,
  date: -1,
  dateGrid: undefined,
  textList: undefined,
  text: undefined,
};

/**
 * METRICKIND on metric names as dashboards really write them: a table of names collected
 * from HubSpot, Salesforce, Google Analytics, LinkedIn and Google Ads, Marketo and SaaS
 * finance dashboards, each with the label a finance-minded marketer would give it (written
 * by hand, not generated from the vocabulary), the spec's and issue 15's examples, unknown
 * names with their suggestions, the message cap, and the range form.
 */
import { callFunction, classifyMetric, isRoiError, knownMetricCount, metricKey, METRICS } from '../../src/core';
import { unknownMetricMessage } from '../../src/core/metrics';

type Kind = 'output' | 'result' | 'outcome';

/** Issue 15 point 1: every one of these was #N/A. */
const ISSUE_15: Array<[string, Kind]> = [
  ['Website visits', 'result'],
  ['Site visits', 'result'],
  ['Pipeline', 'result'],
  ['Pipeline generated', 'result'],
  ['Opportunities', 'result'],
  ['Webinar attendees', 'result'],
  ['Sign-ups', 'result'],
  ['Trials started', 'result'],
  ['Organic traffic', 'result'],
  ['Social followers', 'result'],
  ['Content downloads', 'result'],
  ['Closed-won revenue', 'outcome'],
  ['LTV:CAC', 'outcome'],
  ['ROAS', 'outcome'],
  ['Average deal size', 'outcome'],
  ['Webinars hosted', 'output'],
  ['Videos produced', 'output'],
  ['Sales emails sent', 'output'],
];

/** The spec's examples of each kind (functions.md, METRICKIND). */
const SPEC: Array<[string, Kind]> = [
  ['Emails sent', 'output'],
  ['Posts published', 'output'],
  ['Campaigns launched', 'output'],
  ['Impressions', 'output'],
  ['Page views', 'result'],
  ['Visitors', 'result'],
  ['Bounce rate', 'result'],
  ['Click-through rate', 'result'],
  ['Opt-ins', 'result'],
  ['Form fills', 'result'],
  ['Leads', 'result'],
  ['MQLs', 'result'],
  ['Customers won', 'outcome'],
  ['Revenue', 'outcome'],
  ['Profit', 'outcome'],
  ['EBITDA', 'outcome'],
  ['CAC', 'outcome'],
  ['Lifetime value', 'outcome'],
  ['Churn', 'outcome'],
  ['Retention', 'outcome'],
  ['Customer satisfaction', 'outcome'],
  ['NPS', 'outcome'],
  ['Case studies', 'outcome'],
  ['References', 'outcome'],
  ['Brand awareness uplift', 'outcome'],
];

/** HubSpot's marketing, email, social and sales reports. */
const HUBSPOT: Array<[string, Kind]> = [
  ['Sessions', 'result'],
  ['New contacts', 'result'],
  ['Contacts created', 'result'],
  ['Marketing qualified leads', 'result'],
  ['Sales qualified leads', 'result'],
  ['Deals created', 'result'],
  ['Deals closed won', 'outcome'],
  ['Closed won deals', 'outcome'],
  ['Email open rate', 'result'],
  ['Email click rate', 'result'],
  ['Emails delivered', 'output'],
  ['Marketing emails sent', 'output'],
  ['Unsubscribes', 'result'],
  ['Landing page conversion rate', 'result'],
  ['Landing pages published', 'output'],
  ['Form submissions', 'result'],
  ['CTA clicks', 'result'],
  ['Blog post views', 'result'],
  ['Blog posts published', 'output'],
  ['Social posts published', 'output'],
  ['Social media reach', 'output'],
  ['Social engagement', 'result'],
  ['Average time on page', 'result'],
  ['Pageviews', 'result'],
  ['New customers', 'outcome'],
  ['Influenced revenue', 'outcome'],
  ['Marketing-sourced pipeline', 'result'],
  ['Meetings booked', 'result'],
  ['Lead-to-customer conversion rate', 'result'],
];

/** Salesforce opportunity, campaign and forecast reports. */
const SALESFORCE: Array<[string, Kind]> = [
  ['Open opportunities', 'result'],
  ['Opportunities created', 'result'],
  ['Opportunities won', 'outcome'],
  ['Closed Won Opportunities', 'outcome'],
  ['Closed lost opportunities', 'outcome'],
  ['Deals lost', 'outcome'],
  ['Accounts won', 'outcome'],
  ['Opportunity amount', 'result'],
  ['Win rate', 'outcome'],
  ['Average sales cycle', 'result'],
  ['Pipeline value', 'result'],
  ['Pipeline coverage', 'result'],
  ['Bookings', 'outcome'],
  ['Campaign-influenced revenue', 'outcome'],
  ['Leads converted', 'result'],
  ['Lead conversion rate', 'result'],
  ['Sales accepted leads', 'result'],
  ['SQOs', 'result'],
  ['Average contract value', 'outcome'],
  ['Activities logged', 'output'],
  ['Sales calls made', 'output'],
  ['Time to close', 'result'],
];

/** Google Analytics 4 (and Universal Analytics' older names). */
const ANALYTICS: Array<[string, Kind]> = [
  ['Users', 'result'],
  ['New users', 'result'],
  ['Active users', 'result'],
  ['Engaged sessions', 'result'],
  ['Engagement rate', 'result'],
  ['Average engagement time', 'result'],
  ['Views', 'result'],
  ['Views per user', 'result'],
  ['Conversions', 'result'],
  ['Pages / session', 'result'],
  ['Avg. session duration', 'result'],
  ['Exit rate', 'result'],
  ['Entrances', 'result'],
  ['Organic search traffic', 'result'],
  ['Referral traffic', 'result'],
  ['Returning visitors', 'result'],
  ['Unique visitors', 'result'],
  ['Goal completions', 'result'],
  ['Goal conversion rate', 'result'],
  ['Ecommerce conversion rate', 'result'],
  ['Transactions', 'outcome'],
  ['Purchase revenue', 'outcome'],
  ['Total revenue', 'outcome'],
];

/** LinkedIn Campaign Manager and Google Ads columns. */
const ADS: Array<[string, Kind]> = [
  ['Clicks', 'result'],
  ['CTR', 'result'],
  ['Avg. CPC', 'result'],
  ['CPM', 'output'],
  ['Cost', 'output'],
  ['Spend', 'output'],
  ['Amount spent', 'output'],
  ['Ad spend', 'output'],
  ['Ad impressions', 'output'],
  ['Search impression share', 'output'],
  ['Reach', 'output'],
  ['Frequency', 'output'],
  ['Ads launched', 'output'],
  ['Ad creatives', 'output'],
  ['Cost per conversion', 'result'],
  ['Conversion rate', 'result'],
  ['CPA', 'result'],
  ['Cost per acquisition', 'result'],
  ['Video views', 'result'],
  ['View rate', 'result'],
  ['Follows', 'result'],
  ['Engagements', 'result'],
  ['Reactions', 'result'],
  ['Comments', 'result'],
  ['Shares', 'result'],
  ['Lead form completion rate', 'result'],
  ['Return on ad spend', 'outcome'],
  ['Cost per lead', 'result'],
  ['CPL', 'result'],
  ['Cost per click', 'result'],
  ['Cost per MQL', 'result'],
  ['Cost per opportunity', 'result'],
  ['Cost per customer', 'outcome'],
];

/** Marketo, email and event programmes, SEO and PR. */
const PROGRAMS: Array<[string, Kind]> = [
  ['Nurture emails sent', 'output'],
  ['Emails opened', 'result'],
  ['Open rate', 'result'],
  ['Click-to-open rate', 'result'],
  ['Unsubscribe rate', 'result'],
  ['Opportunities influenced', 'result'],
  ['Pipeline influenced', 'result'],
  ['Newsletter subscribers', 'result'],
  ['Email subscribers', 'result'],
  ['Inquiries', 'result'],
  ['Demo requests', 'result'],
  ['Demos booked', 'result'],
  ['Webinar registrations', 'result'],
  ['Event registrations', 'result'],
  ['Event attendees', 'result'],
  ['Booth visitors', 'result'],
  ['Trade shows attended', 'output'],
  ['Events held', 'output'],
  ['Direct mail pieces sent', 'output'],
  ['Press releases issued', 'output'],
  ['Press mentions', 'result'],
  ['Brand mentions', 'result'],
  ['Share of voice', 'result'],
  ['Backlinks', 'result'],
  ['Keyword rankings', 'result'],
  ['Domain authority', 'result'],
  ['Search ranking', 'result'],
  ['Lead velocity rate', 'result'],
  ['MQL to SQL conversion rate', 'result'],
];

/** Content production. */
const CONTENT: Array<[string, Kind]> = [
  ['Blog posts', 'output'],
  ['Articles published', 'output'],
  ['Whitepapers published', 'output'],
  ['E-books', 'output'],
  ['Infographics', 'output'],
  ['Podcast episodes', 'output'],
  ['Podcast downloads', 'result'],
  ['Ebook downloads', 'result'],
  ['Videos published', 'output'],
  ['Video completion rate', 'result'],
  ['Guest posts', 'output'],
  ['Content pieces', 'output'],
  ['Newsletters sent', 'output'],
  ['Tweets', 'output'],
  ['LinkedIn posts', 'output'],
  ['Social media posts', 'output'],
  ['Campaigns', 'output'],
  ['Landing pages', 'output'],
  ['Marketing budget', 'output'],
  ['Marketing spend', 'output'],
];

/** SaaS finance and board dashboards. */
const SAAS: Array<[string, Kind]> = [
  ['MRR', 'outcome'],
  ['ARR', 'outcome'],
  ['New MRR', 'outcome'],
  ['Expansion MRR', 'outcome'],
  ['Churned MRR', 'outcome'],
  ['Net new ARR', 'outcome'],
  ['Net revenue retention', 'outcome'],
  ['NRR', 'outcome'],
  ['GRR', 'outcome'],
  ['Gross revenue retention', 'outcome'],
  ['Net dollar retention', 'outcome'],
  ['Logo churn', 'outcome'],
  ['Customer churn rate', 'outcome'],
  ['Revenue churn', 'outcome'],
  ['Blended CAC', 'outcome'],
  ['Paid CAC', 'outcome'],
  ['CAC payback period', 'outcome'],
  ['Months to recover CAC', 'outcome'],
  ['Payback period', 'outcome'],
  ['LTV', 'outcome'],
  ['CLV', 'outcome'],
  ['CLTV', 'outcome'],
  ['LTV/CAC ratio', 'outcome'],
  ['LTV to CAC', 'outcome'],
  ['Customer lifetime value', 'outcome'],
  ['Gross margin', 'outcome'],
  ['Contribution margin', 'outcome'],
  ['Operating margin', 'outcome'],
  ['Gross profit', 'outcome'],
  ['Net profit', 'outcome'],
  ['EBITDA margin', 'outcome'],
  ['ARPU', 'outcome'],
  ['ARPA', 'outcome'],
  ['ACV', 'outcome'],
  ['Average order value', 'outcome'],
  ['Average revenue per user', 'outcome'],
  ['Renewal rate', 'outcome'],
  ['Expansion revenue', 'outcome'],
  ['Upsell revenue', 'outcome'],
  ['Cross-sell revenue', 'outcome'],
  ['Paying customers', 'outcome'],
  ['Active customers', 'outcome'],
  ['Customer count', 'outcome'],
  ['New logos', 'outcome'],
  ['Trial-to-paid conversion rate', 'result'],
  ['Free trial sign-ups', 'result'],
  ['Marketing ROI', 'outcome'],
  ['ROMI', 'outcome'],
  ['Return on marketing investment', 'outcome'],
  ['ROI', 'outcome'],
  ['Market share', 'outcome'],
  ['Sales velocity', 'outcome'],
  ['Customer satisfaction score', 'outcome'],
  ['CSAT score', 'outcome'],
  ['Net Promoter Score', 'outcome'],
  ['Customer retention rate', 'outcome'],
  ['Referrals', 'outcome'],
  ['Customer references', 'outcome'],
  ['Testimonials', 'outcome'],
  ['Online reviews', 'outcome'],
  ['G2 reviews', 'outcome'],
  ['Brand awareness', 'outcome'],
  ['Brand lift', 'outcome'],
];

/** The same metrics as people type them in a hurry: counts, periods, units, breakdowns. */
const WRITTEN_ANYHOW: Array<[string, Kind]> = [
  ['# of leads', 'result'],
  ['Number of customers', 'outcome'],
  ['Count of opportunities', 'result'],
  ['Total number of MQLs', 'result'],
  ['MQLs this quarter', 'result'],
  ['Leads per month', 'result'],
  ['Leads (Q1)', 'result'],
  ['Revenue YTD', 'outcome'],
  ['Revenue ($)', 'outcome'],
  ['Avg deal size (USD)', 'outcome'],
  ['Revenue by channel', 'outcome'],
  ['Pipeline vs target', 'result'],
  ['Revenue growth', 'outcome'],
  ['Lead growth rate', 'result'],
  ['C.A.C.', 'outcome'],
  ['page-views', 'result'],
  ['LEADS!', 'result'],
  ['e-mails sent', 'output'],
  ['Monthly recurring revenue', 'outcome'],
  ['Weekly website sessions', 'result'],
  ['Quarterly closed-won deals', 'outcome'],
  ['Annual contract value', 'outcome'],
  ['Inbound leads', 'result'],
  ['Outbound emails sent', 'output'],
  ['Paid social impressions', 'output'],
  ['Cost / lead', 'result'],
  ['Revenue per lead', 'outcome'],
  ['Open %', 'result'],
  ['Win %', 'outcome'],
];

const ALL = [
  ...ISSUE_15,
  ...SPEC,
  ...HUBSPOT,
  ...SALESFORCE,
  ...ANALYTICS,
  ...ADS,
  ...PROGRAMS,
  ...CONTENT,
  ...SAAS,
  ...WRITTEN_ANYHOW,
];

const label = (v: unknown) => (isRoiError(v) ? v.code : v);

test('the table holds at least 150 different real dashboard names', () => {
  expect(new Set(ALL.map(([n]) => n.toLowerCase())).size).toBeGreaterThanOrEqual(150);
});

describe.each([
  ['issue 15', ISSUE_15],
  ['the spec', SPEC],
  ['HubSpot', HUBSPOT],
  ['Salesforce', SALESFORCE],
  ['Google Analytics', ANALYTICS],
  ['LinkedIn and Google Ads', ADS],
  ['Marketo, events, SEO and PR', PROGRAMS],
  ['content', CONTENT],
  ['SaaS finance', SAAS],
  ['written anyhow', WRITTEN_ANYHOW],
])('%s', (_source, table) => {
  test.each(table)('%s is an %s', (name, kind) => {
    expect(label(callFunction('METRICKIND', [name]))).toBe(kind);
    expect(classifyMetric(name)).toBe(kind);
  });
});

describe('names it does not know', () => {
  test.each([
    'Vibes',
    'Team morale',
    'Server uptime',
    'Headcount',
    'Customer support tickets',
    'Metric',
    'KPI',
    'Month',
    'Q1 2025',
    'Total',
    'Rate',
    'Leads LinkedIn',
    'Cost per vibe',
    '',
  ])('%j is #N/A', (name) => {
    expect(classifyMetric(name)).toBeUndefined();
    if (name) expect(label(callFunction('METRICKIND', [name]))).toBe('#N/A');
  });

  test.each([
    ['Custmers', 'customers'],
    ['Pipline generated', 'pipeline'],
    ['Oportunities', 'opportunities'],
    ['Webinar atendees', 'attendees'],
    ['Revnue', 'revenue'],
    ['Impresions', 'impressions'],
    ['Lead magnet', 'leads'],
  ])('%s suggests %s', (name, nearest) => {
    const v = callFunction('METRICKIND', [name]);
    expect(isRoiError(v) && v.code).toBe('#N/A');
    const message = isRoiError(v) ? v.message : '';
    expect(message).toContain(`Unknown metric "${name}"`);
    const suggested = /Nearest known names: (.*?)\. /.exec(message)?.[1] ?? '';
    expect(suggested.split(', ').length).toBeLessThanOrEqual(3);
    expect(suggested).toMatch(new RegExp(`\\b${nearest} \\((output|result|outcome)\\)`));
  });

  test('with nothing near, the message gives examples of each kind instead', () => {
    const m = unknownMetricMessage('Q1 2025');
    expect(m).not.toContain('Nearest');
    expect(m).toMatch(/Known outputs: .+; results: .+; outcomes: .+/);
  });

  test('a long name is cut to 60 characters with an ellipsis in the message', () => {
    const long = 'Customer support tickets closed by the weekend team in region ' + 'x'.repeat(200);
    const m = unknownMetricMessage(long);
    const shown = /^Unknown metric "(.*?)"/.exec(m)?.[1] ?? '';
    expect(shown).toBe(long.slice(0, 60) + '...');
    expect(m.length).toBeLessThan(400);
  });

  test('a 10 MB argument is refused quickly and never echoed', () => {
    const huge = 'leads '.repeat(1_750_000);
    const t = process.hrtime.bigint();
    const v = callFunction('METRICKIND', [huge]);
    expect(isRoiError(v) && v.code).toBe('#N/A');
    const m = isRoiError(v) ? v.message : '';
    expect(m.length).toBeLessThan(400);
    expect(m).toContain('"leads leads ');
    expect(m).toContain('...');
    expect(m).toMatch(/at most 255 characters/);
    // Generous bound: the point is that no work scales with the argument (it is a few ms).
    expect(Number(process.hrtime.bigint() - t) / 1e6).toBeLessThan(2000);
  });

  test('control and bidi characters are stripped from the echoed name', () => {
    const m = unknownMetricMessage('Vi\u0007b\u202Ees\u001B[2J\u2066x\u0000');
    expect(m).toMatch(/^Unknown metric "Vibes\[2Jx"/);
    expect(m).not.toMatch(/[\u0000-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/);
  });

  test('a cut never splits a character made of two UTF-16 units', () => {
    const m = unknownMetricMessage('📈'.repeat(100));
    const shown = /^Unknown metric "(.*?)"/.exec(m)?.[1] ?? '';
    expect(shown).toBe('📈'.repeat(60) + '...');
  });
});

describe("the user's own label in brackets at the end of a name", () => {
  test.each([
    ['Vibes (result)', 'result'],
    ['Team NPS [Outcome]', 'outcome'],
    ['Partner score ( output )', 'output'],
    ['Revenue (output)', 'output'],
  ])('%s is an %s', (name, kind) => {
    expect(label(callFunction('METRICKIND', [name]))).toBe(kind);
  });

  test('only a whole kind at the very end counts', () => {
    expect(classifyMetric('Vibes (results)')).toBeUndefined();
    expect(classifyMetric('Vibes (outcome) score')).toBeUndefined();
    expect(classifyMetric('Leads (outcome of events)')).toBe('result');
  });
});

describe('elementwise over a range', () => {
  test('a column of names gives a column of labels, unknown names #N/A in place', () => {
    const names = [['Website visits'], ['Closed-won revenue'], ['Webinars hosted'], ['Vibes'], ['LTV:CAC']];
    const out = callFunction('METRICKIND', [names]) as unknown[][];
    expect(out.map((r) => label(r[0]))).toEqual(['result', 'outcome', 'output', '#N/A', 'outcome']);
  });

  test('the whole table as one row gives the same labels as one by one', () => {
    const out = callFunction('METRICKIND', [[ALL.map(([n]) => n)]]) as unknown[][];
    expect(out[0].map(label)).toEqual(ALL.map(([, k]) => k));
  });
});

describe('metricKey, the one normaliser of metric and header names', () => {
  test.each([
    ['Website Visits', 'website visit'],
    ['  Page-views!  ', 'page view'],
    ['Revenue ($)', 'revenue'],
    ['Spend [EUR]', 'spend'],
    ['# of Leads', 'lead'],
    ['Number of opportunities', 'opportunity'],
    ['Case studies', 'case study'],
    ['Searches', 'search'],
    ['Businesses', 'business'],
    ['Sales', 'sales'],
    ['ROAS', 'roas'],
    ['NPS', 'nps'],
    ['Ads', 'ad'],
    ['C.A.C.', 'cac'],
    ['E-mails', 'email'],
    ['Bounce rate', 'bounce rate'],
    ['Status', 'status'],
    ['R&D spend', 'r and d spend'],
    ['Win %', 'win percent'],
    ['Conversion rate (%)', 'conversion rate'],
  ])('%j is %j', (name, key) => {
    expect(metricKey(name)).toBe(key);
  });

  test('every known name keys like its capitals and its own key', () => {
    for (const kind of ['output', 'result', 'outcome'] as const)
      for (const n of METRICS[kind]) {
        expect(metricKey(n.toUpperCase())).toBe(metricKey(n));
        expect(metricKey(metricKey(n))).toBe(metricKey(n));
        expect([n, classifyMetric(n)]).toEqual([n, kind]);
      }
    expect(knownMetricCount()).toBeGreaterThanOrEqual(150);
  });
});

/**
 * METRICKIND's vocabulary: is a marketing metric an output (what marketing ships), a
 * result (campaign metrics in between) or an outcome (what moves the business)?
 * Names are matched case- and punctuation-insensitively, singular or plural.
 */
export type MetricKind = 'output' | 'result' | 'outcome';

export const METRICS: Record<MetricKind, readonly string[]> = {
  output: [
    'emails sent',
    'email sends',
    'newsletters sent',
    'posts published',
    'blog posts',
    'blog posts published',
    'articles published',
    'social posts',
    'tweets',
    'campaigns launched',
    'campaigns',
    'ads launched',
    'ads run',
    'impressions',
    'ad impressions',
    'content pieces',
    'content published',
    'videos published',
    'webinars held',
    'webinars run',
    'events attended',
    'events held',
    'press releases',
    'press releases issued',
    'whitepapers published',
    'ebooks published',
    'landing pages built',
    'landing pages launched',
    'reach',
    'assets produced',
    'podcasts published',
  ],
  result: [
    'page views',
    'pageviews',
    'visits',
    'visitors',
    'website visitors',
    'unique visitors',
    'sessions',
    'traffic',
    'website traffic',
    'bounce rate',
    'time on page',
    'time on site',
    'click through rate',
    'ctr',
    'clicks',
    'open rate',
    'email open rate',
    'click rate',
    'opt ins',
    'optins',
    'subscribers',
    'new subscribers',
    'form fills',
    'form submissions',
    'downloads',
    'leads',
    'new leads',
    'lead volume',
    'raw leads',
    'mqls',
    'mql',
    'marketing qualified leads',
    'cost per lead',
    'cpl',
    'cost per click',
    'cpc',
    'followers',
    'likes',
    'shares',
    'engagement',
    'engagement rate',
    'social engagement',
    'conversion rate',
    'webinar registrations',
    'registrations',
    'attendees',
    'sqls',
    'sales qualified leads',
    'sals',
    'sales accepted leads',
    'demo requests',
    'search ranking',
    'domain authority',
    'share of voice',
  ],
  outcome: [
    'customers won',
    'new customers',
    'customers',
    'customer acquisition',
    'deals won',
    'closed won deals',
    'wins',
    'revenue',
    'new revenue',
    'bookings',
    'arr',
    'annual recurring revenue',
    'mrr',
    'monthly recurring revenue',
    'profitable revenue',
    'profit',
    'gross profit',
    'gross margin',
    'contribution margin',
    'ebitda',
    'ebitda margin',
    'cac',
    'customer acquisition cost',
    'cost per customer',
    'cac payback',
    'payback period',
    'ltv',
    'clv',
    'cltv',
    'lifetime value',
    'customer lifetime value',
    'ltv to cac',
    'ltv cac ratio',
    'churn',
    'churn rate',
    'customer churn',
    'revenue churn',
    'retention',
    'retention rate',
    'customer retention',
    'net revenue retention',
    'nrr',
    'net dollar retention',
    'expansion revenue',
    'upsell revenue',
    'customer satisfaction',
    'csat',
    'nps',
    'net promoter score',
    'advocacy',
    'customer advocacy',
    'case studies',
    'references',
    'customer references',
    'referrals',
    'reviews',
    'brand awareness uplift',
    'brand awareness lift',
    'romi',
    'return on marketing investment',
    'marketing roi',
    'roi',
    'pipeline revenue',
    'win rate',
    'sales velocity',
    'average deal value',
    'market share',
  ],
};

/** Words folded to one key: lower case, letters and digits only, optionally singular. */
function key(name: string, singular: boolean): string {
  const words = name
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  return words
    .map((w) => (singular && w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w))
    .join('');
}

const INDEX = new Map<string, MetricKind>();
for (const kind of Object.keys(METRICS) as MetricKind[]) {
  for (const name of METRICS[kind]) {
    INDEX.set(key(name, false), kind);
    if (!INDEX.has(key(name, true))) INDEX.set(key(name, true), kind);
  }
}

/** Every name METRICKIND knows. */
export function knownMetricCount(): number {
  return Object.values(METRICS).reduce((n, list) => n + list.length, 0);
}

/** The kind of a metric name, or undefined when the name is not known. */
export function classifyMetric(name: string): MetricKind | undefined {
  return INDEX.get(key(name, false)) ?? INDEX.get(key(name, true));
}

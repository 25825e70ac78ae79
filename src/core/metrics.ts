/**
 * METRICKIND's vocabulary and reader: is a marketing metric an output (what marketing
 * ships, does or pays for), a result (the responses in between) or an outcome (what moves
 * the business)? Dashboards write the same metric many ways ("Website visits", "Site
 * visits", "# of visits (monthly)"), so a name is read the way a person reads it: folded
 * (metricKey), abbreviations and fixed phrases recognised, qualifiers, periods and verbs set
 * aside, and the kind taken from the head noun, the last noun of the name ("Webinar
 * attendees" is about attendees, "Closed-won revenue" about revenue). The vocabulary is
 * head nouns and a few word classes, not every phrase spelled out: it ships in
 * functions.js, whose size budget is tight, and it is indexed once, at module load.
 */
import { msg } from './errors';

export type MetricKind = 'output' | 'result' | 'outcome';

/* ---------- the vocabulary (written as dashboards write them; folded by metricKey) ---------- */

/**
 * Head nouns and fixed phrases by kind, comma-separated. A name's kind is its head's,
 * except where a verb or a ratio says otherwise (see WORDS). Plural or singular, case and
 * punctuation do not matter: every entry and every name is folded by metricKey.
 */
const HEADS: Record<MetricKind, string> = {
  output:
    // What marketing ships: content, campaigns and the channels' sends.
    'emails,sends,newsletters,direct mail,pieces,posts,blogs,articles,tweets,content,assets,videos,podcasts,' +
    'episodes,whitepapers,ebooks,guides,infographics,press releases,pages,forms,webinars,events,trade shows,' +
    'campaigns,ads,creatives,messages,' +
    // What marketing does: sales-development and field activity.
    'calls,activities,touches,' +
    // What marketing buys: paid media delivered (CPM is its price) and the money put in.
    // Decision: spend, cost and budget are outputs (inputs, really): they say what was done
    // with the money, not what it earned; set them against results or outcomes.
    'impressions,reach,frequency,CPM,spend,spent,cost,budget,investment,expenses',
  result:
    // The audience's responses on the web, in email and on social.
    'visits,visitors,sessions,users,views,pageviews,traffic,bounces,exits,entrances,time,time spent,clicks,' +
    'click-throughs,CTR,opens,replies,responses,unsubscribes,conversions,completions,submissions,fills,' +
    'opt-ins,optins,sign-ups,signups,registrations,attendees,attendance,downloads,installs,subscribers,' +
    'followers,follows,fans,likes,reactions,comments,shares,mentions,engagement,backlinks,rankings,' +
    'domain authority,share of voice,' +
    // The funnel before the deal is won: leads and their grades, meetings, trials,
    // opportunities and the pipeline (not money yet: "Pipeline revenue" too is a result).
    'leads,contacts,prospects,inquiries,requests,demos,meetings,trials,MQLs,MQAs,PQLs,SALs,SQLs,SQOs,' +
    'opportunities,deals,accounts,contracts,pipeline,pipeline revenue,sales cycle,acquisition,' +
    // Cost per response. Decision: cost per lead, per click, per acquisition are efficiency
    // figures at the result level, not outcomes: a cheap lead that never buys is no win.
    // CPA is read as cost per conversion (an ad platform's "acquisition" is a lead or a
    // sign-up); cost per customer is CAC, an outcome.
    'CPL,CPC,CPA,CPV',
  outcome:
    // Customers and what they buy.
    'customers,customer acquisition,clients,logos,wins,close rate,purchases,transactions,orders,sales,' +
    // Money: revenue, recurring revenue and profit. Decision: deal size, contract value,
    // order value and revenue per customer (ACV, AOV, ARPU, ARPA) are outcomes: revenue
    // per customer won.
    'revenue,income,bookings,MRR,ARR,ACV,AOV,TCV,ARPU,ARPA,deal size,deal value,contract value,expansion,' +
    'upsells,cross-sells,profit,margin,EBITDA,' +
    // Unit economics. Decision: returns (ROI, ROMI, ROAS, "Return on ad spend") are
    // outcomes: return on spend is money back, even when ROAS counts attributed revenue.
    'CAC,customer acquisition cost,acquisition cost,payback,LTV,CLV,CLTV,lifetime value,returns,ROI,ROMI,ROAS,' +
    // Keeping customers, and what they say and do for you (advocacy).
    'churn,attrition,retention,renewals,NRR,GRR,NDR,satisfaction,CSAT,NPS,promoters,advocacy,case studies,' +
    'references,referrals,reviews,testimonials,' +
    // The market: brand awareness as measured (its uplift), and market share.
    'awareness,brand lift,market share',
};

/**
 * Word classes, space-separated, folded. A word outside them and the heads is unknown:
 * allowed before the head ("LinkedIn leads", "Blended CAC": a head is the LAST noun), but
 * an unknown last word makes the name unknown ("Customer support tickets" is #N/A).
 */
const WORDS = {
  /**
   * Set aside wherever they stand: qualifiers (website, site, total, new, organic, paid,
   * social, inbound, outbound, marketing; "number of", "# of" are dropped by metricKey),
   * periods, and measures of the head ("Pipeline value", "Revenue growth", "Lead velocity
   * rate"): a rate, count or value of something is the same kind as that thing.
   */
  skip:
    'website site total new net unique organic paid social media inbound outbound marketing ' +
    'daily weekly monthly quarterly annual yearly ytd mtd qtd yoy mom qoq wow this last prior ' +
    'period day week month quarter year number count volume amount value sum rate ratio percentage ' +
    'percent pct score index growth change trend uplift lift velocity coverage length duration size ' +
    'average avg target goal forecast actual plan',
  /**
   * Verbs of doing: the head's kind stays ("Emails sent", "Pipeline generated"). Any other
   * word ending in -ed is one too (a past participle: "Leads captured", "Revenue attributed").
   */
  verb: 'sent held run ran built written made shown',
  /**
   * Verbs of closing: a won (or lost, renewed) deal, opportunity, account or pipeline is an
   * outcome ("Opportunities won", "Closed-won deals"); created or open, it is a result.
   */
  close: 'won closed booked signed converted acquired lost churned retained renewed',
  /** The heads closing verbs turn into outcomes. */
  winnable: 'opportunity deal account contract pipeline',
  /** Verbs of responding: an output responded to is a result ("Emails opened", "Videos watched"). */
  respond:
    'opened clicked viewed watched read downloaded shared liked replied submitted registered subscribed ' +
    'engaged installed bounced answered',
  /** Money put in: "Cost per X" is the kind of X ("Cost per lead": result; "per customer": outcome). */
  cost: 'spend spent cost budget investment expense',
  /** What follows is a breakdown, not the metric: "Revenue by channel", "Pipeline vs target". */
  tail: 'by vs versus from for in on across via with at as',
  /**
   * Ratios ("A per B", "A to B", "A of B", "A:B", "A/B") are the kind of A, except: the cost
   * of B is B's kind; an output per response is a result ("Pages per session"); and when A
   * is only a measure, B's kind ("Percentage of leads", "Months to payback").
   */
  ratio: 'per to of over',
  /** A head that gives way to a head before it: "Impression share" is about impressions. */
  weak: 'share',
};

/* ---------- folding ---------- */

const BRACKETS = /\([^)]*\)|\[[^\]]*\]|\{[^}]*\}/g;
const NOT_WORD = /[^\p{L}\p{N}]+/u;
const RATIO_MARK = /[:/÷]/g;
const AMPERSAND = /&/g;
const PERCENT = /%/g;
const COUNT_OF = new Set(['number', 'no', 'nr', 'num', 'count']);
/** A kind the user wrote in brackets at the end of a name: "Partner score (result)". */
const LABELLED = /[([]\s*(output|result|outcome)\s*[)\]]\s*$/i;
/** Set aside when not in the vocabulary: numbers, periods (q1, h2, fy25) and past participles. */
const SET_ASIDE = /^(\d+|[qh]\d|fy\d*|.+ed)$/;
/** Words ending in s that are not plurals. */
const NOT_PLURAL = new Set('sales roas saas news series nps sms gps cms ops ios its has was yes gas'.split(' '));

function singular(w: string): string {
  if (NOT_PLURAL.has(w) || !w.endsWith('s') || w.endsWith('ss') || w.endsWith('us') || w.endsWith('is')) return w;
  if (w.length > 4 && w.endsWith('ies')) return w.slice(0, -3) + 'y';
  if (w.endsWith('sses') || w.endsWith('ches') || w.endsWith('shes') || w.endsWith('xes')) return w.slice(0, -2);
  return w.length > 2 ? w.slice(0, -1) : w;
}

/**
 * The one normaliser of metric and header names: lower case; units in brackets and
 * punctuation dropped ("&" is "and", "%" is "percent"); a spelled-out acronym joined
 * ("C.A.C." is "cac", "e-mail" is "email"); a leading count ("# of", "Number of") dropped;
 * each word singular (plural s, -ies, -es off; "sales", "ROAS", "business" kept); words
 * joined by one space.
 */
export function metricKey(name: string): string {
  const raw = name
    .toLowerCase()
    .replace(BRACKETS, ' ')
    .replace(AMPERSAND, ' and ')
    .replace(PERCENT, ' percent ')
    .split(NOT_WORD);
  const words: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    let w = raw[i];
    if (!w) continue;
    if (w.length === 1 && raw[i + 1]?.length === 1) {
      // Single letters in a row spell an acronym.
      while (raw[i + 1]?.length === 1) w += raw[++i];
    } else if (w === 'e' && raw[i + 1]) w += raw[++i];
    words.push(w);
  }
  let start = words[0] === 'of' ? 1 : 0;
  if (COUNT_OF.has(words[0]) && words[1] === 'of') start = 2;
  return words.slice(start).map(singular).join(' ');
}

/* ---------- the index, built once ---------- */

const OUTPUT = 1;
const RESULT = 2;
const OUTCOME = 3;
const KIND = 3;
const SKIP = 4;
const CLOSE = 8;
const RESPOND = 16;
const COST = 32;
const WIN = 64;
const WEAK = 128;
const TAIL = 256;
const RATIO = 512;
const KINDS: ReadonlyArray<MetricKind | undefined> = [undefined, 'output', 'result', 'outcome'];

const LEX = new Map<string, number>();
/** The heads as written above, by kind: METRICKIND's known names, for messages and docs. */
export const METRICS: Record<MetricKind, readonly string[]> = { output: [], result: [], outcome: [] };
let longest = 1;
KINDS.forEach((kind, k) => {
  if (!kind) return;
  const names = HEADS[kind].split(',');
  METRICS[kind] = names;
  for (const n of names) {
    const key = metricKey(n);
    LEX.set(key, k);
    longest = Math.max(longest, key.split(' ').length);
  }
});
const flag = (list: string, f: number) => {
  for (const w of list.split(' ')) LEX.set(w, (LEX.get(w) ?? 0) | f);
};
flag(WORDS.skip + ' ' + WORDS.verb, SKIP);
flag(WORDS.close, SKIP | CLOSE);
flag(WORDS.respond, SKIP | RESPOND);
flag(WORDS.cost, COST);
flag(WORDS.winnable, WIN);
flag(WORDS.weak, WEAK);
flag(WORDS.tail, TAIL);
flag(WORDS.ratio, RATIO);

/** Every name METRICKIND knows as a head (each also in its plural, singular, and in any case). */
export function knownMetricCount(): number {
  return METRICS.output.length + METRICS.result.length + METRICS.outcome.length;
}

/* ---------- reading a name ---------- */

/** Longer names are not metric names: they are refused before any work that grows with them. */
export const MAX_METRIC_NAME = 255;

/** The name as words of the vocabulary: the longest known phrase first, unknown words as 0. */
function tokens(name: string): Array<[string, number]> {
  const words = metricKey(name.replace(RATIO_MARK, ' per ')).split(' ');
  const out: Array<[string, number]> = [];
  for (let i = 0; i < words.length && words[i];) {
    let n = Math.min(longest, words.length - i);
    for (; n > 1; n--) if (LEX.has(words.slice(i, i + n).join(' '))) break;
    const w = words.slice(i, i + n).join(' ');
    out.push([w, LEX.get(w) ?? (SET_ASIDE.test(w) ? SKIP : 0)]);
    i += n;
  }
  return out;
}

const EMPTY = -1;

/**
 * One stretch without connectors: its head's flags, the kind changed by the verbs; 0 when
 * the last word that counts is unknown, EMPTY when every word is set aside.
 */
function segment(t: Array<[string, number]>): number {
  let head = -1;
  let weak = -1;
  let verbs = 0;
  for (let i = t.length - 1; i >= 0; i--) {
    const f = t[i][1];
    verbs |= f;
    if (head >= 0 || f & SKIP) continue;
    if (!(f & KIND)) {
      if (weak < 0) return 0;
      head = weak;
    } else if (f & WEAK && weak < 0) weak = i;
    else head = i;
  }
  head = head < 0 ? weak : head;
  if (head < 0) return EMPTY;
  const f = t[head][1];
  const kind = verbs & CLOSE && f & WIN ? OUTCOME : verbs & RESPOND && (f & KIND) === OUTPUT ? RESULT : f & KIND;
  return (f & ~KIND) | kind;
}

/** The kind (0 unknown, EMPTY nothing) of a name's words: split at its first connector. */
function kindOf(t: Array<[string, number]>): number {
  const c = t.findIndex(([, f]) => f & (TAIL | RATIO));
  if (c < 0) {
    const f = segment(t);
    return f === EMPTY ? f : f & KIND;
  }
  const left = segment(t.slice(0, c));
  const right = kindOf(t.slice(c + 1));
  const kind = left & KIND;
  if (left === EMPTY) return right;
  if (!kind || t[c][1] & TAIL) return kind;
  if (left & COST) return right === EMPTY ? kind : right;
  return kind === OUTPUT && right > OUTPUT ? RESULT : kind;
}

/**
 * The kind of a metric name, or undefined when the name is not known. A kind written in
 * brackets at the end of the name is the user's own label and wins ("Team NPS (result)").
 */
export function classifyMetric(name: string): MetricKind | undefined {
  if (name.length > MAX_METRIC_NAME) return undefined;
  const labelled = LABELLED.exec(name);
  if (labelled) return labelled[1].toLowerCase() as MetricKind;
  const k = kindOf(tokens(name));
  return k > 0 ? KINDS[k] : undefined;
}

/* ---------- suggestions for unknown names ---------- */

/** The letter pairs of a folded name's words, with their edges ("lead": " l", "le", "ea", "ad", "d "). */
function pairs(key: string): Set<string> {
  const out = new Set<string>();
  for (const w of key.split(' ')) {
    const p = ` ${w} `;
    for (let i = 0; i <= w.length; i++) out.add(p.slice(i, i + 2));
  }
  return out;
}

let known: Array<[string, MetricKind, Set<string>]> | undefined;

/**
 * Up to three known names nearest to an unknown one, by the letter pairs they share
 * (Dice's coefficient, at least 0.4) over the words that say what is counted (qualifiers,
 * periods and verbs set aside). Only unknown names pay for it.
 */
export function nearestMetrics(name: string): Array<[string, MetricKind]> {
  known ??= KINDS.flatMap((kind) =>
    kind ? METRICS[kind].map((n) => [n, kind, pairs(metricKey(n))] as [string, MetricKind, Set<string>]) : [],
  );
  const words = tokens(name.slice(0, 60))
    .filter(([, f]) => !(f & (SKIP | TAIL | RATIO)))
    .map(([w]) => w)
    .join(' ');
  if (!words) return [];
  const mine = pairs(words);
  return known
    .map(([n, kind, theirs]) => {
      let shared = 0;
      for (const p of mine) if (theirs.has(p)) shared++;
      return [n, kind, (2 * shared) / (mine.size + theirs.size)] as const;
    })
    .filter((x) => x[2] >= 0.4)
    .sort((a, b) => b[2] - a[2])
    .slice(0, 3)
    .map(([n, kind]) => [n, kind]);
}

/** METRICKIND's #N/A message: the nearest known names, or else examples of each kind. */
export function unknownMetricMessage(name: string): string {
  if (name.length > MAX_METRIC_NAME) return msg.metricTooLong(name, MAX_METRIC_NAME);
  return msg.unknownMetric(name, nearestMetrics(name));
}

/**
 * A chart of the sheet drawn where Excel would place it (over the cells from..to): the
 * model's funnel and "what moves the number" bars, and the month charts' grouped columns
 * (one series per row or column after the first, named by its first cell, with a legend),
 * from the ChartSpec the model wrote and the live values of its source range. SVG, no
 * chart library.
 */
import { makeStyles, tokens } from '@fluentui/react-components';
import { isRoiError } from '../../core';
import type { SheetSource } from '../../workbook/sheet-source';
import { rangeOf } from '../../workbook/port';
import type { ChartSpec } from '../../workbook/port';
import { GRID_FONT_FAMILY } from './measure';

const useStyles = makeStyles({
  card: {
    position: 'absolute',
    boxSizing: 'border-box',
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow4,
    padding: '10px 12px',
    display: 'flex',
    flexDirection: 'column',
    overflow: 'hidden',
    zIndex: 4,
  },
  title: {
    fontFamily: GRID_FONT_FAMILY,
    fontSize: '14px',
    fontWeight: 600,
    color: tokens.colorNeutralForeground1,
    textAlign: 'center',
    marginBottom: '6px',
  },
  empty: { color: tokens.colorNeutralForeground3, fontSize: '12px', margin: 'auto' },
  svg: { flexShrink: 0, overflow: 'visible' },
});

export interface ChartPoint {
  label: string;
  value: number;
  /** A scatter point's X (from ChartSpec.xValues). */
  x?: number;
  /** A scatter point's Y as its cell shows it ("6.4%"). */
  shown?: string;
}

/** The cells of a one-column (or one-row) range, in order. */
function cellsOf(wb: SheetSource, sheet: string, a1: string) {
  const r = rangeOf(a1);
  const snap = wb.getSheetSnapshot(sheet, { top: r.top, bottom: r.bottom, left: r.left, right: r.right });
  const at = new Map(snap.cells.map((c) => [`${c.row},${c.col}`, c]));
  const out: Array<{ value: unknown; display: string } | undefined> = [];
  for (let row = r.top; row <= r.bottom; row++)
    for (let col = r.left; col <= r.right; col++) out.push(at.get(`${row},${col}`));
  return out;
}

/**
 * Scatter points from xValues (X) and source (Y), paired in order; a point whose X or Y
 * is not a number is left out, as Excel leaves it out.
 */
function scatterData(wb: SheetSource, spec: ChartSpec & { xValues: string }): ChartPoint[] {
  const xs = cellsOf(wb, spec.sheet, spec.xValues);
  const ys = cellsOf(wb, spec.sheet, spec.source);
  const points: ChartPoint[] = [];
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    const x = xs[i]?.value;
    const y = ys[i]?.value;
    if (typeof x !== 'number' || typeof y !== 'number') continue;
    points.push({ label: xs[i]!.display || String(x), value: y, x, shown: ys[i]!.display || undefined });
  }
  return points;
}

/**
 * Categories and values of a chart's source (first column or row: categories; second:
 * values); an xyScatter with xValues pairs those X values with the source's Y values.
 */
export function chartData(wb: SheetSource, spec: ChartSpec): ChartPoint[] {
  if (spec.type === 'xyScatter' && spec.xValues) return scatterData(wb, { ...spec, xValues: spec.xValues });
  const r = rangeOf(spec.source);
  const snap = wb.getSheetSnapshot(spec.sheet, { top: r.top, bottom: r.bottom, left: r.left, right: r.right });
  const at = new Map(snap.cells.map((c) => [`${c.row},${c.col}`, c]));
  const points: ChartPoint[] = [];
  const byRows = spec.seriesBy === 'rows';
  const count = byRows ? r.right - r.left + 1 : r.bottom - r.top + 1;
  for (let i = 0; i < count; i++) {
    const labelCell = byRows ? at.get(`${r.top},${r.left + i}`) : at.get(`${r.top + i},${r.left}`);
    const valueCell = byRows ? at.get(`${r.top + 1},${r.left + i}`) : at.get(`${r.top + i},${r.left + 1}`);
    const v = valueCell?.value;
    if (typeof v !== 'number' || isRoiError(v)) continue;
    points.push({ label: labelCell?.display || `${i + 1}`, value: v });
  }
  return points;
}

/** A chart's series: categories from the first row (seriesBy rows) or column, one series per further line. */
export interface ChartSeries {
  categories: string[];
  series: Array<{ name: string; values: Array<number | null> }>;
}

export function chartSeries(wb: SheetSource, spec: ChartSpec): ChartSeries {
  const r = rangeOf(spec.source);
  const snap = wb.getSheetSnapshot(spec.sheet, { top: r.top, bottom: r.bottom, left: r.left, right: r.right });
  const at = new Map(snap.cells.map((c) => [`${c.row},${c.col}`, c]));
  const byRows = spec.seriesBy === 'rows';
  const cell = (line: number, i: number) =>
    byRows ? at.get(`${r.top + line},${r.left + i}`) : at.get(`${r.top + i},${r.left + line}`);
  const lines = byRows ? r.bottom - r.top + 1 : r.right - r.left + 1;
  const count = byRows ? r.right - r.left + 1 : r.bottom - r.top + 1;
  const categories = Array.from({ length: count - 1 }, (_, i) => cell(0, i + 1)?.display ?? '');
  const series = Array.from({ length: lines - 1 }, (_, j) => ({
    name: cell(j + 1, 0)?.display ?? `Series ${j + 1}`,
    values: categories.map((_, i) => {
      const v = cell(j + 1, i + 1)?.value;
      return typeof v === 'number' && !isRoiError(v) ? v : null;
    }),
  }));
  return { categories, series };
}

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
function short(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `${(v / 1e6).toFixed(1)}M`;
  if (a >= 1e4) return `${(v / 1e3).toFixed(0)}K`;
  return grouped.format(v);
}

const BAR = '#0F6CBD';
const BAR_SOFT = '#62ABF5';
const TEXT = '#424242';
const FONT = 11;

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** Funnel: bars centred on one axis, widest at the top, each with its value. */
function FunnelSvg({ points, width, height }: { points: ChartPoint[]; width: number; height: number }) {
  const labelW = Math.min(130, width * 0.34);
  const area = width - labelW - 8;
  const max = Math.max(...points.map((p) => Math.abs(p.value)), 1);
  const rowH = height / points.length;
  const barH = Math.max(8, Math.min(28, rowH * 0.72));
  return (
    <>
      {points.map((p, i) => {
        const w = Math.max(3, (Math.abs(p.value) / max) * area);
        const cx = labelW + 8 + area / 2;
        const y = i * rowH + (rowH - barH) / 2;
        const inside = w > 46;
        const t = points.length > 1 ? i / (points.length - 1) : 0;
        return (
          <g key={i}>
            <text x={labelW} y={y + barH / 2} dy="0.35em" textAnchor="end" fontSize={FONT} fill={TEXT}>
              {truncate(p.label, 22)}
            </text>
            <rect
              x={cx - w / 2}
              y={y}
              width={w}
              height={barH}
              rx={2}
              fill={t < 0.5 ? BAR : BAR_SOFT}
              opacity={1 - t * 0.25}
            />
            <text
              x={inside ? cx : cx + w / 2 + 4}
              y={y + barH / 2}
              dy="0.35em"
              textAnchor={inside ? 'middle' : 'start'}
              fontSize={FONT}
              fontWeight={600}
              fill={inside ? '#FFFFFF' : TEXT}
            >
              {short(p.value)}
            </text>
          </g>
        );
      })}
    </>
  );
}

/** Horizontal (bar) or vertical (column) bars from zero. */
function BarsSvg({
  points,
  width,
  height,
  horizontal,
}: {
  points: ChartPoint[];
  width: number;
  height: number;
  horizontal: boolean;
}) {
  const lo = Math.min(0, ...points.map((p) => p.value));
  const hi = Math.max(0, ...points.map((p) => p.value));
  const span = hi - lo || 1;
  if (horizontal) {
    const labelW = Math.min(130, width * 0.34);
    const area = width - labelW - 48;
    const rowH = height / points.length;
    const barH = Math.max(8, Math.min(26, rowH * 0.62));
    const zero = labelW + 8 + ((0 - lo) / span) * area;
    return (
      <>
        <line x1={zero} x2={zero} y1={0} y2={height} stroke="#C8C8C8" />
        {points.map((p, i) => {
          const x = labelW + 8 + ((Math.min(0, p.value) - lo) / span) * area;
          const w = Math.max(p.value === 0 ? 0 : 2, (Math.abs(p.value) / span) * area);
          const y = i * rowH + (rowH - barH) / 2;
          return (
            <g key={i}>
              <text x={labelW} y={y + barH / 2} dy="0.35em" textAnchor="end" fontSize={FONT} fill={TEXT}>
                {truncate(p.label, 22)}
              </text>
              <rect x={x} y={y} width={w} height={barH} rx={2} fill={p.value < 0 ? '#C50F1F' : BAR} />
              <text
                x={p.value < 0 ? x - 4 : x + w + 4}
                y={y + barH / 2}
                dy="0.35em"
                textAnchor={p.value < 0 ? 'end' : 'start'}
                fontSize={FONT}
                fontWeight={600}
                fill={TEXT}
              >
                {short(p.value)}
              </text>
            </g>
          );
        })}
      </>
    );
  }
  const labelH = 18;
  const area = height - labelH - 16;
  const colW = width / points.length;
  const barW = Math.max(6, Math.min(48, colW * 0.6));
  const zero = 16 + ((hi - 0) / span) * area;
  return (
    <>
      <line x1={0} x2={width} y1={zero} y2={zero} stroke="#C8C8C8" />
      {points.map((p, i) => {
        const h = (Math.abs(p.value) / span) * area;
        const y = p.value < 0 ? zero : zero - h;
        const x = i * colW + (colW - barW) / 2;
        return (
          <g key={i}>
            <rect x={x} y={y} width={barW} height={Math.max(1, h)} rx={2} fill={BAR} />
            <text x={x + barW / 2} y={y - 4} textAnchor="middle" fontSize={FONT} fontWeight={600} fill={TEXT}>
              {short(p.value)}
            </text>
            <text x={i * colW + colW / 2} y={height - 4} textAnchor="middle" fontSize={FONT} fill={TEXT}>
              {truncate(p.label, Math.max(4, Math.floor(colW / 6)))}
            </text>
          </g>
        );
      })}
    </>
  );
}

const SERIES_COLORS = ['#0F6CBD', '#E97548', '#6BB700', '#8764B8'];

/** Grouped columns: one group per category, one column per series, a legend above. */
function GroupedColumnsSvg({ data, width, height }: { data: ChartSeries; width: number; height: number }) {
  const all = data.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const hi = Math.max(0, ...all) || 1;
  const legendH = 16;
  const labelH = 18;
  const left = 40;
  const area = height - legendH - labelH - 8;
  const colW = (width - left) / Math.max(1, data.categories.length);
  const barW = Math.max(2, Math.min(18, (colW * 0.8) / data.series.length));
  const y = (v: number) => legendH + 4 + area - (v / hi) * area;
  return (
    <>
      {data.series.map((s, j) => (
        <g key={`l${j}`}>
          <rect x={left + j * 90} y={2} width={10} height={10} fill={SERIES_COLORS[j % SERIES_COLORS.length]} />
          <text x={left + j * 90 + 14} y={7} dy="0.35em" fontSize={FONT} fill={TEXT}>
            {truncate(s.name, 12)}
          </text>
        </g>
      ))}
      <line x1={left} x2={width} y1={y(0)} y2={y(0)} stroke="#C8C8C8" />
      <text x={left - 4} y={y(hi)} dy="0.35em" textAnchor="end" fontSize={FONT} fill={TEXT}>
        {short(hi)}
      </text>
      <text x={left - 4} y={y(0)} dy="0.35em" textAnchor="end" fontSize={FONT} fill={TEXT}>
        0
      </text>
      {data.categories.map((c, i) => (
        <g key={i}>
          {data.series.map((s, j) => {
            const v = s.values[i];
            if (v === null) return null;
            const x = left + i * colW + (colW - barW * data.series.length) / 2 + j * barW;
            return (
              <rect
                key={j}
                x={x}
                y={y(Math.max(0, v))}
                width={barW - 1}
                height={Math.max(1, y(0) - y(Math.max(0, v)))}
                fill={SERIES_COLORS[j % SERIES_COLORS.length]}
              >
                <title>{`${c}, ${s.name}: ${short(v)}`}</title>
              </rect>
            );
          })}
          <text x={left + i * colW + colW / 2} y={height - 4} textAnchor="middle" fontSize={FONT} fill={TEXT}>
            {truncate(c, Math.max(3, Math.floor(colW / 6)))}
          </text>
        </g>
      ))}
    </>
  );
}

/** Scatter: points on X and Y axes from zero, each axis labelled at its ends as the cells show them. */
function ScatterSvg({ points, width, height }: { points: ChartPoint[]; width: number; height: number }) {
  const xs = points.map((p) => p.x ?? Number(p.label)).map((x, i) => (Number.isFinite(x) ? x : i + 1));
  const minX = Math.min(0, ...xs);
  const maxX = Math.max(...xs);
  const minY = Math.min(0, ...points.map((p) => p.value));
  const maxY = Math.max(...points.map((p) => p.value));
  const top = points.reduce((a, p) => (p.value > a.value ? p : a), points[0]);
  const right = xs.indexOf(maxX);
  const left = 44;
  const bottom = 20;
  const sx = (x: number) => left + ((x - minX) / (maxX - minX || 1)) * (width - left - 12);
  const sy = (y: number) => height - bottom - ((y - minY) / (maxY - minY || 1)) * (height - bottom - 10);
  return (
    <>
      <line x1={left} x2={width - 4} y1={sy(minY)} y2={sy(minY)} stroke="#C8C8C8" />
      <line x1={left} x2={left} y1={6} y2={sy(minY)} stroke="#C8C8C8" />
      <text x={left - 4} y={sy(maxY)} dy="0.35em" textAnchor="end" fontSize={FONT} fill={TEXT}>
        {top.shown ?? short(top.value)}
      </text>
      <text x={left - 4} y={sy(minY)} dy="0.35em" textAnchor="end" fontSize={FONT} fill={TEXT}>
        {minY === 0 ? '0' : short(minY)}
      </text>
      <text x={sx(maxX)} y={height - 4} textAnchor="end" fontSize={FONT} fill={TEXT}>
        {points[right]?.x !== undefined ? short(maxX) : points[right]?.label}
      </text>
      <text x={left} y={height - 4} textAnchor="start" fontSize={FONT} fill={TEXT}>
        {short(minX)}
      </text>
      {points.map((p, i) => (
        <circle key={i} cx={sx(xs[i])} cy={sy(p.value)} r={4} fill={BAR} opacity={0.85}>
          <title>{`${p.label}, ${p.shown ?? short(p.value)}`}</title>
        </circle>
      ))}
    </>
  );
}

export interface ChartProps {
  wb: SheetSource;
  spec: ChartSpec;
  /** Bumped on every change of the workbook, so the chart follows its source. */
  version: number;
  rect: { top: number; left: number; width: number; height: number };
}

export function Chart({ wb, spec, rect }: ChartProps) {
  const styles = useStyles();
  let points: ChartPoint[] = [];
  let multi: ChartSeries | null = null;
  try {
    points = chartData(wb, spec);
    // A source with several series (the month charts): grouped columns with a legend.
    const r = rangeOf(spec.source);
    const lines = spec.seriesBy === 'rows' ? r.bottom - r.top + 1 : r.right - r.left + 1;
    if (spec.type === 'columnClustered' && lines > 2) multi = chartSeries(wb, spec);
  } catch {
    points = [];
  }
  const width = Math.max(40, rect.width - 26);
  const height = Math.max(40, rect.height - 50);
  return (
    <figure
      className={styles.card}
      style={{ ...rect, margin: 0 }}
      data-chart={spec.name}
      aria-label={`Chart: ${spec.title}`}
    >
      <figcaption className={styles.title}>{spec.title}</figcaption>
      {(multi ? !multi.series.some((x) => x.values.some((v) => v !== null)) : points.length === 0) ? (
        <span className={styles.empty}>No numbers in {spec.source} yet.</span>
      ) : (
        <svg
          className={styles.svg}
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          role="img"
          aria-label={
            multi
              ? multi.series
                  .map((x) => `${x.name}: ${x.values.map((v) => (v === null ? '-' : short(v))).join(', ')}`)
                  .join('; ')
              : points.map((p) => `${p.label}: ${p.shown ?? short(p.value)}`).join(', ')
          }
          style={{ fontFamily: GRID_FONT_FAMILY }}
        >
          {multi ? (
            <GroupedColumnsSvg data={multi} width={width} height={height} />
          ) : spec.type === 'funnel' ? (
            <FunnelSvg points={points} width={width} height={height} />
          ) : spec.type === 'xyScatter' ? (
            <ScatterSvg points={points} width={width} height={height} />
          ) : (
            <BarsSvg points={points} width={width} height={height} horizontal={spec.type === 'barClustered'} />
          )}
        </svg>
      )}
    </figure>
  );
}

/**
 * Text width in the grid's font, for Excel's "####" (a number too wide for its column)
 * and for how far a long text overflows into empty neighbours. Uses a canvas when there
 * is one (the browser), an average character width otherwise (tests, jsdom).
 */
export const GRID_FONT_SIZE = 13;
export const GRID_FONT_FAMILY =
  '"Segoe UI", "Segoe UI Web (West European)", -apple-system, BlinkMacSystemFont, Roboto, "Helvetica Neue", sans-serif';

let ctx: CanvasRenderingContext2D | null | undefined;
const cache = new Map<string, number>();

export function textWidth(text: string, bold = false): number {
  const k = `${bold ? 'b' : 'n'}${text}`;
  const hit = cache.get(k);
  if (hit !== undefined) return hit;
  if (ctx === undefined) {
    try {
      const jsdom = typeof navigator !== 'undefined' && /jsdom/i.test(navigator.userAgent);
      ctx =
        typeof document !== 'undefined' && !jsdom ? (document.createElement('canvas').getContext('2d') ?? null) : null;
    } catch {
      ctx = null;
    }
  }
  let w: number;
  if (ctx) {
    ctx.font = `${bold ? '600 ' : ''}${GRID_FONT_SIZE}px ${GRID_FONT_FAMILY}`;
    w = ctx.measureText(text).width;
  } else {
    // No canvas (jsdom): typical widths of the grid font, digits 7 px.
    w = 0;
    for (const ch of text) w += /[.,:;'|!il ]/.test(ch) ? 3.5 : /[A-ZMWmw@%]/.test(ch) ? 9 : 7;
  }
  if (cache.size > 20_000) cache.clear();
  cache.set(k, w);
  return w;
}

/**
 * Draws the Outcome ROI icons (assets/icon-16.png ... icon-128.png) without any image
 * library: shapes are described in a unit square, rasterised with supersampling, and
 * written as RGBA PNG files with node's zlib.
 *
 * The picture: a white three-stage funnel (the reverse funnel from revenue target down to
 * leads) beside an amber upward arrow (the outcome we work back from), on a teal tile.
 *
 * Run: npx tsx scripts/make-icons.ts [outDir]   (default: assets/)
 * The PNGs are committed; rerun only when the design changes.
 */
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ICON_SIZES = [16, 32, 64, 80, 128] as const;

type Rgba = [number, number, number, number];
type Pt = [number, number];

const BRAND_TOP: Rgba = [0x14, 0x8f, 0x84, 255]; // teal, lighter at the top
const BRAND_BOTTOM: Rgba = [0x0b, 0x5e, 0x57, 255]; // teal, darker at the bottom
const FUNNEL: Rgba = [255, 255, 255, 255];
const ARROW: Rgba = [0xfb, 0xbf, 0x24, 255]; // amber

/** Point in polygon (even-odd rule). */
function inPolygon(x: number, y: number, poly: Pt[]): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i];
    const [xj, yj] = poly[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inRoundedRect(x: number, y: number, x0: number, y0: number, x1: number, y1: number, r: number): boolean {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function mix(a: Rgba, b: Rgba, t: number): Rgba {
  return [0, 1, 2, 3].map((i) => a[i] + (b[i] - a[i]) * t) as Rgba;
}

/**
 * The design, as a function from a point in the unit square to a colour (or null for
 * transparent). `size` lets small icons drop details that would only blur.
 */
function shade(x: number, y: number, size: number): Rgba | null {
  const small = size < 32;
  // Tile: full-bleed rounded square (smaller corner radius at 16 px so it stays a square).
  if (!inRoundedRect(x, y, 0, 0, 1, 1, small ? 0.14 : 0.2)) return null;
  const tile = mix(BRAND_TOP, BRAND_BOTTOM, y);

  // Upward arrow on the right: shaft plus head.
  const half = small ? 0.075 : 0.055; // a thicker shaft at 16 px so it stays visible
  const arrowShaft: Pt[] = [
    [0.79 - half, 0.4],
    [0.79 + half, 0.4],
    [0.79 + half, 0.84],
    [0.79 - half, 0.84],
  ];
  const arrowHead: Pt[] = [
    [0.62, 0.43],
    [0.96, 0.43],
    [0.79, 0.14],
  ];
  if (inPolygon(x, y, arrowShaft) || inPolygon(x, y, arrowHead)) return ARROW;

  // Funnel on the left: wide mouth at the top, narrowing to a neck and a stem.
  const funnel: Pt[] = [
    [0.08, 0.2],
    [0.64, 0.2],
    [0.42, 0.55],
    [0.42, 0.8],
    [0.3, 0.86],
    [0.3, 0.55],
  ];
  if (inPolygon(x, y, funnel)) {
    // Two gaps split the mouth into three stages (visitors -> leads -> opportunities).
    if (!small) {
      const gap = size >= 64 ? 0.03 : 0.045;
      if (Math.abs(y - 0.32) < gap / 2 || Math.abs(y - 0.44) < gap / 2) return tile;
    }
    return FUNNEL;
  }
  return tile;
}

/** Rasterise at `size` px with n x n supersampling; premultiplied averaging. */
export function renderIcon(size: number, samples = 6): Buffer {
  const out = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const c = shade((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size, size);
          if (!c) continue;
          const alpha = c[3] / 255;
          r += c[0] * alpha;
          g += c[1] * alpha;
          b += c[2] * alpha;
          a += alpha;
        }
      }
      const o = (py * size + px) * 4;
      const n = samples * samples;
      if (a > 0) {
        out[o] = Math.round(r / a);
        out[o + 1] = Math.round(g / a);
        out[o + 2] = Math.round(b / a);
      }
      out[o + 3] = Math.round((a / n) * 255);
    }
  }
  return out;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** Encode RGBA pixels (row-major, 4 bytes a pixel) as a PNG file. */
export function encodePng(width: number, height: number, rgba: Buffer): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: RGBA
  ihdr[10] = 0; // compression
  ihdr[11] = 0; // filter
  ihdr[12] = 0; // no interlace
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter type: none
    rgba.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export function writeIcons(outDir: string): string[] {
  mkdirSync(outDir, { recursive: true });
  return ICON_SIZES.map((size) => {
    const file = join(outDir, `icon-${size}.png`);
    writeFileSync(file, encodePng(size, size, renderIcon(size)));
    return file;
  });
}

if (require.main === module) {
  const outDir = resolve(process.argv[2] ?? join(__dirname, '..', 'assets'));
  for (const file of writeIcons(outDir)) console.log(`wrote ${file}`);
}

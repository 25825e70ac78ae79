/** A minimal source map reader: the mappings decoded per generated line (no dependency). */

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export interface SourceMapLike {
  sources: string[];
  mappings: string;
}

/** One mapped segment: generated column, and when mapped, source index, original line and column (all 0-based). */
export type Segment = [number] | [number, number, number, number];

/** The segments of each generated line, with absolute (not relative) values. */
export function decodeMappings(mappings: string): Segment[][] {
  const out: Segment[][] = [];
  let source = 0;
  let line = 0;
  let col = 0;
  for (const lineText of mappings.split(';')) {
    const segs: Segment[] = [];
    let genCol = 0;
    for (const seg of lineText.split(',')) {
      if (!seg) continue;
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const ch of seg) {
        const d = B64.indexOf(ch);
        value += (d & 31) << shift;
        if (d & 32) {
          shift += 5;
        } else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      genCol += fields[0];
      if (fields.length >= 4) {
        source += fields[1];
        line += fields[2];
        col += fields[3];
        segs.push([genCol, source, line, col]);
      } else {
        segs.push([genCol]);
      }
    }
    out.push(segs);
  }
  return out;
}

/** The original file and 1-based line of a 1-based generated line (its first mapped segment). */
export function originalLine(
  decoded: Segment[][],
  map: SourceMapLike,
  generatedLine: number,
): { source: string; line: number } | undefined {
  const segs = decoded[generatedLine - 1];
  const s = segs?.find((x) => x.length === 4) as [number, number, number, number] | undefined;
  return s ? { source: map.sources[s[1]], line: s[2] + 1 } : undefined;
}

/**
 * The precision-recall curve of the cross-validated verdict on the real-world dev set, as an
 * SVG picture for the README: each page scored by the model that never saw its story, as
 * its margin over that model's threshold, and the threshold swept over those margins.
 */

export interface Scored {
  derived: boolean;
  /** Margin over the fold's threshold of the best candidate (derived: only when it is the original) or of the original (independent). */
  margin: number | null;
}

export interface CurvePoint {
  recall: number;
  precision: number;
  flagged: number;
  offset: number;
}

export function precisionRecall(scored: readonly Scored[]): CurvePoint[] {
  const nDerived = scored.filter((s) => s.derived).length;
  const nIndependent = scored.length - nDerived;
  const offsets = [...new Set(scored.flatMap((s) => (s.margin === null ? [] : [s.margin])))].sort((a, b) => b - a);
  return offsets.map((offset) => {
    const over = scored.filter((s) => s.margin !== null && s.margin >= offset);
    const found = over.filter((s) => s.derived).length;
    const flagged = over.length - found;
    return { recall: found / nDerived, precision: over.length ? found / over.length : 1, flagged: flagged / nIndependent, offset };
  });
}

export function curveSvg(
  points: readonly CurvePoint[],
  marks: ReadonlyArray<{ label: string; recall: number; precision: number }>,
): string {
  const W = 520;
  const H = 360;
  const L = 56;
  const B = 44;
  const x = (r: number) => L + r * (W - L - 16);
  const y = (p: number) => H - B - ((p - 0.5) / 0.5) * (H - B - 16);
  const path = points.map((p, i) => `${i ? 'L' : 'M'}${x(p.recall).toFixed(1)},${y(Math.max(0.5, p.precision)).toFixed(1)}`).join(' ');
  const ticks = [0, 0.2, 0.4, 0.6, 0.8, 1];
  const grid = [
    ...ticks.map(
      (t) =>
        `<line x1="${x(t)}" y1="${y(0.5)}" x2="${x(t)}" y2="${y(1)}" stroke="#ddd"/><text x="${x(t)}" y="${H - B + 16}" text-anchor="middle">${t}</text>`,
    ),
    ...[0.5, 0.6, 0.7, 0.8, 0.9, 1].map(
      (t) =>
        `<line x1="${x(0)}" y1="${y(t)}" x2="${x(1)}" y2="${y(t)}" stroke="#ddd"/><text x="${L - 6}" y="${y(t) + 4}" text-anchor="end">${t}</text>`,
    ),
  ];
  const dots = marks.map(
    (m) =>
      `<circle cx="${x(m.recall).toFixed(1)}" cy="${y(m.precision).toFixed(1)}" r="4"/><text x="${(x(m.recall) - 7).toFixed(1)}" y="${(y(m.precision) + 16).toFixed(1)}" text-anchor="end">${m.label}</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="11">
<rect width="100%" height="100%" fill="#fff"/>
${grid.join('\n')}
<path d="${path}" fill="none" stroke="#b3261e" stroke-width="2"/>
${dots.join('\n')}
<text x="${(L + W) / 2}" y="${H - 8}" text-anchor="middle">recall: derived pages found (real-world dev set, leave-one-story-out)</text>
<text transform="translate(14 ${(H - B) / 2}) rotate(-90)" text-anchor="middle">precision against independent reports</text>
</svg>
`;
}

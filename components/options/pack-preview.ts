import type { Pack } from '@/lib/index';

/** What the import preview tells the user about a pack before anything changes. */
export interface PackPreview {
  name: string;
  created: string;
  entries: number;
  /** Earliest and latest publication dates among the entries that have one. */
  from: string | null;
  to: string | null;
  publishers: number;
  samples: string[];
}

export function packPreview(pack: Pack, samples = 5): PackPreview {
  let from: string | null = null;
  let to: string | null = null;
  let fromTime = Infinity;
  let toTime = -Infinity;
  const publishers = new Set<string>();
  for (const { meta } of pack.entries) {
    if (meta.publisher) publishers.add(meta.publisher);
    const time = meta.published ? Date.parse(meta.published) : NaN;
    if (Number.isNaN(time)) continue;
    if (time < fromTime) [fromTime, from] = [time, meta.published!];
    if (time > toTime) [toTime, to] = [time, meta.published!];
  }
  return {
    name: pack.header.name,
    created: pack.header.created,
    entries: pack.entries.length,
    from,
    to,
    publishers: publishers.size,
    samples: pack.entries.slice(0, samples).map((e) => e.meta.title),
  };
}

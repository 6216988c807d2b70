import type { EntryMeta, Pack, PackHeader } from '@/lib/index';

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
  const preview = new PreviewBuilder(samples);
  for (const { meta } of pack.entries) preview.add(meta);
  return preview.of(pack.header);
}

/** A preview made from entries' metadata one at a time, as a pack read in slices gives them. */
export class PreviewBuilder {
  private from: string | null = null;
  private to: string | null = null;
  private fromTime = Infinity;
  private toTime = -Infinity;
  private readonly publishers = new Set<string>();
  private readonly samples: string[] = [];
  private entries = 0;

  constructor(private readonly sampleCount = 5) {}

  add(meta: EntryMeta): void {
    this.entries++;
    if (this.samples.length < this.sampleCount) this.samples.push(meta.title);
    if (meta.publisher) this.publishers.add(meta.publisher);
    const time = meta.published ? Date.parse(meta.published) : NaN;
    if (Number.isNaN(time)) return;
    if (time < this.fromTime) [this.fromTime, this.from] = [time, meta.published!];
    if (time > this.toTime) [this.toTime, this.to] = [time, meta.published!];
  }

  of(header: Pick<PackHeader, 'name' | 'created'>): PackPreview {
    return {
      name: header.name,
      created: header.created,
      entries: this.entries,
      from: this.from,
      to: this.to,
      publishers: this.publishers.size,
      samples: this.samples,
    };
  }
}

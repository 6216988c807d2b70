import { useRef, useState } from 'preact/hooks';
import { packTables, readPack, type Pack } from '@/lib/index';
import type { StoredPack } from '@/lib/index/store';
import { sendMessage } from '@/lib/messaging';
import type { IndexSummary } from '@/lib/protocol';
import { formatDate } from './format';
import { t } from './i18n';
import { failure, Notice, type Note } from './options/Notice';
import { packPreview, type PackPreview } from './options/pack-preview';
import { tn } from './plural';
import { bundledIdf, openStore } from './options/store';

type Stage =
  | { step: 'idle' }
  | { step: 'reading'; file: string }
  | { step: 'preview'; file: string; size: number; pack: Pack; preview: PackPreview; replaces: boolean };

interface Props {
  summary: IndexSummary | null;
  onImported: (s: IndexSummary) => void;
}

/**
 * Import of a pack file: validated (readPack) and previewed before anything changes; only
 * the confirmation writes it to IndexedDB, in one transaction, and asks the background to
 * reload. The import is done here, not in the background: a pack of a hundred megabytes
 * would not survive the trip through extension messaging (JSON). A refused pack changes nothing.
 */
export function ImportPack({ summary, onImported }: Props) {
  const [stage, setStage] = useState<Stage>({ step: 'idle' });
  const [note, setNote] = useState<Note>(null);
  const input = useRef<HTMLInputElement>(null);
  const clear = () => {
    setStage({ step: 'idle' });
    if (input.current) input.current.value = '';
  };

  const choose = async (event: Event) => {
    const file = (event.currentTarget as HTMLInputElement).files?.[0];
    setNote(null);
    if (!file) return setStage({ step: 'idle' });
    setStage({ step: 'reading', file: file.name });
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await file.arrayBuffer());
    } catch (e) {
      // The file was moved or is unreadable (or too large for memory).
      setStage({ step: 'idle' });
      return setNote({ ok: false, text: t('packRefused', file.name, e instanceof Error ? e.message : String(e)) });
    }
    const result = await readPack(bytes);
    if (!result.ok) {
      setStage({ step: 'idle' });
      setNote({ ok: false, text: t('packRefused', file.name, result.error) });
      return;
    }
    const replaces = !!summary?.packs.some((p) => p.id === packId(result.pack.header.name));
    setStage({ step: 'preview', file: file.name, size: bytes.length, pack: result.pack, preview: packPreview(result.pack), replaces });
  };

  const confirm = async () => {
    if (stage.step !== 'preview') return;
    const { preview, size, pack: read } = stage;
    const now = new Date().toISOString();
    const pack: StoredPack = {
      id: packId(preview.name),
      name: preview.name,
      url: null,
      size,
      entries: preview.entries,
      enabled: true,
      added: now,
      updated: now,
      error: null,
      etag: null,
      lastModified: null,
    };
    try {
      // Stored taken apart: the LSH tables the worker loads, and each entry's metadata and
      // sketches, read only when the entry is a candidate (lib/index/store.ts).
      const tables = packTables(read.entries, (await bundledIdf()).isCommon);
      await (await openStore()).putPack(pack, read.entries, tables);
      onImported(await sendMessage('reloadIndex', undefined));
      setNote({ ok: true, text: tn('packImported', preview.entries, preview.name) });
      clear();
    } catch (e) {
      // A failed put is one aborted transaction: nothing was stored.
      setNote({ ok: false, text: `${failure(e).text} ${t('nothingChanged')}` });
    }
  };

  return (
    <section class="import" aria-labelledby="import-heading">
      <h3 id="import-heading">{t('importHeading')}</h3>
      <p class="hint">{t('importHint')}</p>
      <label for="pack-file">{t('packFileLabel')}</label>
      <input ref={input} id="pack-file" type="file" accept=".pack,application/octet-stream" onChange={choose} />
      {stage.step === 'reading' && <p role="status">{t('packReading', stage.file)}</p>}
      {stage.step === 'preview' && <Preview stage={stage} onConfirm={confirm} onCancel={clear} />}
      <Notice note={note} />
    </section>
  );
}

/** Imported packs are keyed by name, so importing a newer edition replaces the old one. */
const packId = (name: string) => `pack/${name}`;

function Preview({
  stage,
  onConfirm,
  onCancel,
}: {
  stage: Extract<Stage, { step: 'preview' }>;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { preview: p } = stage;
  const range = p.from && p.to ? t('packDateRange', formatDate(p.from)!, formatDate(p.to)!) : t('packNoDates');
  return (
    <div class="preview" role="group" aria-labelledby="preview-heading">
      <h4 id="preview-heading">{t('packPreviewHeading', stage.file)}</h4>
      <dl>
        <dt>{t('packName')}</dt>
        <dd>{p.name}</dd>
        <dt>{t('colEntries')}</dt>
        <dd>{p.entries.toLocaleString()}</dd>
        <dt>{t('packCreated')}</dt>
        <dd>{formatDate(p.created)}</dd>
        <dt>{t('packPublished')}</dt>
        <dd>{range}</dd>
        <dt>{t('packPublishers')}</dt>
        <dd>{p.publishers.toLocaleString()}</dd>
      </dl>
      {p.samples.length > 0 && (
        <>
          <p>{t('packSamples')}</p>
          <ul class="samples">
            {p.samples.map((title, i) => (
              <li key={i}>{title}</li>
            ))}
          </ul>
        </>
      )}
      <p class="ok">{t('packValid')}</p>
      {stage.replaces && <p class="warning">{t('packReplaces', p.name)}</p>}
      <button type="button" class="primary" onClick={onConfirm}>
        {tn('importEntries', p.entries)}
      </button>
      <button type="button" onClick={onCancel}>
        {t('cancel')}
      </button>
    </div>
  );
}

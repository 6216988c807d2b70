import { useRef, useState } from 'preact/hooks';
import { newPackRecord } from '@/lib/storage/indexeddb';
import { sendMessage } from '@/lib/messaging';
import type { IndexSummary } from '@/lib/protocol';
import { formatDate } from './format';
import { t } from './i18n';
import { failure, Notice, type Note } from './options/Notice';
import type { PackPreview } from './options/pack-preview';
import { tn } from './plural';
import type { ImportReply, ImportRequest } from './options/import-worker';

type Stage =
  | { step: 'idle' }
  | { step: 'reading'; file: string }
  | { step: 'preview'; file: string; size: number; preview: PackPreview; replaces: boolean };

interface Props {
  summary: IndexSummary | null;
  onImported: (s: IndexSummary) => void;
}

/**
 * Import of a pack file: validated (every check of readPack, the file read in slices) and
 * previewed before anything changes; only the confirmation writes it to IndexedDB, where it
 * becomes visible whole once written (IndexStore.packWriter), and asks the background to
 * reload. The import is done by this page, not by the background: a pack of a hundred
 * megabytes would not survive the trip through extension messaging (JSON); and in a worker
 * of its own (options/import-worker.ts), so that the page keeps responding meanwhile. A
 * refused pack changes nothing.
 */
export function ImportPack({ summary, onImported }: Props) {
  const [stage, setStage] = useState<Stage>({ step: 'idle' });
  const [note, setNote] = useState<Note>(null);
  const input = useRef<HTMLInputElement>(null);
  const clear = () => {
    setStage({ step: 'idle' });
    if (input.current) input.current.value = '';
  };
  // Import and Cancel go with the preview: the keyboard comes back to the file input, not the page's top.
  const done = () => {
    clear();
    input.current?.focus();
  };

  // One worker for the page's imports; it holds where the previewed pack's entries are until confirmed.
  const worker = useRef<Worker | null>(null);
  const ask = (request: ImportRequest): Promise<ImportReply> => {
    worker.current ??= new Worker(new URL('./options/import-worker.ts', import.meta.url), { type: 'module' });
    const w = worker.current;
    return new Promise((resolve, reject) => {
      w.onmessage = ({ data }: MessageEvent<ImportReply>) => resolve(data);
      w.onerror = (e) => reject(new Error(e.message || 'the import stopped'));
      w.postMessage(request);
    });
  };

  const choose = async (event: Event) => {
    const file = (event.currentTarget as HTMLInputElement).files?.[0];
    setNote(null);
    if (!file) return setStage({ step: 'idle' });
    setStage({ step: 'reading', file: file.name });
    const result = await ask({ kind: 'read', file }).catch((e: Error) => ({ kind: 'read', ok: false, error: e.message }) as const);
    if (result.kind !== 'read' || !result.ok) {
      // Not left chosen: the browser fires no change for the same file chosen again (mended, downloaded again).
      clear();
      setNote({ ok: false, text: t('packRefused', file.name, result.ok ? '' : result.error) });
      return;
    }
    const replaces = !!summary?.packs.some((p) => p.id === packId(result.preview.name));
    setStage({ step: 'preview', file: file.name, size: result.size, preview: result.preview, replaces });
  };

  const confirm = async () => {
    if (stage.step !== 'preview') return;
    const { preview, size } = stage;
    const pack = newPackRecord({ id: packId(preview.name), name: preview.name, url: null, size, entries: preview.entries });
    try {
      // Stored taken apart: the LSH tables the worker loads, and each entry's metadata and
      // sketches, read only when the entry is a candidate (lib/storage/indexeddb.ts).
      const stored = await ask({ kind: 'store', record: pack });
      if (stored.kind !== 'store') throw new Error('the import answered out of turn');
      if (!stored.ok) throw Object.assign(new Error(stored.error), { name: stored.name });
      // Its work is done: ending it hands its memory back at once (to the extension's
      // process, which the service worker shares), where its heap would linger. After a
      // failure it stays, holding the previewed pack for another try.
      worker.current?.terminate();
      worker.current = null;
      onImported(await sendMessage('reloadIndex', undefined));
      setNote({ ok: true, text: tn('packImported', preview.entries, preview.name) });
      done();
    } catch (e) {
      // A failed import never wrote the record that would make it visible: nothing changed.
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
      {stage.step === 'preview' && <Preview stage={stage} onConfirm={confirm} onCancel={done} />}
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

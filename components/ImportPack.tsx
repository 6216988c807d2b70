import { useState } from 'preact/hooks';
import { readPack, type Pack } from '@/lib/index';
import { IndexStore } from '@/lib/index/store';
import { sendMessage } from '@/lib/messaging';
import type { IndexSummary } from '@/lib/protocol';

type Stage =
  | { step: 'idle' }
  | { step: 'refused'; file: string; error: string }
  | { step: 'preview'; file: string; bytes: Uint8Array; pack: Pack }
  | { step: 'done'; text: string };

/** Import of a pack file: validated and previewed before anything changes. */
export function ImportPack({ onImported }: { onImported: (s: IndexSummary) => void }) {
  const [stage, setStage] = useState<Stage>({ step: 'idle' });
  const choose = async (event: Event) => {
    const file = (event.currentTarget as HTMLInputElement).files?.[0];
    if (!file) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    const result = await readPack(bytes);
    setStage(
      result.ok
        ? { step: 'preview', file: file.name, bytes, pack: result.pack }
        : { step: 'refused', file: file.name, error: result.error },
    );
  };
  const confirm = async () => {
    if (stage.step !== 'preview') return;
    const store = await IndexStore.open();
    const { header } = stage.pack;
    await store.putPack({
      id: `pack/${header.name}`,
      name: header.name,
      url: null,
      bytes: stage.bytes,
      entries: header.entries,
      enabled: true,
      added: new Date().toISOString(),
      updated: new Date().toISOString(),
      error: null,
      etag: null,
      lastModified: null,
    });
    onImported(await sendMessage('reloadIndex', undefined));
    setStage({ step: 'done', text: `Imported ${header.entries} entries from “${header.name}”.` });
  };
  return (
    <section class="import" aria-labelledby="import-heading">
      <h2 id="import-heading">Import an index pack</h2>
      <label for="pack-file">Index pack file</label>
      <input id="pack-file" type="file" accept=".pack,application/octet-stream" onChange={choose} />
      {stage.step === 'refused' && (
        <p role="alert" class="error">
          {stage.file} was refused: {stage.error}. Nothing was changed.
        </p>
      )}
      {stage.step === 'preview' && (
        <div role="status">
          <p>
            “{stage.pack.header.name}”: {stage.pack.header.entries} entries, created {stage.pack.header.created.slice(0, 10)}.
          </p>
          <ul>
            {stage.pack.entries.slice(0, 5).map((e) => (
              <li key={e.meta.id}>
                {e.meta.title}
                {e.meta.publisher ? ` (${e.meta.publisher})` : ''}
              </li>
            ))}
          </ul>
          <button type="button" onClick={confirm}>
            Import {stage.pack.header.entries} entries
          </button>
        </div>
      )}
      {stage.step === 'done' && (
        <p role="status" class="ok">
          {stage.text}
        </p>
      )}
    </section>
  );
}

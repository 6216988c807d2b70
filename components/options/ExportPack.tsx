import { useEffect, useState } from 'preact/hooks';
import { writePack } from '@/lib/index';
import { t } from '../i18n';
import { failure, Notice, type Note } from './Notice';
import { tn } from '../plural';
import { openStore } from './store';

/**
 * Exports the user's own entries as a pack (fingerprints and metadata, no text), which
 * another reader or a colleague can import. The pack is built here from IndexedDB, so the
 * background is not involved.
 */
export function ExportPack() {
  const [note, setNote] = useState<Note>(null);
  const [download, setDownload] = useState<{ href: string; name: string } | null>(null);
  useEffect(() => () => download && URL.revokeObjectURL(download.href), [download]);

  const exportEntries = async () => {
    try {
      const entries = await (await openStore()).userEntries();
      if (entries.length === 0) return setNote({ ok: true, text: t('exportNothing') });
      const day = new Date().toISOString().slice(0, 10);
      const bytes = await writePack(entries, t('exportPackName', day));
      const href = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
      const name = `news-provenance-my-entries-${day}.pack`;
      setDownload({ href, name });
      // Start the download at once; the link stays for a second try.
      const a = document.createElement('a');
      a.href = href;
      a.download = name;
      a.click();
      setNote({ ok: true, text: tn('exported', entries.length, name) });
    } catch (e) {
      setNote(failure(e));
    }
  };

  return (
    <section class="export" aria-labelledby="export-heading">
      <h3 id="export-heading">{t('exportHeading')}</h3>
      <p class="hint">{t('exportHint')}</p>
      <button type="button" onClick={exportEntries}>
        {t('exportButton')}
      </button>
      {download && (
        <a class="download" href={download.href} download={download.name}>
          {t('downloadAgain', download.name)}
        </a>
      )}
      <Notice note={note} />
    </section>
  );
}

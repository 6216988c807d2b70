import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { AddOriginalForm } from '@/components/AddOriginalForm';
import { ImportPack } from '@/components/ImportPack';
import { sendMessage } from '@/lib/messaging';
import type { IndexSummary } from '@/lib/protocol';
import '@/components/style.css';
import './options.css';

function Options() {
  const [summary, setSummary] = useState<IndexSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = () => sendMessage('indexSummary', undefined).then(setSummary, (e: Error) => setError(e.message));
  useEffect(() => void refresh(), []);
  return (
    <main class="options">
      <h1>News Provenance: your index</h1>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <section aria-labelledby="overview">
        <h2 id="overview">What is in the index</h2>
        {summary ? (
          <ul class="counts">
            <li>
              Bundled with the extension: <strong>{summary.bundled}</strong>
            </li>
            <li>
              Added by you: <strong data-testid="user-count">{summary.user}</strong>
            </li>
            {summary.packs.map((p) => (
              <li key={p.id}>
                Pack “{p.name}”: <strong>{p.entries}</strong>
                {p.enabled ? '' : ' (disabled)'}
                {p.error && <span class="error"> - {p.error}</span>}
              </li>
            ))}
            <li>
              Total: <strong data-testid="total-count">{summary.total}</strong> entries
            </li>
          </ul>
        ) : (
          <p role="status">Loading…</p>
        )}
      </section>
      <AddOriginalForm onAdded={refresh} />
      <ImportPack onImported={setSummary} />
    </main>
  );
}

render(<Options />, document.getElementById('app')!);

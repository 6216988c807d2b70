import { useState } from 'preact/hooks';
import { sendMessage } from '@/lib/messaging';

/** Adds a pasted original to the user's own part of the index. */
export function AddOriginalForm({ onAdded }: { onAdded: () => void }) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const field = (name: string) => ((form.elements.namedItem(name) as HTMLInputElement | null)?.value ?? '').trim();
    setBusy(true);
    try {
      const result = await sendMessage('addOriginal', {
        title: field('title'),
        text: field('text'),
        url: field('url') || undefined,
        publisher: field('publisher') || undefined,
        author: field('author') || undefined,
        published: field('published') || undefined,
      });
      if (result.ok) {
        form.reset();
        setMessage({ ok: true, text: 'Added to your index.' });
        onAdded();
      } else {
        setMessage({ ok: false, text: result.error });
      }
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} aria-labelledby="add-heading">
      <h2 id="add-heading">Add an original</h2>
      <div class="row">
        <div>
          <label for="f-title">Title</label>
          <input id="f-title" name="title" type="text" required />
        </div>
        <div>
          <label for="f-url">URL</label>
          <input id="f-url" name="url" type="url" placeholder="https://" />
        </div>
        <div>
          <label for="f-publisher">Publisher</label>
          <input id="f-publisher" name="publisher" type="text" />
        </div>
        <div>
          <label for="f-author">Author</label>
          <input id="f-author" name="author" type="text" />
        </div>
        <div>
          <label for="f-published">Published</label>
          <input id="f-published" name="published" type="date" />
        </div>
      </div>
      <label for="f-text">Article text</label>
      <textarea id="f-text" name="text" required />
      <button type="submit" disabled={busy}>
        Add to index
      </button>
      {message && (
        <p role={message.ok ? 'status' : 'alert'} class={message.ok ? 'ok' : 'error'}>
          {message.text}
        </p>
      )}
    </form>
  );
}

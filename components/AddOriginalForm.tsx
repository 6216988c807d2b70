import { useEffect, useRef, useState } from 'preact/hooks';
import { sendMessage } from '@/lib/messaging';
import type { UserOriginal } from '@/lib/protocol';
import { t } from './i18n';
import { FIELD_MAX_CHARS, fieldProblem, type FieldName, type FieldProblem } from './original-fields';
import { failure, Notice, type Note } from './options/Notice';
import { tn } from './plural';

// The engine refuses shorter texts (lib/engine.ts addOriginal); saying so before the
// click saves a round trip.
const MIN_WORDS = 30;

/** Words as the engine counts them (Intl.Segmenter, so Chinese or Thai text counts too). */
const LABELS: Record<FieldName, string> = {
  title: 'fieldTitle',
  url: 'fieldUrl',
  publisher: 'fieldPublisher',
  author: 'fieldAuthor',
  published: 'fieldPublished',
  text: 'fieldText',
};

/** A field's problem, said of the form (not in the pack validator's words). */
function problemText({ field, key }: FieldProblem): string {
  const label = t(LABELS[field]);
  if (key === 'urlNotWeb') return t('urlNotWeb');
  if (key === 'fieldTooLong') return t('fieldTooLong', label, FIELD_MAX_CHARS.toLocaleString());
  return t(key, label);
}

const countWords = (text: string) =>
  [...new Intl.Segmenter(undefined, { granularity: 'word' }).segment(text)].filter((s) => s.isWordLike).length;

/** Adds a pasted original (text and its metadata) to the user's own part of the index. */
export function AddOriginalForm({ onAdded }: { onAdded: () => void }) {
  const [note, setNote] = useState<Note>(null);
  const [busy, setBusy] = useState(false);
  const [words, setWords] = useState(0);
  const [pending, setPending] = useState<{ original: UserOriginal; resembles: string } | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    setNote(null);
    const form = event.currentTarget as HTMLFormElement;
    const field = (name: string) => ((form.elements.namedItem(name) as HTMLInputElement | null)?.value ?? '').trim();
    const title = field('title');
    const problem = fieldProblem({ title, url: field('url'), publisher: field('publisher'), author: field('author'), text: field('text') });
    for (const el of Array.from(form.querySelectorAll('[aria-invalid]'))) el.removeAttribute('aria-invalid');
    if (problem) {
      const input = form.elements.namedItem(problem.field) as HTMLInputElement | null;
      input?.setAttribute('aria-invalid', 'true');
      input?.focus();
      return setNote({ ok: false, text: problemText(problem) });
    }
    const original = {
      title,
      text: field('text'),
      url: field('url') || undefined,
      publisher: field('publisher') || undefined,
      author: field('author') || undefined,
      published: field('published') || undefined,
    };
    await add(form, original, true);
  };
  // The same article twice is refused until the user confirms, as the popup warns first.
  const add = async (form: HTMLFormElement, original: UserOriginal, unlessResembling: boolean) => {
    setBusy(true);
    setPending(null);
    try {
      const result = await sendMessage('addOriginal', { ...original, unlessResembling });
      if (result.ok) {
        // Every field is cleared, the title with the rest: the next article starts afresh.
        form.reset();
        for (const el of Array.from(form.elements)) if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) el.value = '';
        setWords(0);
        setNote({ ok: true, text: t('addedToIndex', original.title) });
        onAdded();
      } else if ('resembles' in result) {
        setNote(null);
        setPending({ original, resembles: result.resembles });
      } else {
        setNote({ ok: false, text: result.error });
      }
    } catch (e) {
      setNote(failure(e));
    } finally {
      setBusy(false);
    }
  };
  const formRef = useRef<HTMLFormElement>(null);
  const anyway = useRef<HTMLButtonElement>(null);
  const submitButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (pending) anyway.current?.focus();
  }, [pending]);
  const cancel = () => {
    setPending(null);
    setNote({ ok: true, text: t('addCancelled') });
    submitButton.current?.focus();
  };
  return (
    // A new attempt clears what the last one said, also when the browser's own check of the
    // fields ("Please fill out this field") stops it before onSubmit: that field's problem is the one shown.
    <form
      class="add-original"
      ref={formRef}
      onSubmit={submit}
      onInvalidCapture={() => {
        setNote(null);
        setPending(null);
      }}
      aria-labelledby="add-heading"
    >
      <h3 id="add-heading">{t('addPastedHeading')}</h3>
      <p class="hint">{t('addPastedHint')}</p>
      <label for="f-title">{t('fieldTitle')}</label>
      <input id="f-title" name="title" type="text" required />
      <div class="row">
        <div>
          <label for="f-url">{t('fieldUrl')}</label>
          <input id="f-url" name="url" type="text" inputMode="url" placeholder="https://" />
        </div>
        <div>
          <label for="f-publisher">{t('fieldPublisher')}</label>
          <input id="f-publisher" name="publisher" type="text" />
        </div>
        <div>
          <label for="f-author">{t('fieldAuthor')}</label>
          <input id="f-author" name="author" type="text" />
        </div>
        <div>
          <label for="f-published">{t('fieldPublished')}</label>
          <input id="f-published" name="published" type="date" />
        </div>
      </div>
      <label for="f-text">{t('fieldText')}</label>
      <textarea
        id="f-text"
        name="text"
        required
        aria-describedby="f-text-count"
        onInput={(e) => setWords(countWords(e.currentTarget.value))}
      />
      <p id="f-text-count" class="hint">
        {words < MIN_WORDS ? tn('wordsNeeded', words, MIN_WORDS) : tn('wordsCount', words)}
      </p>
      <button type="submit" class="primary" ref={submitButton} disabled={busy || pending !== null}>
        {t('addToIndex')}
      </button>
      {pending && (
        <div role="group" aria-labelledby="add-resembles">
          <p class="warning" id="add-resembles">
            {t('resemblesEntry', pending.resembles)}
          </p>
          <button
            type="button"
            ref={anyway}
            disabled={busy}
            onClick={() => formRef.current && void add(formRef.current, pending.original, false)}
          >
            {t('addAnyway')}
          </button>{' '}
          <button type="button" onClick={cancel}>
            {t('cancel')}
          </button>
        </div>
      )}
      <Notice note={note} />
    </form>
  );
}

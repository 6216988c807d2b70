import { t } from '../i18n';
import { isQuotaError } from './storage';

/**
 * The outcome of an action: successes are announced politely, failures as alerts. `undo`
 * offers to take a success back (a deletion), as a button after the text.
 */
export type Note = { ok: boolean; text: string; undo?: () => void } | null;

/** `id`: so that a field the failure is about can name it as its description. */
export function Notice({ note, id }: { note: Note; id?: string }) {
  if (!note) return null;
  return (
    <p id={id} role={note.ok ? 'status' : 'alert'} class={`notice ${note.ok ? 'ok' : 'error'}`}>
      {note.text}
      {note.undo && (
        <>
          {' '}
          <button type="button" onClick={note.undo}>
            {t('undo')}
          </button>
        </>
      )}
    </p>
  );
}

/** A failure the user can act on: a full disk is named as such, anything else by its message. */
export function failure(e: unknown): { ok: false; text: string } {
  if (isQuotaError(e)) return { ok: false, text: t('storageFull') };
  return { ok: false, text: t('somethingFailed', e instanceof Error ? e.message : String(e)) };
}

import { t } from '../i18n';
import { isQuotaError } from './storage';

/** The outcome of an action: successes are announced politely, failures as alerts. */
export type Note = { ok: boolean; text: string } | null;

export function Notice({ note }: { note: Note }) {
  if (!note) return null;
  return (
    <p role={note.ok ? 'status' : 'alert'} class={`notice ${note.ok ? 'ok' : 'error'}`}>
      {note.text}
    </p>
  );
}

/** A failure the user can act on: a full disk is named as such, anything else by its message. */
export function failure(e: unknown): { ok: false; text: string } {
  if (isQuotaError(e)) return { ok: false, text: t('storageFull') };
  return { ok: false, text: t('somethingFailed', e instanceof Error ? e.message : String(e)) };
}

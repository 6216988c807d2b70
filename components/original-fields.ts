import { MARKUP, PACK_LIMITS } from '@/lib/index/pack';

/**
 * What is wrong with the fields of the "Add an original" form, said of the form: the pack
 * validator behind it speaks of packs ("`url` contains markup, which a pack may not
 * carry"), which a person typing in a form never sees.
 */
export type FieldName = 'title' | 'url' | 'publisher' | 'author' | 'published' | 'text';

/** The message keys (messages.json) for each problem. */
export type FieldProblem = { field: FieldName; key: 'urlNotWeb' | 'fieldMarkup' | 'fieldEmpty' | 'fieldTooLong' };

/** The pack validator's longest string, for every field but the text. */
export const FIELD_MAX_CHARS = PACK_LIMITS.stringChars;

export function fieldProblem(fields: Partial<Record<FieldName, string>>): FieldProblem | null {
  const url = fields.url?.trim();
  if (url && !/^https?:\/\/\S+$/i.test(url)) return { field: 'url', key: 'urlNotWeb' };
  // A title of spaces passes the browser's "required".
  if (fields.title !== undefined && !fields.title.trim()) return { field: 'title', key: 'fieldEmpty' };
  for (const field of ['title', 'publisher', 'author', 'text'] as const) {
    if (MARKUP.test(fields[field] ?? '')) return { field, key: 'fieldMarkup' };
  }
  for (const field of ['title', 'url', 'publisher', 'author'] as const) {
    if ((fields[field]?.trim().length ?? 0) > FIELD_MAX_CHARS) return { field, key: 'fieldTooLong' };
  }
  return null;
}

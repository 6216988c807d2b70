/**
 * What is wrong with the fields of the "Add an original" form, said of the form: the pack
 * validator behind it speaks of packs ("`url` contains markup, which a pack may not
 * carry"), which a person typing in a form never sees.
 */
export type FieldName = 'title' | 'url' | 'publisher' | 'author' | 'published' | 'text';

/** The message keys (messages.json) for each problem. */
export type FieldProblem = { field: FieldName; key: 'urlNotWeb' | 'fieldMarkup' };

// The pack validator's rule (lib/index/pack.ts): markup or a script address in a string.
const MARKUP = /<\s*[a-z!/?]|javascript:/i;

export function fieldProblem(fields: Partial<Record<FieldName, string>>): FieldProblem | null {
  const url = fields.url?.trim();
  if (url && !/^https?:\/\/\S+$/i.test(url)) return { field: 'url', key: 'urlNotWeb' };
  for (const field of ['title', 'publisher', 'author', 'text'] as const) {
    if (MARKUP.test(fields[field] ?? '')) return { field, key: 'fieldMarkup' };
  }
  return null;
}

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const messages = JSON.parse(readFileSync('public/_locales/en/messages.json', 'utf8')) as Record<string, { message: string }>;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('UI strings', () => {
  it('every key the pages ask t() or tn() for is in the English messages.json', () => {
    const missing: string[] = [];
    for (const file of [...sources('components'), ...sources('entrypoints')]) {
      const text = readFileSync(file, 'utf8');
      for (const [, fn, key] of text.matchAll(/\b(tn?)\('([A-Za-z0-9_]+)'/g)) {
        const keys = fn === 'tn' ? [`${key}_one`, `${key}_other`] : [key!];
        for (const k of keys) if (!messages[k]) missing.push(`${file}: ${k}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every $P<n>$ in a message has its placeholder', () => {
    const broken = Object.entries(messages).flatMap(([key, m]) => {
      const placeholders = (m as { placeholders?: Record<string, unknown> }).placeholders ?? {};
      return [...m.message.matchAll(/\$([A-Za-z0-9_]+)\$/g)].filter(([, name]) => !(name!.toLowerCase() in placeholders)).map(() => key);
    });
    expect(broken).toEqual([]);
  });
});

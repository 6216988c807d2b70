import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifest, readPack, sha256Hex } from '../../lib/index';
import { corpus, corpusLine } from '../fixtures/news';

// `index build --parts`: dated parts and their manifest; a second build rewrites only the
// part whose entries changed, so a subscriber downloads only that part.

const cli = (args: string[]) => spawnSync('node', ['bin/provenance.mjs', ...args], { encoding: 'utf8' });
const tmp = mkdtempSync(join(tmpdir(), 'provenance-parts-'));
const read = (dir: string) => Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f))]));

describe('index build --parts', () => {
  it('splits by month, undated apart, and a second build changes only the affected part', async () => {
    const articles = corpus(6).map(corpusLine);
    const dates = ['2024-03-02', '2024-03-28', '2024-04-10', '2024-05-01T23:30:00Z', undefined, '2024-04-11'];
    const lines = articles.map((a, i) => ({ ...a, published: dates[i] }));
    const corpusFile = join(tmp, 'corpus.jsonl');
    const write = (list: typeof lines) => writeFileSync(corpusFile, list.map((a) => JSON.stringify(a)).join('\n') + '\n');
    write(lines.slice(0, 5));
    const dir = join(tmp, 'wire');
    const first = cli(['index', 'build', corpusFile, '--parts', dir, '--name', 'Wire']);
    expect(first.stderr).toContain('4 parts, 4 written');
    expect(first.status).toBe(0);
    const before = read(dir);
    expect(Object.keys(before).sort()).toEqual(['2024-03.pack', '2024-04.pack', '2024-05.pack', 'manifest.json', 'undated.pack']);
    const manifest = parseManifest(before['manifest.json']!.toString('utf8'));
    if (!manifest.ok) throw new Error(manifest.error);
    expect(manifest.manifest).toMatchObject({
      name: 'Wire',
      parts: [
        { url: '2024-03.pack', entries: 2 },
        { url: '2024-04.pack', entries: 1 },
        { url: '2024-05.pack', entries: 1 },
        { url: 'undated.pack', entries: 1, period: 'undated' },
      ],
    });
    for (const part of manifest.manifest.parts) {
      const bytes = before[part.url]!;
      expect(await sha256Hex(bytes)).toBe(part.sha256);
      const pack = await readPack(bytes);
      expect(pack).toMatchObject({ ok: true, pack: { header: { version: 2, entries: part.entries } } });
    }

    // Nothing changed: nothing is written, not even the manifest.
    const same = cli(['index', 'build', corpusFile, '--parts', dir, '--name', 'Wire']);
    expect(same.stderr).toContain('4 parts, none written');
    expect(read(dir)).toEqual(before);

    // One more April story: April's part and the manifest change, nothing else.
    write(lines);
    const second = cli(['index', 'build', corpusFile, '--parts', dir, '--name', 'Wire']);
    expect(second.status).toBe(0);
    expect(second.stderr).toContain('4 parts, 1 written (2024-04.pack)');
    const after = read(dir);
    const changed = Object.keys(after).filter((f) => !before[f]!.equals(after[f]!));
    expect(changed.sort()).toEqual(['2024-04.pack', 'manifest.json']);
    const april = await readPack(after['2024-04.pack']!);
    expect(april.ok && april.pack.entries.map((e) => e.meta.id)).toEqual([lines[2]!.id, lines[5]!.id]);
  });

  it('is checked against and described as one index, given by its manifest or its folder', () => {
    const articles = corpus(3).map(corpusLine);
    const lines = articles.map((a, i) => ({ ...a, published: ['2024-03-02', '2024-04-10', undefined][i] }));
    const corpusFile = join(tmp, 'set.jsonl');
    writeFileSync(corpusFile, lines.map((a) => JSON.stringify(a)).join('\n') + '\n');
    const dir = join(tmp, 'set');
    expect(cli(['index', 'build', corpusFile, '--parts', dir, '--name', 'Set']).status).toBe(0);
    const info = cli(['index', 'info', dir]);
    expect(info.status).toBe(0);
    expect(info.stdout).toContain('manifest:  Set');
    expect(info.stdout).toContain('parts:     3: 2024-03.pack (1), 2024-04.pack (1), undated.pack (1)');
    expect(info.stdout).toContain('entries:   3');
    const copy = join(tmp, 'copy.txt');
    writeFileSync(copy, lines[1]!.text);
    for (const index of [dir, join(dir, 'manifest.json')]) {
      const r = JSON.parse(cli(['check', '--index', index, '--json', copy]).stdout);
      expect(r.matches[0]).toMatchObject({ id: lines[1]!.id, verdict: 'likely-source' });
    }
    // A part rebuilt since the manifest was written is refused with the reason.
    writeFileSync(
      corpusFile,
      JSON.stringify(lines[0]) + '\n' + JSON.stringify({ ...lines[1], id: 'other', published: '2024-03-20' }) + '\n',
    );
    expect(cli(['index', 'build', corpusFile, '-o', join(dir, '2024-03.pack')]).status).toBe(0);
    const stale = cli(['check', '--index', dir, copy]);
    expect(stale.status).toBe(1);
    expect(stale.stderr).toMatch(
      /2024-03\.pack holds 2 entries where .*manifest\.json lists 1: the parts changed since the manifest was written/,
    );
  });

  it('needs -o or --parts', () => {
    const r = cli(['index', 'build', 'x.jsonl']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('index build needs -o <pack> or --parts <dir>');
  });
});

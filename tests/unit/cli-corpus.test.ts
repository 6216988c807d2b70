import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { original, scrapedCopy } from './fixtures/ferry-pier';

const cli = (args: string[]) => spawnSync('node', ['bin/provenance.mjs', ...args], { encoding: 'utf8' });
const tmp = mkdtempSync(join(tmpdir(), 'provenance-corpus-'));

describe('index build on real-shaped corpus lines', () => {
  it('indexes an original given as one paragraph cut mid-sentence, and finds its copy', () => {
    const oneParagraph = { ...original, text: original.text.replace(/\n\n/g, ' ').slice(0, 1500) };
    const corpus = join(tmp, 'one-paragraph.jsonl');
    writeFileSync(corpus, JSON.stringify(oneParagraph) + '\n');
    const pack = join(tmp, 'one-paragraph.pack');
    const built = cli(['index', 'build', corpus, '-o', pack]);
    expect(built.stderr).not.toMatch(/warning/);
    const copy = join(tmp, 'copy.txt');
    writeFileSync(copy, `${scrapedCopy.title}\n\n${scrapedCopy.text}`);
    const r = cli(['check', '--index', pack, '--json', copy]);
    expect(JSON.parse(r.stdout).matches[0]).toMatchObject({ id: original.id, verdict: 'likely-source' });
  });

  it('warns about, names and leaves out an entry that has no article sentences', () => {
    const corpus = join(tmp, 'mixed.jsonl');
    const chromeOnly = { id: 'menu-only', title: 'Menu', text: 'Home | News | Sport | Weather | Culture' };
    writeFileSync(corpus, [JSON.stringify(original), JSON.stringify(chromeOnly)].join('\n') + '\n');
    const pack = join(tmp, 'mixed.pack');
    const built = cli(['index', 'build', corpus, '-o', pack]);
    expect(built.status).toBe(0);
    expect(built.stderr).toMatch(/warning: "menu-only" has no article sentences .* left out of the pack/);
    expect(cli(['index', 'info', pack]).stdout).toMatch(/entries:\s+1 /);
  });

  it('says when an article is longer than an entry holds, and how much of it is indexed', () => {
    const corpus = join(tmp, 'long.jsonl');
    // 450 sentences of 9 words: past the 400 sentences an entry keeps.
    const sentences = Array.from({ length: 450 }, (_, i) => `Council report number ${i + 1} lists the harbour repairs planned.`);
    const long = { id: 'long-report', title: 'Harbour repairs', text: sentences.join(' ') };
    writeFileSync(corpus, [JSON.stringify(original), JSON.stringify(long)].join('\n') + '\n');
    const built = cli(['index', 'build', corpus, '-o', join(tmp, 'long.pack')]);
    expect(built.status).toBe(0);
    expect(built.stderr).toMatch(
      /warning: "long-report" is longer than an entry holds: only its first 400 sentences \(3600 of 4050 words\) are indexed/,
    );
    expect(built.stderr).not.toMatch(/ferry|warning: "(?!long-report)/);
  });

  it('checked against the pack built from it, a corpus line is the indexed original itself, not a copy', () => {
    const corpus = join(tmp, 'self.jsonl');
    writeFileSync(corpus, JSON.stringify(original) + '\n');
    const pack = join(tmp, 'self.pack');
    expect(cli(['index', 'build', corpus, '-o', pack]).status).toBe(0);
    const r = cli(['check', '--index', pack, '--json', corpus]);
    expect(JSON.parse(r.stdout).matches[0]).toMatchObject({ id: original.id, self: true });
    expect(cli(['check', '--index', pack, corpus]).stdout).toContain('THE INDEXED ORIGINAL ITSELF');
  });
});

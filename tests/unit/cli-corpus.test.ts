import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

describe('index build on saved pages', () => {
  it('indexes a folder of saved pages as check reads them, passing over a page that is no article, and finds a copy', () => {
    const folder = join(tmp, 'saved');
    mkdirSync(folder);
    for (const name of ['original.html', 'unrelated.html', 'links.html']) copyFileSync(join('demo', name), join(folder, name));
    writeFileSync(join(folder, 'ferry.txt'), `${original.title}\n\n${original.text}`);
    writeFileSync(join(folder, 'photo.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]));
    const pack = join(tmp, 'saved.pack');
    const built = cli(['index', 'build', folder, '-o', pack]);
    expect(built.status).toBe(0);
    expect(built.stderr).toContain(`warning: skipped ${join(folder, 'links.html')}: the page does not look like an article`);
    expect(cli(['index', 'info', pack]).stdout).toMatch(/entries:\s+3 /);
    // The page's own headline, publisher, author and date, as the page gives them.
    const found = JSON.parse(cli(['check', '--index', pack, '--json', 'demo/derivative.html']).stdout).matches[0];
    expect(found).toMatchObject({
      title: 'Putin in Vietnam: An old friendship that refuses to die',
      publisher: 'BBC News',
      author: 'Jonathan Head',
      verdict: 'likely-source',
    });
    const copy = join(tmp, 'ferry-copy.txt');
    writeFileSync(copy, `${scrapedCopy.title}\n\n${scrapedCopy.text}`);
    expect(JSON.parse(cli(['check', '--index', pack, '--json', copy]).stdout).matches[0]).toMatchObject({
      id: join(folder, 'ferry.txt'),
      title: original.title,
      verdict: 'likely-source',
    });
    // Named on the command line, a page that is no article is an error.
    const named = cli(['index', 'build', join(folder, 'links.html'), '-o', join(tmp, 'links.pack')]);
    expect(named.status).toBe(1);
    expect(named.stderr).toBe(`provenance: ${join(folder, 'links.html')}: the page does not look like an article\n`);
  });

  it('refuses to write the pack over one of its inputs, and a file given twice', () => {
    const corpus = join(tmp, 'own.jsonl');
    writeFileSync(corpus, JSON.stringify(original) + '\n');
    const over = cli(['index', 'build', corpus, '-o', corpus]);
    expect(over.status).toBe(2);
    expect(over.stderr).toContain(
      `-o ${corpus} is one of the files to index: the pack would be written over it; give the pack another name`,
    );
    expect(readFileSync(corpus, 'utf8')).toBe(JSON.stringify(original) + '\n');
    const twice = cli(['index', 'build', corpus, corpus, '-o', join(tmp, 'twice.pack')]);
    expect(twice.status).toBe(2);
    expect(twice.stderr).toContain(`${corpus} is given twice`);
  });
});

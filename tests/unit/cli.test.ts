import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = (args: string[], input?: string) => spawnSync('node', ['bin/provenance.mjs', ...args], { encoding: 'utf8', input });
const tmp = mkdtempSync(join(tmpdir(), 'provenance-cli-'));

describe('the provenance CLI', () => {
  it('checks an HTML page with Readability and prints the JSON contract', () => {
    const r = cli(['check', '--json', 'demo/derivative.html']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.input).toBe('demo/derivative.html');
    expect(out.article).toEqual({ title: 'Putin in Vietnam: An Enduring Friendship Defies Geopolitical Winds', words: expect.any(Number) });
    const m = out.matches[0];
    expect(Object.keys(m).sort()).toEqual(
      [
        'author',
        'duplicates',
        'id',
        'overlap',
        'passages',
        'published',
        'publisher',
        'reason',
        'similarity',
        'title',
        'url',
        'verdict',
      ].sort(),
    );
    expect(m).toMatchObject({
      title: 'Putin in Vietnam: An old friendship that refuses to die',
      publisher: 'BBC News',
      verdict: 'likely-source',
      reason: expect.stringMatching(/^\d+ of \d+ sentences outside quotes follow the source in order/),
    });
    expect(m.passages[0]).toMatchObject({ page: expect.any(Number), source: expect.any(Number), text: expect.any(String) });
  });

  it('builds a pack from a corpus, describes it, and checks against it; jsonl input gives one line per article, in order', () => {
    const corpus = join(tmp, 'corpus.jsonl');
    const article = readFileSync('eval/multilingual/articles.jsonl', 'utf8').split('\n')[0]!;
    const fr = JSON.parse(article);
    writeFileSync(corpus, article + '\n');
    const pack = join(tmp, 'fr.pack');
    expect(cli(['index', 'build', corpus, '-o', pack]).status).toBe(0);
    const info = cli(['index', 'info', pack]);
    expect(info.stdout).toMatch(/entries:\s+1/);
    const queries = join(tmp, 'q.jsonl');
    writeFileSync(
      queries,
      [
        JSON.stringify({ id: 'copy', text: fr.text, lang: 'fr' }),
        JSON.stringify({ id: 'other', text: 'Rien à voir. '.repeat(40), lang: 'fr' }),
      ].join('\n'),
    );
    const lines = cli(['check', '--index', pack, '--json', queries])
      .stdout.trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.input)).toEqual(['copy', 'other']);
    expect(lines[0].matches[0]).toMatchObject({ id: fr.id, verdict: 'likely-source' });
    expect(lines[1].matches).toEqual([]);
  });

  it('takes the first line of a plain text as its headline when it reads like one', () => {
    const body = 'Councillors voted on Tuesday to approve the tram line, which will run along the river.';
    const headline = JSON.parse(cli(['check', '--json', '-'], `Riverside tram line approved\n\n${body}`).stdout);
    expect(headline.article.title).toBe('Riverside tram line approved');
    expect(JSON.parse(cli(['check', '--json', '-'], `${body}\n\n${body}`).stdout).article.title).toBe('');
  });

  it('reads standard input', () => {
    const text = execFileSync('node', ['bin/provenance.mjs', 'check', '-'], {
      input: readFileSync('demo/derivative.html', 'utf8'),
      encoding: 'utf8',
    });
    expect(text).toMatch(/LIKELY SOURCE\s+\d+% taken\s+"Putin in Vietnam: An old friendship that refuses to die"/);
  });

  it('refuses a corrupted pack with the reason, and an unknown command with usage', () => {
    const bad = join(tmp, 'bad.pack');
    writeFileSync(bad, 'not a pack at all, just some text that is long enough to be read');
    const r = cli(['check', '--index', bad, 'demo/derivative.html']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/bad.pack was refused: this is not an index pack/);
    const u = cli(['frobnicate']);
    expect(u.status).toBe(2);
    expect(u.stderr).toMatch(/Usage:/);
  });
});

import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpus, corpusLine, derivative } from '../fixtures/news';

const cli = (args: string[], input?: string) => spawnSync('node', ['bin/provenance.mjs', ...args], { encoding: 'utf8', input });
const tmp = mkdtempSync(join(tmpdir(), 'provenance-cli-'));
const file = (name: string, content: string | Uint8Array) => {
  const path = join(tmp, name);
  writeFileSync(path, content);
  return path;
};
/** `name`.pack built from these corpus lines (as `name`.jsonl); the build must succeed. */
const builtPack = (name: string, lines: readonly object[]) => {
  const pack = join(tmp, `${name}.pack`);
  const corpusFile = file(`${name}.jsonl`, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  expect(cli(['index', 'build', corpusFile, '-o', pack]).status).toBe(0);
  return pack;
};
const SOURCE = 'Putin in Vietnam: An old friendship that refuses to die';
/** A Russian article written for these tests, four paragraphs. */
const RU_TEXT = [
  'Городской совет Калининграда в четверг проголосовал за закрытие старого деревянного пирса на набережной после того, как инженеры обнаружили гниль в большинстве его опор.',
  'По словам главы комиссии по транспорту, ремонт обошёлся бы городу почти в сорок миллионов рублей, а новый причал для паромов можно построить за половину этой суммы.',
  'Жители острова, которые каждый день ездят на работу на пароме, опасаются, что временный понтон не выдержит зимних штормов и сообщение с материком прервётся.',
  'Капитан паромной компании заявил, что его суда не смогут причаливать к понтону, пока на них не установят новые кранцы и более длинный трап.',
].join('\n\n');
const RU_ENTRY = { id: 'ru-1', title: 'Совет закрывает старый пирс', publisher: 'Балтийские новости', text: RU_TEXT };
const ruPage = (title: string, site: string) =>
  `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>${title}</title><meta property="og:site_name" content="${site}"><meta property="og:type" content="article"></head>` +
  `<body><article><h1>${title}</h1>${RU_TEXT.split('\n\n')
    .map((p) => `<p>${p}</p>`)
    .join('')}</article></body></html>`;
/** A small ELF header and some machine code: what `file` calls an executable. */
const ELF = Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...Array.from({ length: 120 }, (_, i) => (i * 37) % 256)]);

describe('the provenance CLI', () => {
  it('says a folder given as --index without a manifest (index build --parts writes one) is a folder, and how to give its packs', () => {
    const r = cli(['check', '--index', tmp, 'demo/derivative.html']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `provenance: ${tmp} is a folder without a manifest.json: give the packs in it (--index ${join(tmp, '*.pack')})\n`,
    );
  });

  it('serve on a port in use, or on an address not of this machine, says what to change and exits 1', async () => {
    const busy = createServer();
    await new Promise<void>((ok) => busy.listen(0, '127.0.0.1', ok));
    const { port } = busy.address() as AddressInfo;
    try {
      const r = cli(['serve', '--port', String(port)]);
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(`provenance: port ${port} on 127.0.0.1 is in use (another provenance serve?): choose another with --port\n`);
    } finally {
      busy.close();
    }
    const elsewhere = cli(['serve', '--port', '0', '--host', '192.0.2.1']);
    expect(elsewhere.status).toBe(1);
    expect(elsewhere.stderr).toBe('provenance: 192.0.2.1 is not an address of this machine: choose another with --host\n');
  });

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
    expect(m).toMatchObject({ title: SOURCE, publisher: 'BBC News', verdict: 'likely-source' });
    expect(m.passages[0]).toMatchObject({ page: expect.any(Number), source: expect.any(Number), text: expect.any(String) });
  });

  it('builds a pack from a corpus, describes it, and checks against it; jsonl input gives one line per article, in order', () => {
    const corpusFile = join(tmp, 'corpus.jsonl');
    const article = readFileSync('eval/multilingual/articles.jsonl', 'utf8').split('\n')[0]!;
    const fr = JSON.parse(article);
    writeFileSync(corpusFile, article + '\n');
    const pack = join(tmp, 'fr.pack');
    expect(cli(['index', 'build', corpusFile, '-o', pack]).status).toBe(0);
    const info = cli(['index', 'info', pack]);
    expect(info.stdout).toMatch(/entries:\s+1/);
    const queries = file(
      'q.jsonl',
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

  it('takes the first line of a plain text as its headline when it reads like one, never a share line', () => {
    const body = 'Councillors voted on Tuesday to approve the tram line, which will run along the river.';
    const title = (text: string) => JSON.parse(cli(['check', '--json', '-'], text).stdout).article.title;
    expect(title(`Riverside tram line approved\n\n${body}`)).toBe('Riverside tram line approved');
    expect(title(`${body}\n\n${body}`)).toBe('');
    // As a scraper saved the seed rewrite: the site's share bar above the headline.
    expect(title(`Follow us on Facebook\nRiverside tram line approved\n\n${body}`)).toBe('Riverside tram line approved');
    expect(title(`Share this article\n\n${body}`)).toBe('');
  });

  it("takes an HTML page's og:title or <title> when Readability finds no headline, and never a share line", () => {
    const paragraphs = Array.from(
      { length: 6 },
      (_, i) =>
        `<p>Engineers inspected the harbour wall at Kelby for the ${i + 1}th day on Thursday after the storm washed part of it away.</p>`,
    );
    const page = (head: string, h1 = '') => `<html><head>${head}</head><body><article>${h1}${paragraphs.join('')}</article></body></html>`;
    const title = (html: string) => JSON.parse(cli(['check', '--json', file('page.html', html)]).stdout).article.title;
    expect(title(page('<meta property="og:title" content="Harbour wall inspected after storm">'))).toBe(
      'Harbour wall inspected after storm',
    );
    expect(title(page('<title>Follow us on Facebook</title>', '<h1>Harbour wall inspected</h1>'))).toBe('Harbour wall inspected');
    expect(title(page('<title>Kelby harbour wall</title>'))).toBe('Kelby harbour wall');
  });

  it('exits 1 when an input has nothing to check (not an article, too little text), so a script never reads it as "no source"', () => {
    const links = cli(['check', 'demo/links.html']);
    expect(links.stdout).toContain('Nothing to check: the page does not look like an article.');
    expect(links.status).toBe(1);
    const json = cli(['check', '--json', 'demo/links.html', file('brief.txt', 'Five words only here now.')]);
    expect(json.status).toBe(1);
    expect(json.stderr.split('\n')).toEqual([
      'provenance: demo/links.html: Nothing to check: the page does not look like an article.',
      expect.stringMatching(/brief\.txt: Not enough article text to check \(5 words; at least 30 are needed\)\.$/),
      '',
    ]);
    expect(
      json.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).error),
    ).toEqual([
      'Nothing to check: the page does not look like an article.',
      'Not enough article text to check (5 words; at least 30 are needed).',
    ]);
    // With --fail-on-match too: a page that could not be checked does not pass as clean.
    expect(cli(['check', '--fail-on-match', 'demo/links.html']).status).toBe(1);
  });

  it('reads standard input, telling HTML from text by its content', () => {
    const text = execFileSync('node', ['bin/provenance.mjs', 'check', '-'], {
      input: readFileSync('demo/derivative.html', 'utf8'),
      encoding: 'utf8',
    });
    expect(text).toMatch(/LIKELY SOURCE\s+\d+% taken\s+"Putin in Vietnam: An old friendship that refuses to die"/);
  });

  it("takes a text file's first line as its headline, apart from the article: the same words counted as without it", () => {
    const [source] = corpus(1);
    const pack = builtPack('headlined', [corpusLine(source!)]);
    const [headed, bare] = [`${source!.title}\n\n${source!.text}`, source!.text].map(
      (text, i) => JSON.parse(cli(['check', '--index', pack, '--json', file(`headline-${i}.txt`, text)]).stdout).article,
    );
    expect(headed.title).toBe(source!.title);
    expect(bare.title).toBe('');
    expect(headed.words).toBe(bare.words);
    // A first line that ends a sentence is the article's, not a headline.
    const lead = JSON.parse(
      cli(['check', '--index', pack, '--json', file('lead.txt', `The council met on Monday.\n\n${source!.text}`)]).stdout,
    );
    expect(lead.article.title).toBe('');
    expect(lead.article.words).toBe(bare.words + 5);
  });

  it('reads an HTML page saved as .txt as a page, with the same answer as the .html', () => {
    const txt = file('saved-page.txt', readFileSync('demo/derivative.html'));
    const [asTxt, asHtml] = [txt, 'demo/derivative.html'].map((f) => JSON.parse(cli(['check', '--json', f]).stdout));
    expect(asTxt.article).toEqual(asHtml.article);
    expect(asTxt.article.title).not.toMatch(/</);
    expect(asTxt.matches[0].overlap).toBe(asHtml.matches[0].overlap);
  });

  it("shows a crawled entry's timestamp as its day, where the JSON keeps it whole", () => {
    const [source] = corpus(1);
    const pack = builtPack('dated', [{ ...corpusLine(source!), published: '2024-06-22T11:40:00.000Z' }]);
    expect(cli(['index', 'info', pack]).stdout).toContain('published: 2024-06-22 .. 2024-06-22');
    const copy = file('dated-copy.txt', derivative(source!, 'copy-with-chrome').text);
    expect(cli(['check', '--index', pack, copy]).stdout).toMatch(/LIKELY SOURCE .*, 2024-06-22\)/);
    expect(JSON.parse(cli(['check', '--index', pack, '--json', copy]).stdout).matches[0].published).toBe('2024-06-22T11:40:00.000Z');
  });

  it('lists an indexed article dated after the page apart, never as its source, in the report and the JSON', () => {
    const [source] = corpus(1);
    const pack = builtPack('later', [{ ...corpusLine(source!), published: '2024-06-22' }]);
    const text = derivative(source!, 'copy-with-chrome').text;
    const lines = file(
      'dated-pages.jsonl',
      [
        { id: 'earlier', published: '2024-06-10', text },
        { id: 'later', published: '2024-06-25', text },
      ]
        .map((o) => JSON.stringify(o))
        .join('\n'),
    );
    const report = cli(['check', '--index', pack, lines]);
    expect(report.status).toBe(0);
    const [earlier, later] = report.stdout.split('\n\n');
    expect(earlier).not.toContain('LIKELY SOURCE');
    expect(earlier).toContain('No likely source: the indexed article with much of its wording and order was published after it');
    expect(earlier).toContain(`Published after this article, so not its source:\n    "${source!.title}"`);
    expect(earlier).toContain('published on 2024-06-22, after this page (2024-06-10)');
    expect(later).toContain(`LIKELY SOURCE`);
    const [first, second] = cli(['check', '--index', pack, '--json', lines])
      .stdout.trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(first.matches[0]).toMatchObject({ title: source!.title, verdict: 'related', publishedAfterPage: true });
    expect(second.matches[0]).toMatchObject({ title: source!.title, verdict: 'likely-source' });
    // A date that is not a string is a data error of that line, as the other fields' are.
    const bad = cli(['check', '--index', pack, file('bad-date.jsonl', JSON.stringify({ text, published: 20240610 }) + '\n')]);
    expect(bad.stdout + bad.stderr).toContain('"published" must be a string');
  });

  it('reads JSON Lines by content, whatever the file is called', () => {
    const [source] = corpus(1);
    const copy = derivative(source!, 'copy-with-chrome');
    const pack = builtPack('one', [corpusLine(source!)]);
    const lines = file('articles.txt', JSON.stringify({ id: 'copied', text: copy.text }) + '\n');
    const r = cli(['check', '--index', pack, lines]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^copied: .*\\n  LIKELY SOURCE .*"${source!.title}"`));
  });

  it('reads a JSON array of articles, or one article written over several lines, as it reads JSON Lines', () => {
    const [source] = corpus(1);
    const copy = derivative(source!, 'copy-with-chrome');
    const pack = builtPack('array', [corpusLine(source!)]);
    const array = file('articles.json', JSON.stringify([{ id: 'copied', text: copy.text }, { text: 42 }], null, 2));
    const r = cli(['check', '--index', pack, '--json', array]);
    expect(r.status).toBe(1);
    const [first, second] = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(first).toMatchObject({ input: 'copied', matches: [{ title: source!.title, verdict: 'likely-source' }] });
    expect(second.error).toMatch(/articles\.json\[1\]: "text" must be a string/);
    const one = file('one-article.json', JSON.stringify({ title: 'Copied', text: copy.text }, null, 2));
    expect(JSON.parse(cli(['check', '--index', pack, '--json', one]).stdout).matches[0]).toMatchObject({ verdict: 'likely-source' });
    // Text that only starts with a bracket is text.
    const bracket = file('bracket.txt', `[Updated] ${copy.text}`);
    expect(JSON.parse(cli(['check', '--index', pack, '--json', bracket]).stdout).matches[0]).toMatchObject({ verdict: 'likely-source' });
  });

  it('refuses a binary file with a one-line reason, exit 1', () => {
    const r = cli(['check', file('a.out', ELF)]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`provenance: ${tmp}/a.out: not a text file (an ELF executable); give an HTML page, a text file or JSON Lines\n`);
    expect(cli(['check', file('zeros.txt', new Uint8Array(64))]).stderr).toMatch(/not a text file \(binary data\)/);
  });

  it('says so when a .jsonl is empty, exit 1', () => {
    const r = cli(['check', file('empty.jsonl', '')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`provenance: ${tmp}/empty.jsonl is empty: no article to check\n`);
    expect(cli(['index', 'build', join(tmp, 'empty.jsonl'), '-o', join(tmp, 'x.pack')]).stderr).toMatch(/empty\.jsonl is empty/);
  });

  it('names the line of a data error in one line, without the usage text, exit 1', () => {
    const cases: [string, string, RegExp][] = [
      ['bad.jsonl', '{"text": "fine"}\n{not json\n', /bad\.jsonl:2: not valid JSON/],
      ['notext.jsonl', '{"id": "a", "title": "No body"}\n', /notext\.jsonl:1: "text" is missing/],
      ['dup.jsonl', '{"id": "a", "text": "one"}\n{"id": "a", "text": "two"}\n', /dup\.jsonl:2: the id "a" is already on line 1/],
    ];
    for (const [name, content, message] of cases) {
      const r = cli(['check', file(name, content)]);
      expect(r.status, name).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n'), name).toHaveLength(1);
      expect(r.stderr).not.toMatch(/Usage|--help/);
      // In the report, in its place: named as not checked, with no headline or word count of its own.
      expect(r.stdout).toContain(`${tmp}/${name}:`);
      expect(r.stdout).not.toMatch(/\(untitled\)", 0 words/);
    }
    expect(cli(['check', join(tmp, 'bad.jsonl')]).stdout).toContain(`${tmp}/bad.jsonl:2: not checked: not valid JSON`);
    const twice = file('twice.jsonl', ['a', 'a'].map((id) => JSON.stringify({ id, title: 'T', text: 'Some text.' })).join('\n'));
    const build = cli(['index', 'build', twice, '-o', join(tmp, 'x.pack')]);
    expect(build.status).toBe(1);
    expect(build.stderr).toBe(`provenance: ${twice}:2: the id "a" appears twice in the corpus (first at ${twice}:1)\n`);
    // An id given twice is one of the bad lines: one run names them all, whatever their order.
    const good = (id: string) => JSON.stringify({ id, title: 'T', text: 'Some text.' });
    const several = file('several.jsonl', ['{bad', good('a'), good('a'), '{"id": "b"}', good('c')].join('\n'));
    const all = cli(['index', 'build', several, '-o', join(tmp, 'y.pack')]);
    expect(all.status).toBe(1);
    expect(all.stderr).toMatch(/several\.jsonl has 3 bad lines:\n.*several\.jsonl:1: not valid JSON/);
    expect(all.stderr).toContain(`${several}:3: the id "a" appears twice in the corpus (first at ${several}:2)`);
    expect(all.stderr).toMatch(/several\.jsonl:4: "text" is missing/);
  });

  it('still checks the good lines of a JSON Lines file with a bad one, one result a line, in order', () => {
    const copy = readFileSync('demo/derivative.html', 'utf8');
    const text = copy.replace(/<[^>]+>/g, ' ');
    const mixed = file(
      'mixed.jsonl',
      [JSON.stringify({ id: 'good', text }), '{not json', JSON.stringify({ id: 'also-good', text })].join('\n'),
    );
    const r = cli(['check', '--json', mixed]);
    expect(r.status).toBe(1);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.input)).toEqual(['good', `${mixed}:2`, 'also-good']);
    expect(lines[0].matches[0]).toMatchObject({ title: SOURCE, verdict: 'likely-source' });
    expect(lines[1].error).toMatch(/mixed\.jsonl:2: not valid JSON/);
    expect(lines[1].matches).toEqual([]);
    expect(lines[2].matches[0]).toMatchObject({ title: SOURCE, verdict: 'likely-source' });
    expect(r.stderr).toMatch(/mixed\.jsonl:2: not valid JSON/);
  });

  it('refuses a corrupted pack with the reason, exit 1', () => {
    const bad = file('bad.pack', 'not a pack at all, just some text that is long enough to be read');
    const r = cli(['check', '--index', bad, 'demo/derivative.html']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/bad.pack was refused: this is not an index pack/);
    expect(cli(['index', 'info', bad]).stderr).toMatch(/bad.pack was refused/);
  });

  it('answers a usage mistake with exit 2 and a pointer to the help', () => {
    for (const [args, message, hint] of [
      [['frobnicate'], 'unknown command: frobnicate', 'provenance --help'],
      [[], 'no command given', 'provenance --help'],
      [['check'], 'check needs an input', 'provenance check --help'],
      [['check', '--frob', 'x.html'], "Unknown option '--frob'", 'provenance check --help'],
      [['index', 'build', 'c.jsonl'], 'index build needs -o <pack> or --parts <dir>', 'provenance index build --help'],
      [['index', 'nothing'], 'unknown index command: nothing', 'provenance index --help'],
      [['serve', '--port', 'many'], '--port takes a port number', 'provenance serve --help'],
    ] as const) {
      const r = cli([...args]);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toBe(`provenance: ${r.stderr.split('\n')[0]!.replace(/^provenance: /, '')}\nTry '${hint}' for usage.\n`);
      expect(r.stderr).toContain(message);
    }
  });

  it('prints the help of every command, with usage, options and an example, exit 0', () => {
    const helps: [string[], string][] = [
      [['--help'], 'provenance check [options] <input>...'],
      [['help', 'check'], 'Usage: provenance check [options] <input>...'],
      [['check', '--help'], 'Usage: provenance check [options] <input>...'],
      [['check', '-h', 'whatever.html'], 'Usage: provenance check'],
      [['index', '--help'], 'Usage: provenance index <command>'],
      [['index', 'build', '--help'], 'Usage: provenance index build'],
      [['index', 'crawl', '--help'], 'Usage: provenance index crawl'],
      [['index', 'info', '--help'], 'Usage: provenance index info'],
      [['index', 'push', '--help'], 'Usage: provenance index push'],
      [['index', 'remove', '--help'], 'Usage: provenance index remove'],
      [['serve', '--help'], 'Usage: provenance serve'],
    ];
    for (const [args, usage] of helps) {
      const r = cli(args);
      expect(r.status, args.join(' ')).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toContain(usage);
      expect(r.stdout, args.join(' ')).toMatch(/\nExamples?:\n {2}provenance /);
      if (args[0] !== '--help' && args.join(' ') !== 'index --help') {
        expect(r.stdout).toMatch(/\nOptions:\n/);
        // Every command says what its exit codes mean, for scripts.
        expect(r.stdout, args.join(' ')).toMatch(/\nExit codes: 0 [^\n]*.*1 error.*2 usage/s);
      }
    }
    expect(cli(['check', '--help']).stdout).toMatch(
      /Exit codes: 0 checked.*1 error.*2 usage.*\n?.*3 a likely source was found and --fail-on-match/s,
    );
  });

  it('calls the indexed original itself by its name, not a source it was taken from, as the extension does', () => {
    const text = cli(['check', 'demo/original.html']).stdout;
    expect(text).toMatch(/^ {2}THE INDEXED ORIGINAL ITSELF {2}"Putin in Vietnam: An old friendship that refuses to die" \(BBC News/m);
    expect(text).not.toMatch(/taken/);
    const m = JSON.parse(cli(['check', '--json', 'demo/original.html']).stdout).matches[0];
    expect(m).toMatchObject({ title: SOURCE, self: true });
    expect(cli(['check', '--fail-on-match', 'demo/original.html']).status).toBe(0);
    expect(JSON.parse(cli(['check', '--json', 'demo/derivative.html']).stdout).matches[0].self).toBeUndefined();
    // The publisher's own page corrected since it was indexed, saved without its address: its headline holds the indexed one.
    const page = readFileSync('demo/original.html', 'utf8').replace(/(<title>|<h1>|og:title" content=")Putin/g, '$1CORRECTED: Putin');
    const corrected = JSON.parse(cli(['check', '--json', file('corrected.html', page)]).stdout);
    expect(corrected.article.title).toMatch(/^CORRECTED: Putin in Vietnam/);
    expect(corrected.matches[0]).toMatchObject({ title: SOURCE, self: true });
    // Another site's page under the same headline is a copy, as before.
    const elsewhere = page.replace(/BBC News|BBC/g, 'Copycat Daily');
    expect(JSON.parse(cli(['check', '--json', file('corrected-elsewhere.html', elsewhere)]).stdout).matches[0].self).toBeUndefined();
    // A copy site's page that names BBC News as its publisher, saved with its own address: a copy.
    const spoof = readFileSync('demo/original.html', 'utf8').replace(
      'href="original.html"',
      'href="https://copycat.example/putin-vietnam"',
    );
    const spoofed = cli(['check', file('spoof.html', spoof)]).stdout;
    expect(spoofed).not.toMatch(/INDEXED ORIGINAL ITSELF/);
    expect(spoofed).toMatch(/LIKELY SOURCE +100% taken +"Putin in Vietnam: An old friendship that refuses to die" \(BBC News/);
  });

  it('calls a copy of a Russian article a copy, not the original itself, and the original itself the original', () => {
    // Titles and publishers in Cyrillic must be compared as words, not erased.
    const pack = builtPack('ru', [RU_ENTRY]);
    const copy = JSON.parse(
      cli(['check', '--index', pack, '--json', file('ru-copy.html', ruPage('Сенсация! Пирс закрывают', 'Пиратские новости'))]).stdout,
    );
    expect(copy.matches[0]).toMatchObject({ id: 'ru-1', verdict: 'likely-source' });
    expect(copy.matches[0].self).toBeUndefined();
    const itself = JSON.parse(
      cli(['check', '--index', pack, '--json', file('ru-original.html', ruPage('Совет закрывает старый пирс', 'Балтийские новости'))])
        .stdout,
    );
    expect(itself.matches[0]).toMatchObject({ id: 'ru-1', self: true });
  });

  it('reads a page saved in the legacy charset it declares (windows-1251, Latin-1), as the browser does', () => {
    const pack = builtPack('ru-legacy', [RU_ENTRY]);
    // windows-1251 puts А..я at 0xC0..0xFF, ё at 0xB8.
    const cp1251 = (s: string) =>
      Uint8Array.from([...s].map((c) => (c === 'ё' ? 0xb8 : c >= 'А' && c <= 'я' ? c.charCodeAt(0) - 0x410 + 0xc0 : c.charCodeAt(0))));
    const html = ruPage('Сенсация! Пирс закрывают', 'Пиратские новости').replace('<meta charset="utf-8">', '<meta charset="windows-1251">');
    const r = JSON.parse(cli(['check', '--index', pack, '--json', file('ru-1251.html', cp1251(html))]).stdout);
    expect(r.article.title).toBe('Сенсация! Пирс закрывают');
    expect(r.matches[0]).toMatchObject({ id: 'ru-1', verdict: 'likely-source', overlap: 100 });
    expect(r.matches[0].passages.map((p: { text: string }) => p.text).join(' ')).toContain('обошёлся');
    const french = (charset: string) =>
      `<!doctype html><html lang="fr"><head>${charset}<title>Le conseil vote la fermeture</title><meta property="og:type" content="article"></head>` +
      `<body><article><h1>Le conseil vote la fermeture</h1>${'<p>Le conseil municipal a voté jeudi la fermeture de la jetée, après la découverte de pieux pourris sous le pont.</p>'.repeat(4)}</article></body></html>`;
    const latin1 = cli([
      'check',
      '--index',
      pack,
      '--json',
      file('fr-latin1.html', Buffer.from(french('<meta charset="iso-8859-1">'), 'latin1')),
    ]);
    expect(latin1.status).toBe(0);
    expect(JSON.parse(latin1.stdout).article).toMatchObject({ title: 'Le conseil vote la fermeture' });
    // Latin-1 with no charset declared is refused, with the reason.
    const refused = cli(['check', '--index', pack, file('fr-undeclared.html', Buffer.from(french(''), 'latin1'))]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('not UTF-8 text, and no charset declared in it');
  });

  it('prints its version', () => {
    const version = JSON.parse(readFileSync('package.json', 'utf8')).version;
    for (const flag of ['--version', '-V']) expect(cli([flag])).toMatchObject({ status: 0, stdout: `provenance ${version}\n` });
  });

  it('exits 3 with --fail-on-match when a likely source is found, and 0 when none is', () => {
    const found = cli(['check', '--fail-on-match', 'demo/derivative.html']);
    expect(found.status).toBe(3);
    expect(found.stdout).toMatch(/LIKELY SOURCE/);
    expect(cli(['check', '--fail-on-match', 'demo/unrelated.html']).status).toBe(0);
    expect(cli(['check', 'demo/derivative.html']).status).toBe(0);
  });

  it('checks many files and folders in one call, in order, skipping what is not text in a folder', () => {
    const dir = join(tmp, 'saved');
    mkdirSync(join(dir, 'more'), { recursive: true });
    copyFileSync('demo/unrelated.html', join(dir, 'a.html'));
    copyFileSync('demo/original.html', join(dir, 'more', 'b.html'));
    writeFileSync(join(dir, 'logo.png'), Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]));
    const r = cli(['check', 'demo/derivative.html', dir]);
    expect(r.status).toBe(0);
    const heads = r.stdout.split('\n').filter((l) => !l.startsWith(' '));
    expect(heads.filter(Boolean).map((l) => l.split(':')[0])).toEqual(['demo/derivative.html', `${dir}/a.html`, `${dir}/more/b.html`]);
    expect(r.stderr).toBe(`provenance: ${dir}/logo.png: skipped, not a text file (a PNG image)\n`);
    // Folders with nothing to check: exit 1, and said, so that a script does not read "checked, no source".
    const images = join(tmp, 'images');
    mkdirSync(join(images, 'none'), { recursive: true });
    copyFileSync(join(dir, 'logo.png'), join(images, 'logo.png'));
    for (const format of ['text', 'json']) {
      const none = cli(['check', `--format=${format}`, images]);
      expect(none.status).toBe(1);
      expect(none.stdout).toBe('');
      expect(none.stderr).toBe(
        `provenance: ${images}/logo.png: skipped, not a text file (a PNG image)\nprovenance: no article to check in ${images}\n`,
      );
    }
    expect(cli(['check', join(images, 'none')]).stderr).toBe(`provenance: no article to check in ${join(images, 'none')}\n`);
  });

  it('says when only the beginning of a very long text was checked', () => {
    const long = file('long.txt', 'word after word without an end '.repeat(10_000));
    const text = cli(['check', long]);
    expect(text.stdout).toContain(
      'Only its beginning was checked: a page is read up to 10 MB of HTML, its text up to 200,000 characters and 400 sentences.',
    );
    // A page of 12 MB (a sidebar of 11 MB after the article) is read up to its first 10 MB, and says so.
    const page = readFileSync('demo/derivative.html', 'utf8').replace(
      '</body>',
      `<aside>${'<p>More stories.</p>'.repeat(600_000)}</aside></body>`,
    );
    expect(page.length).toBeGreaterThan(11_000_000);
    const big = JSON.parse(cli(['check', '--json', file('huge.html', page)]).stdout);
    expect(big.article).toMatchObject({ truncated: true });
    expect(big.matches[0]).toMatchObject({ title: 'Putin in Vietnam: An old friendship that refuses to die', verdict: 'likely-source' });
    expect(JSON.parse(cli(['check', '--json', long]).stdout).article).toMatchObject({ truncated: true });
    expect(JSON.parse(cli(['check', '--json', 'demo/derivative.html']).stdout).article.truncated).toBeUndefined();
  });

  it('checks the other inputs when one cannot be read, and exits 1', () => {
    const r = cli(['check', '--json', 'demo/unrelated.html', join(tmp, 'missing.html'), 'demo/original.html']);
    expect(r.status).toBe(1);
    expect(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).input),
    ).toEqual(['demo/unrelated.html', `${tmp}/missing.html`, 'demo/original.html']);
    // Its line says why, in its place, so that a script pairs every input with one result.
    expect(JSON.parse(r.stdout.trim().split('\n')[1]!)).toMatchObject({
      error: `cannot read ${tmp}/missing.html: no such file`,
      matches: [],
    });
    expect(r.stderr).toBe(`provenance: cannot read ${tmp}/missing.html: no such file\n`);
  });
});

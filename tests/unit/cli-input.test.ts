import { describe, expect, it } from 'vitest';
import { sniff } from '../../cli/input';

const page = (head: string) =>
  `<!doctype html><html lang="fr"><head><script>${'var kellmouthTracker = 1;\n'.repeat(60)}</script>${head}<title>Le conseil vote la fermeture de la jetée</title></head>` +
  '<body><article><p>Le conseil municipal a voté jeudi la fermeture de la jetée, après la découverte de pieux pourris.</p></article></body></html>';

describe('reading a saved page', () => {
  it('finds a charset declared past the first 1024 bytes of the head, as the browser changes encoding when it meets it', () => {
    const html = page('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">');
    expect(html.indexOf('charset')).toBeGreaterThan(1024);
    const s = sniff(Buffer.from(html, 'latin1'));
    expect(s.kind).toBe('html');
    if (s.kind === 'html') expect(s.text).toContain('fermeture de la jetée');
  });

  it('reads a page that declares UTF-8 and has a stray byte that is not, with that byte replaced, as the browser does', () => {
    const bytes = Buffer.concat([
      Buffer.from(page('<meta charset="utf-8">'), 'utf8'),
      Buffer.from([0x3c, 0x21, 0x2d, 0x2d, 0xe9, 0x2d, 0x2d, 0x3e]),
    ]);
    const s = sniff(bytes);
    expect(s.kind).toBe('html');
    if (s.kind === 'html') expect(s.text).toContain('fermeture de la jetée');
  });

  it('still refuses a page in a legacy charset that it does not declare anywhere', () => {
    expect(sniff(Buffer.from(page(''), 'latin1'))).toEqual({ kind: 'binary', what: 'not UTF-8 text, and no charset declared in it' });
  });
});

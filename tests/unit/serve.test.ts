import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCheckServer, type CheckServer } from '../../cli/serve';

// What `serve` hands the check, whatever the charset a client sends a page in.
let server: CheckServer;
beforeAll(async () => {
  server = await startCheckServer({ host: '127.0.0.1', port: 0, index: 'test', answer: async (request) => request });
});
afterAll(() => server?.close());

/** windows-1251: А..я at 0xC0..0xFF. */
const cp1251 = (s: string): Uint8Array<ArrayBuffer> =>
  Uint8Array.from([...s].map((c) => (c >= 'А' && c <= 'я' ? c.charCodeAt(0) - 0x410 + 0xc0 : c.charCodeAt(0))));
const page = (meta: string) =>
  `<!doctype html><html lang="ru"><head>${meta}<title>Пирс закрывают</title></head><body><p>Совет проголосовал.</p></body></html>`;
const post = async (body: Uint8Array<ArrayBuffer>, contentType: string) =>
  (await fetch(`${server.url}/check`, { method: 'POST', headers: { 'content-type': contentType }, body })).json();

describe('serve reads a page in the charset it comes in', () => {
  it("by the page's own <meta charset> when the Content-Type names none", async () => {
    const r = await post(cp1251(page('<meta charset="windows-1251">')), 'text/html');
    expect(r.html).toContain('<title>Пирс закрывают</title>');
  });

  it('by the Content-Type when it names one, and as UTF-8 otherwise', async () => {
    expect((await post(cp1251(page('')), 'text/html; charset=windows-1251')).html).toContain('Совет проголосовал.');
    expect((await post(new TextEncoder().encode(page('<meta charset="utf-8">')), 'text/html')).html).toContain('Совет проголосовал.');
  });
});

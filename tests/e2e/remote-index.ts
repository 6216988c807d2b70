import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractHtml } from '../../lib/extract/node';
import { entryFromArticle, writePack } from '../../lib/index';

/**
 * A newsroom's `provenance serve` on 127.0.0.1 holding one original the extension does not
 * know: the demo's unrelated tram article, as "Tram line vote" by the Port Alder Post.
 */
export async function startRemoteIndex(port: number): Promise<ChildProcess> {
  const tram = extractHtml(readFileSync('demo/unrelated.html', 'utf8'));
  if (!tram.ok) throw new Error('no article in demo/unrelated.html');
  const pack = join(mkdtempSync(join(tmpdir(), 'provenance-remote-')), 'archive.pack');
  const entry = entryFromArticle({
    id: 'archive/tram',
    title: 'Tram line vote',
    text: tram.article.text,
    publisher: 'Port Alder Post',
    published: '2024-05-02',
  });
  writeFileSync(pack, await writePack([entry], 'archive'));
  const server = spawn('node', ['bin/provenance.mjs', 'serve', '--index', pack, '--port', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    server.stderr!.on('data', (chunk: Buffer) => chunk.toString().includes('serving') && resolve());
    server.on('exit', (code) => reject(new Error(`provenance serve exited with ${code}`)));
  });
  return server;
}

/**
 * `npm start`: serves the demo site on 127.0.0.1 and opens Chromium with the extension
 * loaded (WXT's runner, in development mode) on the AI-reworded demo article.
 * Without a display, run it under `xvfb-run npm start`.
 */
import { spawn } from 'node:child_process';
import { DEMO_PORT, serveFolder } from './demo-server';

const server = await serveFolder('demo', DEMO_PORT);
console.log(`Demo site: http://127.0.0.1:${DEMO_PORT}/derivative.html (also original.html, unrelated.html, links.html)`);
const wxt = spawn('npx', ['wxt', ...process.argv.slice(2)], { stdio: 'inherit' });
const stop = () => wxt.kill('SIGINT');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
wxt.on('exit', (code) => {
  server.close();
  process.exit(code ?? 0);
});

/**
 * `npm start`: serves the demo site on 127.0.0.1 and opens Chromium with the extension
 * loaded (WXT's runner, in development mode) on the AI-reworded demo article.
 * Without a display, run it under `xvfb-run npm start`.
 */
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { DEMO_PORT, serveFolder } from './demo-server';

// Without a display Chromium cannot open a window, and WXT's runner dies with a bare
// ECONNRESET from its debugging connection: say what to do instead.
if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  console.error(
    'npm start opens a browser window, and this machine has no display (DISPLAY is not set).\n' +
      'Run it under a virtual display: xvfb-run -a npm start (Debian: apt-get install xvfb),\n' +
      'or build with npm run build and load .output/chrome-mv3 in a browser on a machine with a display.',
  );
  process.exit(1);
}

// Another program on the demo's port (a second npm start) is no reason to fail: any free port will do.
const server = await serveFolder('demo', DEMO_PORT).catch((e: NodeJS.ErrnoException) => {
  if (e.code !== 'EADDRINUSE') throw e;
  console.log(`Port ${DEMO_PORT} is in use: the demo site takes a free port instead.`);
  return serveFolder('demo', 0);
});
const port = (server.address() as AddressInfo).port;
console.log(`Demo site: http://127.0.0.1:${port}/derivative.html (also original.html, unrelated.html, links.html)`);
// wxt.config.ts opens the demo article on this port.
const wxt = spawn('npx', ['wxt', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, PROVENANCE_DEMO_PORT: String(port) },
});
const stop = () => wxt.kill('SIGINT');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
wxt.on('exit', (code) => {
  server.close();
  process.exit(code ?? 0);
});

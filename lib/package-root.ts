import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's folder (package.json and assets/), found from a module's URL, so that a file
 * finds the assets alike from its source and from the CLI bundle (.output/cli). Node only.
 */
export function packageRoot(moduleUrl: string): string {
  let dir = dirname(fileURLToPath(moduleUrl));
  while (!(existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'assets')))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no project folder above ${fileURLToPath(moduleUrl)}`);
    dir = up;
  }
  return dir;
}

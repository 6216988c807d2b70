import { readFileSync } from 'node:fs';

/** A problem with the data (not with the command line): one line, exit 1. */
export class DataError extends Error {}

/** A file's bytes (`-` is standard input), or a DataError that says why in words. */
export function readBytes(path: string): Uint8Array {
  try {
    return path === '-' ? readFileSync(0) : readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a folder' : (code ?? (e as Error).message);
    throw new DataError(`cannot read ${path}: ${why}`);
  }
}

import { readFileSync } from 'node:fs';

/** A problem with the data (not with the command line): one line, exit 1. */
export class DataError extends Error {}

const WHY: Record<string, { read?: string; write?: string }> = {
  ENOENT: { read: 'no such file', write: 'no such folder' },
  EISDIR: { read: 'a folder', write: 'a folder' },
  EACCES: { write: 'permission denied' },
};

/** A failed read or write of a file, as a DataError that says why in words. */
export function fileError(verb: 'read' | 'write', path: string, e: unknown): DataError {
  const code = (e as NodeJS.ErrnoException).code;
  const why = (code && WHY[code]?.[verb]) ?? code ?? (e as Error).message;
  return new DataError(`cannot ${verb} ${path}: ${why}`);
}

/** A file's bytes (`-` is standard input), or a DataError that says why in words. */
export function readBytes(path: string): Uint8Array {
  try {
    return path === '-' ? readFileSync(0) : readFileSync(path);
  } catch (e) {
    throw fileError('read', path, e);
  }
}

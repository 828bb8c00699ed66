/**
 * The lines of a file read in chunks, so that files larger than a JavaScript string (about 512 MB)
 * stream through a fixed buffer: each line is handed over with its 1-based number and dropped.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { DataFormatError, DatasetNotFoundError } from '../core/errors.js';

const CHUNK_BYTES = 8 << 20;

/** Bytes read so far and the file's size, for progress bars. */
export type ReadProgress = (bytesRead: number, totalBytes: number) => void;

/** Opens a file for reading, naming it in the error when it is missing or unreadable. */
export function openForReading(file: string): { fd: number; size: number } {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    throw readFailure(err, file);
  }
  return { fd, size: fstatSync(fd).size };
}

/** The error to throw when a file cannot be opened or read: missing, or unreadable with the system's code. */
export function readFailure(err: unknown, file: string): Error {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new DatasetNotFoundError(`no such file: ${file}`);
  return new DataFormatError(`cannot read the file (${code ?? String(err)})`, file);
}

/**
 * Calls `onLine(line, lineNumber)` for every line (without '\n' or '\r\n'; a leading UTF-8 byte-order
 * mark removed). Returns the number of lines. `chunkBytes`: the read size (tests make it tiny).
 */
export function forEachLine(file: string, onLine: (line: string, lineNumber: number) => void, onProgress?: ReadProgress, chunkBytes = CHUNK_BYTES): number {
  const { fd, size } = openForReading(file);
  const buffer = Buffer.allocUnsafe(chunkBytes);
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let lineNumber = 0;
  let bytesRead = 0;
  const emit = (line: string): void => {
    lineNumber++;
    if (lineNumber === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    onLine(line.endsWith('\r') ? line.slice(0, -1) : line, lineNumber);
  };
  try {
    for (;;) {
      const n = readSync(fd, buffer, 0, chunkBytes, null);
      if (n === 0) break;
      bytesRead += n;
      const text = pending + decoder.write(buffer.subarray(0, n));
      let start = 0;
      for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
        emit(text.slice(start, end));
        start = end + 1;
      }
      pending = text.slice(start);
      onProgress?.(bytesRead, size);
    }
    pending += decoder.end();
    if (pending.length > 0) emit(pending);
  } finally {
    closeSync(fd);
  }
  return lineNumber;
}

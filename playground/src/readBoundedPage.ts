/**
 * The page's src/data/readBounded.ts (playground/build.mjs swaps the module): a data file is one the user uploaded into
 * the page (the worker keeps them in `globalThis.playgroundFiles`), read whole within the same cap, so a CSV spec's
 * `data.path` goes through the library's own CSV loader.
 */
export class TooLarge extends Error {
  constructor(
    readonly path: string,
    readonly max: number,
  ) {
    super(`${path} holds more than ${max} bytes`);
  }
}

const uploaded = (path: string): string => {
  const text = (globalThis as { playgroundFiles?: Record<string, string> }).playgroundFiles?.[path];
  if (text === undefined) throw Object.assign(new Error(`not uploaded into the page: ${path}`), { code: 'ENOENT' });
  return text;
};

/** The uploaded file's bytes (answering toString() with its text, as the loaders read a Buffer), at most `max`. */
export function readBounded(path: string, max: number, look?: (chunk: Uint8Array) => void): Uint8Array {
  const text = uploaded(path);
  const bytes = new TextEncoder().encode(text);
  if (bytes.length > max) throw new TooLarge(path, max);
  look?.(bytes);
  return Object.assign(bytes, { toString: () => text });
}

/** The page has no standard input. */
export function readBoundedFd(_fd: number, path: string): Uint8Array {
  throw Object.assign(new Error(`${path}: a page has no standard input`), { code: 'ENOENT' });
}

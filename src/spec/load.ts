/** Reading a spec file (YAML or JSON) with line and column in syntax errors. */
import { readFileSync } from 'node:fs';
import { YAMLParseError, parseDocument } from 'yaml';
import { decodeSpec } from './decode.ts';
import { SpecError } from './errors.ts';
import type { Spec } from './schema.ts';

/** 1-based line:column of a character offset. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

/** Parse spec text; `.json` files and text starting with `{` are read as JSON, everything else as YAML. */
export function parseSpecText(text: string, file = 'spec'): Spec {
  let raw: unknown;
  if (file.endsWith('.json') || text.trimStart().startsWith('{')) {
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new SpecError([{ path: '', message: `invalid JSON: ${(e as Error).message}` }], file);
    }
  } else {
    const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
    const err = doc.errors[0];
    if (err) {
      const pos = err instanceof YAMLParseError ? `${lineColumn(text, err.pos[0])}: ` : '';
      throw new SpecError([{ path: '', message: `${pos}invalid YAML: ${err.message.split('\n')[0]}` }], file);
    }
    raw = doc.toJS();
  }
  return decodeSpec(raw, file);
}

/** Read and decode a spec file. */
export function loadSpec(file: string): Spec {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new SpecError([{ path: '', message: code === 'ENOENT' ? 'no such file' : `cannot read the spec (${code ?? (e as Error).message})` }], file);
  }
  return parseSpecText(text, file);
}

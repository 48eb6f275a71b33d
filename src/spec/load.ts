/**
 * Reading a spec file (YAML or JSON) with line and column in syntax errors. Every error names the file; duplicate keys
 * are refused in JSON as in YAML; nesting, aliases and sizes are bounded so that no input overflows the stack or the
 * memory, and no message echoes a huge value.
 */
import { readBounded, readBoundedFd, TooLarge } from '../data/readBounded.ts';
import { parseDocument, visit, YAMLParseError, type Document } from 'yaml';
import { decodeSpecWithDefaults, type DecodedSpec } from './decode.ts';
import { SpecError } from './errors.ts';
import type { Spec } from './schema.ts';
import { checkArgs, Name, Str } from '../api/arguments.ts';

/** Deepest nesting of mappings and lists a spec may have (the deepest real spec field is 5 levels down). */
export const MAX_SPEC_DEPTH = 32;
/** The largest spec file read (real specs are a few kB). */
export const MAX_SPEC_BYTES = 1024 * 1024;
/** The file name that stands for the standard input. */
export const STDIN = '-';
/** Aliases a YAML spec may expand (a guard against alias bombs). */
const MAX_ALIASES = 100;

/** 1-based line:column of a character offset. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

const fail = (file: string, message: string, path = ''): never => {
  throw new SpecError([{ path, message }], file);
};

/** The path of the first value nested deeper than MAX_SPEC_DEPTH, found without recursion. */
function tooDeep(raw: unknown): string | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: raw, path: '', depth: 0 }];
  while (stack.length) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_SPEC_DEPTH) return path;
    for (const [k, v] of Object.entries(value)) {
      stack.push({
        value: v,
        path: Array.isArray(value) ? `${path}[${k}]` : path ? `${path}.${k.slice(0, 40)}` : k.slice(0, 40),
        depth: depth + 1,
      });
    }
  }
  return undefined;
}

/** The first YAML error as one line with its position (a stack overflow in the parser is deep nesting). */
function yamlError(text: string, doc: Document, language: 'JSON' | 'YAML'): string | undefined {
  const err = doc.errors[0];
  if (!err) return undefined;
  const pos = err instanceof YAMLParseError ? `${lineColumn(text, err.pos[0])}: ` : '';
  const overflow = /call stack/i.test(err.message);
  const what = overflow ? `nested deeper than ${MAX_SPEC_DEPTH} levels` : err.message.split('\n')[0];
  return `${pos}invalid ${language}: ${what}`;
}

const escapedName = (name: string) => JSON.stringify(name.slice(0, 40)).slice(1, -1);

/** The first alias `*a` with no anchor `&a` before it, and its offset (an undefined alias, not an alias bomb). */
function firstUndefinedAlias(doc: Document): { name: string; at: number } | undefined {
  const anchors = new Set<string>();
  let found: { name: string; at: number } | undefined;
  visit(doc, {
    Node(_, node) {
      if (node.anchor) anchors.add(node.anchor);
    },
    Alias(_, alias) {
      if (anchors.has(alias.source)) return undefined;
      found = { name: alias.source, at: alias.range?.[0] ?? 0 };
      return visit.BREAK;
    },
  });
  return found;
}

/** The spec's value as YAML parses it: duplicate keys, nesting and alias expansion are refused with a position. */
function parseYaml(text: string, file: string, language: 'JSON' | 'YAML'): unknown {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const error = yamlError(text, doc, language);
  if (error) fail(file, error);
  const undefinedAlias = firstUndefinedAlias(doc);
  if (undefinedAlias)
    fail(
      file,
      `${lineColumn(text, undefinedAlias.at)}: invalid YAML: the alias *${escapedName(undefinedAlias.name)} names no anchor &${escapedName(undefinedAlias.name)} before it`,
    );
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (e) {
    const message = (e as Error).message;
    return fail(
      file,
      /alias/i.test(message)
        ? `invalid YAML: aliases expand to too many values (at most ${MAX_ALIASES})`
        : `invalid YAML: ${message.slice(0, 200)}`,
    );
  }
}

/** A JSON syntax error on one line, with the line:column of V8's "at position N" (and without its excerpt of the text). */
function jsonError(text: string, message: string): string {
  const position = /at position (\d+)/.exec(message);
  const what = message
    .split('\n')[0]
    .replace(/\s*(in JSON )?at position \d+.*$/, '')
    .replace(/, ".*" is not valid JSON$/, ' is not valid JSON')
    .slice(0, 120);
  const at = position
    ? `${lineColumn(text, Number(position[1]))}: `
    : message.includes('end of JSON')
      ? `${lineColumn(text, text.length)}: `
      : '';
  return `${at}invalid JSON: ${JSON.stringify(what).slice(1, -1)}`;
}

/**
 * Parse spec text. A `.json` file is JSON (its syntax errors are JSON's; duplicate keys are found by the YAML parser,
 * JSON being YAML 1.2); everything else is YAML, flow style `{ … }` included.
 */
export function parseSpecText(text: string, file = 'spec'): Spec {
  checkArgs('parseSpecText', { text: [Str, text], file: [Str, file] });
  return parseSpecTextWithDefaults(text, file).spec;
}

/** `parseSpecText`, with the fields the text leaves out that were filled with their defaults. */
export function parseSpecTextWithDefaults(text: string, file = 'spec'): DecodedSpec {
  checkArgs('parseSpecTextWithDefaults', { text: [Str, text], file: [Str, file] });
  let raw: unknown;
  if (file.endsWith('.json')) {
    try {
      raw = JSON.parse(text);
    } catch (e) {
      fail(file, jsonError(text, (e as Error).message));
    }
    parseYaml(text, file, 'JSON');
  } else raw = parseYaml(text, file, 'YAML');
  const deep = tooDeep(raw);
  if (deep !== undefined) fail(file, `nested deeper than ${MAX_SPEC_DEPTH} levels`, deep);
  return decodeSpecWithDefaults(raw, file);
}

/** Read and decode a spec file; `STDIN` (`-`) is the standard input. */
export function loadSpec(file: string): Spec {
  checkArgs('loadSpec', { file: [Name, file] });
  return loadSpecWithDefaults(file).spec;
}

/** `loadSpec`, with the fields the file leaves out that were filled with their defaults. */
export function loadSpecWithDefaults(file: string): DecodedSpec {
  checkArgs('loadSpecWithDefaults', { file: [Name, file] });
  const name = file === STDIN ? '<stdin>' : file;
  let text: string;
  try {
    text = (file === STDIN ? readBoundedFd(0, name, MAX_SPEC_BYTES) : readBounded(file, MAX_SPEC_BYTES)).toString(
      'utf8',
    );
  } catch (e) {
    if (e instanceof TooLarge)
      fail(name, `the file has more than ${MAX_SPEC_BYTES} bytes (the most a spec has)`, '(file)');
    const code = (e as NodeJS.ErrnoException).code;
    return fail(
      name,
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a folder, not a spec file'
          : `cannot read the spec (${code ?? (e as Error).message})`,
    );
  }
  return parseSpecTextWithDefaults(text, name);
}

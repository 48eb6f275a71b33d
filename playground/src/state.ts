/**
 * The page's state: its form read into PageSettings and written back, and the same settings in the URL's fragment
 * (`#objective=…&lr=…`, only what differs from the defaults), so that a link reopens the page as it was.
 */
import { BACKENDS, DEFAULTS, type PageSettings, SHAPES } from './protocol.ts';

type Key = keyof PageSettings;
const KEYS = Object.keys(DEFAULTS) as Key[];

/** Each setting's form element has the setting's name as its id. */
const field = (k: Key) => document.getElementById(k) as HTMLInputElement;

/** A value of setting `k` read from text (the form's or the URL's); undefined when it is not one. */
function settingOf(k: Key, text: string): PageSettings[Key] | undefined {
  const d = DEFAULTS[k];
  if (typeof d === 'boolean') return text === 'true' || text === 'on' || text === '1';
  if (typeof d === 'number') return text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : undefined;
  if (k === 'shape') return [...SHAPES, 'csv'].includes(text) ? text : undefined;
  if (k === 'backend') return (BACKENDS as readonly string[]).includes(text) ? text : undefined;
  if (k === 'family') return ['bernoulli', 'categorical', 'gaussian'].includes(text) ? text : undefined;
  return text;
}

export function readForm(): PageSettings {
  const out: Record<string, unknown> = {};
  for (const k of KEYS) {
    const el = field(k);
    const text = el.type === 'checkbox' ? String(el.checked) : k === 'objective' ? el.value.trim() : el.value;
    out[k] = settingOf(k, text) ?? DEFAULTS[k];
  }
  return out as unknown as PageSettings;
}

export function writeForm(s: Partial<PageSettings>): void {
  for (const [k, v] of Object.entries(s) as [Key, PageSettings[Key]][]) {
    const el = field(k);
    if (el.type === 'checkbox') el.checked = Boolean(v);
    else el.value = String(v);
  }
}

/** The settings that differ from the defaults, as a URL fragment. */
export function toFragment(s: PageSettings): string {
  const q = new URLSearchParams();
  for (const k of KEYS) if (s[k] !== DEFAULTS[k]) q.set(k, String(s[k]));
  return q.toString();
}

/** The settings a URL fragment holds over the defaults; names it does not know and values that do not read are listed. */
export function fromFragment(hash: string): { settings: PageSettings; ignored: string[] } {
  const q = new URLSearchParams(hash.replace(/^#/, ''));
  const out: Record<string, unknown> = { ...DEFAULTS };
  const ignored: string[] = [];
  for (const [k, text] of q) {
    const v = (KEYS as string[]).includes(k) ? settingOf(k as Key, text) : undefined;
    if (v === undefined) ignored.push(k);
    else out[k] = v;
  }
  return { settings: out as unknown as PageSettings, ignored };
}

/**
 * Reads a PROPFIND multistatus answer without a DOM (the background has no
 * DOMParser): each `response`'s href, whether it is a collection, its ETag
 * and length. Namespace prefixes differ by server (`D:`, `d:`, `lp1:`, none),
 * so element names are matched by their local part.
 */
import type { RemoteEntry } from './store';

const RESPONSE = /<(?:[\w-]+:)?response\b[^>]*>([\s\S]*?)<\/(?:[\w-]+:)?response>/g;

function element(block: string, name: string): string | undefined {
  const match = new RegExp(`<(?:[\\w-]+:)?${name}\\b[^>]*?(?:/>|>([\\s\\S]*?)</(?:[\\w-]+:)?${name}>)`).exec(block);
  return match ? (match[1] ?? '') : undefined;
}

function xmlText(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&amp;/g, '&')
    .trim();
}

/** The direct members of `dirPath` (the URL path of the listed folder, ending in `/`); the folder itself is left out. */
export function parseMultistatus(xml: string, dirPath: string): RemoteEntry[] {
  const entries: RemoteEntry[] = [];
  const self = safeDecode(dirPath).replace(/\/+$/, '');
  for (const [, block] of xml.matchAll(RESPONSE)) {
    const href = element(block!, 'href');
    if (href === undefined) continue;
    // Some servers answer with absolute URLs, others with paths.
    const path = safeDecode(xmlText(href).replace(/^[a-z]+:\/\/[^/]+/i, '')).replace(/\/+$/, '');
    if (path === self || !path.startsWith(`${self}/`)) continue;
    const name = path.slice(self.length + 1);
    if (!name || name.includes('/')) continue;
    // A 404 propstat (properties the server lacks) must not hide the 200 one.
    const props = [...block!.matchAll(/<(?:[\w-]+:)?propstat\b[^>]*>([\s\S]*?)<\/(?:[\w-]+:)?propstat>/g)]
      .map((m) => m[1]!)
      .filter((p) => /\b200\b/.test(element(p, 'status') ?? '200'))
      .join('');
    const resourcetype = element(props, 'resourcetype') ?? '';
    const etag = element(props, 'getetag');
    const length = element(props, 'getcontentlength');
    entries.push({
      name,
      collection: /<(?:[\w-]+:)?collection\b/.test(resourcetype),
      ...(etag ? { etag: xmlText(etag).replace(/^W\//, '') } : {}),
      ...(length && /^\d+$/.test(length.trim()) ? { size: Number(length.trim()) } : {}),
    });
  }
  return entries;
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

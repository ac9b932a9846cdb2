/**
 * Photo files in the sync folder: `.finews/photos/<sha-256 hex>.<subtype>`,
 * named by their bytes' SHA-256 and the raster type's subtype
 * (`image/jpeg` → `.jpeg`). Content-addressed, so a file is written once
 * (If-None-Match: *), never rewritten, shared by every article that shows
 * the same photo, and a reader can check what it read against its name.
 *
 * A shard's header lists which photo each image row refers to (shard.ts):
 *   "photos": {"<article id>": {"<image url>": "<file name>"}}
 * Readers that predate it ignore header fields they do not know.
 */
import { storableImageType } from '../library/images';

export const PHOTOS_DIR = '.finews/photos';

/** Image url → photo file name, for one article. */
export type PhotoRefs = Record<string, string>;
/** Article id → its photo references. */
export type PhotoMap = Map<string, PhotoRefs>;

const FILE = /^([0-9a-f]{64})\.([a-z0-9][a-z0-9.+-]{0,62})$/;

/** The file name for bytes of `sha` (hex) and `type`; undefined for a type the library would not store (SVG…). */
export function photoFileName(sha: string, type: string): string | undefined {
  const storable = storableImageType(type);
  if (!storable || !/^[0-9a-f]{64}$/.test(sha)) return undefined;
  const name = `${sha}.${storable.slice('image/'.length)}`;
  return FILE.test(name) ? name : undefined;
}

/** What a file name claims (hash and type), or undefined for any other name (odd, SVG, a path). */
export function parsePhotoFileName(name: string): { sha: string; type: string } | undefined {
  const match = FILE.exec(name);
  if (!match) return undefined;
  const type = `image/${match[2]}`;
  return storableImageType(type) === type ? { sha: match[1]!, type } : undefined;
}

export function photoPath(name: string): string {
  return `${PHOTOS_DIR}/${name}`;
}

export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

const ascii = (bytes: Uint8Array, at: number, text: string) => [...text].every((c, i) => bytes[at + i] === c.charCodeAt(0));

/** Signatures of the raster types browsers show: bytes claiming one of these must carry one of them. */
const SIGNATURES: Record<string, (b: Uint8Array) => boolean> = {
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) => b[0] === 0x89 && ascii(b, 1, 'PNG\r\n\x1a\n'),
  'image/gif': (b) => ascii(b, 0, 'GIF87a') || ascii(b, 0, 'GIF89a'),
  'image/webp': (b) => ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP'),
  'image/avif': (b) => ascii(b, 4, 'ftyp'),
  'image/bmp': (b) => ascii(b, 0, 'BM'),
};

/**
 * Whether bytes may be stored as a photo of `type`: a known raster type's
 * bytes must be some known raster image (servers mislabel JPEG and WebP
 * alike, and either shows), and nothing that starts as markup (an SVG or
 * HTML page under a raster name) is taken whatever the type says.
 */
export function looksLikeRaster(type: string, bytes: Uint8Array): boolean {
  const head = new TextDecoder().decode(bytes.subarray(0, 256)).replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('<')) return false;
  if (!(type in SIGNATURES)) return bytes.length > 0;
  return Object.values(SIGNATURES).some((matches) => matches(bytes));
}

/** A header's `photos` as a map, keeping only string → string entries (names are checked when a photo is read). */
export function parsePhotoMap(value: unknown): PhotoMap | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const map: PhotoMap = new Map();
  for (const [id, refs] of Object.entries(value as Record<string, unknown>)) {
    if (!refs || typeof refs !== 'object' || Array.isArray(refs)) continue;
    const kept = Object.entries(refs as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string');
    if (kept.length) map.set(id, Object.fromEntries(kept));
  }
  return map;
}

/** The map as a header field: ids and urls sorted, so equal maps are equal text. */
export function encodePhotoMap(map: PhotoMap | undefined): Record<string, PhotoRefs> | undefined {
  if (!map?.size) return undefined;
  const sorted = <T>(entries: [string, T][]) => entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(sorted([...map]).map(([id, refs]) => [id, Object.fromEntries(sorted(Object.entries(refs)))]));
}

export function samePhotoMaps(a: PhotoMap | undefined, b: PhotoMap | undefined): boolean {
  return JSON.stringify(encodePhotoMap(a) ?? {}) === JSON.stringify(encodePhotoMap(b) ?? {});
}

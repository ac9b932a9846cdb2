/**
 * File names every OS accepts: Windows refuses `<>:"/\|?*`, control
 * characters, a trailing dot or space and device names (CON, COM1…).
 */

const FORBIDDEN = /[<>:"/\\|?*\x00-\x1f\x7f]/;
const RESERVED = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;

export function isSafeFileName(name: string): boolean {
  if (name === '' || name === '.' || name === '..') return false;
  if (FORBIDDEN.test(name) || /[. ]$/.test(name)) return false;
  if (new TextEncoder().encode(name).length > 255) return false;
  const stem = name.split('.')[0] ?? '';
  return !RESERVED.test(stem.trim());
}

/** A short, stable hash (FNV-1a, 32 bits) as 8 hex digits. */
export function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * Gives equal names distinct ones (`a.md`, `a-2.md`, `a-3.md`…), comparing
 * case-insensitively because macOS and Windows do.
 */
export class UniqueNames {
  private readonly used = new Set<string>();

  take(name: string): string {
    const dot = name.lastIndexOf('.');
    const stem = dot > 0 ? name.slice(0, dot) : name;
    const ext = dot > 0 ? name.slice(dot) : '';
    let candidate = name;
    for (let n = 2; this.used.has(candidate.toLowerCase()); n++) candidate = `${stem}-${n}${ext}`;
    this.used.add(candidate.toLowerCase());
    return candidate;
  }
}

/**
 * The WebDAV adapter: `fetch` only, so the same code runs in the extension
 * (background, options page) and in Node 20 (tests, bench). Written here
 * rather than with the npm `webdav` client because the engine needs exactly
 * five verbs with raw ETag control, a hard cap on every answer's size, a
 * timeout on every request, and LOCK-based conditional writes for servers
 * that ignore If-Match (rclone's, see `put`) — none of which that client
 * offers, and it would add its XML parser and polyfills to the bundle.
 */
import { bytesToBase64 } from '../backup/format';
import { parseMultistatus } from './propfind';
import { checkRelativePath, SyncError, type LockJournal, type RemoteEntry, type RemoteFile, type SyncStore, type WriteCondition } from './store';
import { folderUrl, type SyncConfig } from './url';

/** How a server keeps a conditional write conditional: If-Match itself, or a WebDAV LOCK around check-then-put. */
export type ConditionalMode = 'native' | 'lock';

export interface WebDavOptions {
  /** Per request, answer included; a slower server ends the sync with 'timeout'. */
  timeoutMs?: number;
  /** Known from an earlier sync (state.ts keeps it); probed once otherwise. */
  conditional?: ConditionalMode;
  /** A seam for tests; the platform's fetch by default. */
  fetch?: typeof fetch;
}

// A listing of a 50,000-post `_posts/` is 15–30 MB, depending on the server.
const LIST_MAX_BYTES = 128 * 1024 * 1024;
const PROPFIND_BODY =
  '<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop><D:resourcetype/><D:getetag/><D:getcontentlength/></D:prop></D:propfind>';
const LOCK_BODY =
  '<?xml version="1.0" encoding="utf-8"?><D:lockinfo xmlns:D="DAV:"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype><D:owner>finews-reader sync</D:owner></D:lockinfo>';

export class WebDavStore implements SyncStore {
  requests = 0;
  conditional: ConditionalMode | undefined;
  private readonly base: URL;
  private readonly authorization: string;
  private readonly timeoutMs: number;
  private readonly fetchFn: typeof fetch;
  private journal: LockJournal | undefined;

  constructor(config: SyncConfig, options: WebDavOptions = {}) {
    this.base = folderUrl(config.url);
    // UTF-8 first: btoa alone refuses a password with Chinese characters.
    this.authorization = `Basic ${bytesToBase64(new TextEncoder().encode(`${config.user}:${config.password}`))}`;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.conditional = options.conditional;
    this.fetchFn = options.fetch ?? ((...args) => globalThis.fetch(...args));
  }

  async list(dir: string): Promise<RemoteEntry[] | undefined> {
    const url = this.url(dir, true);
    const response = await this.request('PROPFIND', url, { headers: { Depth: '1', 'Content-Type': 'application/xml; charset=utf-8' }, body: PROPFIND_BODY });
    if (response.status === 404) return discard(response, undefined);
    this.expect(response, [207], dir);
    return parseMultistatus(new TextDecoder().decode(await readBytes(response, LIST_MAX_BYTES, dir)), url.pathname);
  }

  async get(path: string, maxBytes: number): Promise<RemoteFile | undefined> {
    const response = await this.request('GET', this.url(path), { headers: { 'Cache-Control': 'no-cache' } });
    if (response.status === 404) return discard(response, undefined);
    this.expect(response, [200], path);
    const etag = etagOf(response);
    return { text: new TextDecoder().decode(await readBytes(response, maxBytes, path)), ...(etag && { etag }) };
  }

  async getBytes(path: string, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | undefined> {
    const response = await this.request('GET', this.url(path), { headers: { 'Cache-Control': 'no-cache' } });
    if (response.status === 404) return discard(response, undefined);
    this.expect(response, [200], path);
    return readBytes(response, maxBytes, path);
  }

  async put(path: string, text: string | Uint8Array<ArrayBuffer>, condition?: WriteCondition): Promise<{ etag?: string }> {
    if (condition && (await this.conditionalMode()) === 'lock') return this.lockedPut(path, text, condition);
    const headers: Record<string, string> = { 'Content-Type': contentType(path) };
    if (condition) Object.assign(headers, 'ifMatch' in condition ? { 'If-Match': condition.ifMatch } : { 'If-None-Match': '*' });
    const response = await this.request('PUT', this.url(path), { headers, body: text });
    // Apache marks an ETag weak for a second after each write and fails If-Match against a weak one
    // (a strong comparison), though the file is unchanged: the lock's own check tells which it is.
    if (response.status === 412 && condition && 'ifMatch' in condition) {
      await discard(response, undefined);
      return this.lockedPut(path, text, condition);
    }
    this.expect(response, [200, 201, 204], path);
    await discard(response, undefined);
    const etag = etagOf(response);
    return etag ? { etag } : {};
  }

  async delete(path: string): Promise<void> {
    const response = await this.request('DELETE', this.url(path), {});
    if (response.status !== 404) this.expect(response, [200, 202, 204], path);
    await discard(response, undefined);
  }

  async mkcol(path: string): Promise<void> {
    const response = await this.request('MKCOL', this.url(path, true), {});
    // 405: it exists already (a folder, by RFC 4918).
    if (response.status !== 405) this.expect(response, [200, 201], path);
    await discard(response, undefined);
  }

  async adoptLocks(journal: LockJournal): Promise<string[]> {
    this.journal = journal;
    const held = await journal.held();
    for (const [path, token] of held) {
      // Any answer means the lock is gone (released now, or expired); no answer: it is tried again next sync.
      const answer = await this.request('UNLOCK', this.url(path), { headers: { 'Lock-Token': token } }).catch(() => undefined);
      if (!answer) continue;
      await discard(answer, undefined);
      await journal.released(path);
    }
    return held.map(([path]) => path);
  }

  /**
   * Whether the server honours If-Match on PUT. Apache's mod_dav does;
   * rclone's server (golang.org/x/net/webdav) ignores it and writes anyway,
   * so there the engine takes a WebDAV LOCK, checks the ETag, writes with the
   * lock's token and unlocks. Probed once with an If-Match that cannot match.
   */
  async conditionalMode(): Promise<ConditionalMode> {
    if (this.conditional) return this.conditional;
    const probe = '.finews/probe-if-match';
    const response = await this.request('PUT', this.url(probe), { headers: { 'If-Match': '"finews-never-matches"' }, body: '' });
    await discard(response, undefined);
    if (response.status === 412) this.conditional = 'native';
    else {
      this.expect(response, [200, 201, 204], probe);
      await this.delete(probe);
      this.conditional = 'lock';
    }
    return this.conditional;
  }

  private async lockedPut(path: string, text: string | Uint8Array<ArrayBuffer>, condition: WriteCondition): Promise<{ etag?: string }> {
    const url = this.url(path);
    const lock = await this.request('LOCK', url, {
      headers: { Timeout: 'Second-60', 'Content-Type': 'application/xml; charset=utf-8' },
      body: LOCK_BODY,
    });
    if (lock.status === 423) throw new SyncError('conflict', `${path} is being written by another browser`, 423);
    this.expect(lock, [200, 201], path);
    await discard(lock, undefined);
    const token = lock.headers.get('Lock-Token');
    if (!token) throw new SyncError('server', `the server gave no lock token for ${path}`);
    // 201: the LOCK created an empty file, so nothing was there before it.
    const created = lock.status === 201;
    const ifToken = { If: `(${token})` };
    try {
      // Written down before it is used: a sync stopped from here on leaves the lock for the next one to release (adoptLocks).
      await this.journal?.taken(path, token);
      if ('ifNoneMatch' in condition && !created) throw new SyncError('conflict', `${path} was created by another browser`, 412);
      if ('ifMatch' in condition) {
        if (created) {
          await discard(await this.request('DELETE', url, { headers: ifToken }), undefined);
          throw new SyncError('conflict', `${path} was deleted by another browser`, 412);
        }
        const head = await this.request('HEAD', url, {});
        this.expect(head, [200], path);
        await discard(head, undefined);
        if (etagOf(head) !== condition.ifMatch) throw new SyncError('conflict', `${path} was changed by another browser`, 412);
      }
      const response = await this.request('PUT', url, { headers: { ...ifToken, 'Content-Type': contentType(path) }, body: text });
      this.expect(response, [200, 201, 204], path);
      await discard(response, undefined);
      let etag = etagOf(response);
      if (!etag) {
        // Still under our lock, so this is our write's ETag (Apache gives none with a PUT).
        const head = await this.request('HEAD', url, { headers: ifToken });
        await discard(head, undefined);
        etag = head.ok ? etagOf(head) : undefined;
      }
      return etag ? { etag } : {};
    } finally {
      // Best effort: a lock left behind expires with its timeout, or the next sync releases it.
      await this.request('UNLOCK', url, { headers: { 'Lock-Token': token } })
        .then(async (r) => {
          await discard(r, undefined);
          await this.journal?.released(path);
        })
        .catch(() => undefined);
    }
  }

  private url(path: string, folder = false): URL {
    if (path === '') return new URL(this.base);
    const encoded = checkRelativePath(path).split('/').map(encodeURIComponent).join('/');
    return new URL(encoded + (folder ? '/' : ''), this.base);
  }

  private async request(method: string, url: URL, init: { headers?: Record<string, string>; body?: string | Uint8Array<ArrayBuffer> }): Promise<Response> {
    this.requests++;
    try {
      return await this.fetchFn(url, {
        method,
        headers: { Authorization: this.authorization, ...init.headers },
        body: init.body,
        // A redirect could take the password to another origin or to http.
        redirect: 'error',
        cache: 'no-store',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const name = (error as Error)?.name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new SyncError('timeout', `The sync server did not answer within ${Math.round(this.timeoutMs / 1000)} s.`);
      }
      throw new SyncError('unreachable', `The sync server could not be reached (${this.base.host}).`);
    }
  }

  private expect(response: Response, ok: number[], path: string): void {
    if (ok.includes(response.status)) return;
    void response.body?.cancel().catch(() => undefined);
    throw statusError(response.status, path || this.base.pathname);
  }
}

/** The error a refused request ends in; 404 here means the folder itself (files' 404s are answered above). */
export function statusError(status: number, path: string): SyncError {
  switch (status) {
    case 401:
      return new SyncError('auth', 'The sync server refused the user name or password (401).', status);
    case 403:
      return new SyncError('forbidden', `The sync server forbids access to ${path} (403).`, status);
    case 404:
    case 409:
      return new SyncError('not-found', `The sync folder does not exist on the server (${status}).`, status);
    case 412:
    case 423:
      return new SyncError('conflict', `${path} was changed by another browser meanwhile (${status}).`, status);
    case 413:
    case 507:
      return new SyncError('full', `The sync server has no room left (${status}).`, status);
    default:
      return new SyncError('server', `The sync server answered ${status} for ${path}.`, status);
  }
}

/** The body's bytes, refusing more than `maxBytes` without reading it all. */
async function readBytes(response: Response, maxBytes: number, path: string): Promise<Uint8Array<ArrayBuffer>> {
  const tooLarge = () => new SyncError('too-large', `${path} on the server is larger than ${Math.round(maxBytes / 1024 / 1024)} MB; it was not read.`);
  const declared = Number(response.headers.get('Content-Length'));
  if (declared > maxBytes) {
    void response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let step: ReadableStreamReadResult<Uint8Array>;
    try {
      step = await reader.read();
    } catch (error) {
      if ((error as Error)?.name === 'TimeoutError') throw new SyncError('timeout', `The sync server stopped sending ${path}.`);
      throw new SyncError('unreachable', `The connection broke while reading ${path}; it was not applied.`);
    }
    const { done, value } = step;
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

/**
 * A response's ETag without the weak mark: Apache's (size and mtime) turns
 * from weak to strong a second after a write, the same file either way.
 */
function etagOf(response: Response): string | undefined {
  return response.headers.get('ETag')?.replace(/^W\//, '') || undefined;
}

async function discard<T>(response: Response, value: T): Promise<T> {
  await response.body?.cancel().catch(() => undefined);
  return value;
}

function contentType(path: string): string {
  // A photo's name ends in its type's subtype (photo-files.ts).
  const photo = /^\.finews\/photos\/[0-9a-f]{64}\.([a-z0-9.+-]+)$/.exec(path);
  if (photo) return `image/${photo[1]}`;
  return path.endsWith('.md') ? 'text/markdown; charset=utf-8' : 'application/octet-stream';
}

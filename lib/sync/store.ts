/**
 * What the sync engine needs from a remote folder, whatever serves it: one
 * adapter per backend behind this interface (as Floccus keeps one per
 * backend), so the engine never speaks HTTP itself and tests can wrap a
 * store to inject faults. Paths are relative to the folder, `/`-separated,
 * never starting with `/` nor holding `..` (the adapter refuses them).
 */

/** Why a remote operation failed; each kind has its own status message (status.ts). */
export type SyncErrorKind =
  | 'bad-url' // not a URL, or http to a host other than this machine
  | 'unreachable' // no answer at all (DNS, refused, reset)
  | 'timeout' // an answer too slow to wait for
  | 'auth' // 401: wrong user name or password
  | 'forbidden' // 403
  | 'not-found' // 404 for the sync folder itself
  | 'conflict' // 412, or a lock held by another browser: re-read and retry
  | 'full' // 507: the server's storage is full
  | 'too-large' // a remote file over the size the engine accepts
  | 'corrupt' // a remote file that is not what the format says (half-written, foreign)
  | 'server' // any other refusal (5xx, 405, 409…)
  | 'library'; // this browser's library refused a write (storage full…): nothing of that batch was written

/** A failure with its kind; `message` never holds credentials. */
export class SyncError extends Error {
  constructor(
    readonly kind: SyncErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'SyncError';
  }
}

export interface RemoteEntry {
  /** The member's name inside the listed folder (decoded). */
  name: string;
  collection: boolean;
  etag?: string;
  size?: number;
}

export interface RemoteFile {
  text: string;
  etag?: string;
}

/** A write's precondition: the file is as last read, or does not exist yet. */
export type WriteCondition = { ifMatch: string } | { ifNoneMatch: '*' };

export interface SyncStore {
  /** The folder's direct members, or undefined when the folder does not exist. */
  list(dir: string): Promise<RemoteEntry[] | undefined>;
  /** A file's text and ETag, or undefined when it does not exist. Larger than `maxBytes`: SyncError 'too-large'. */
  get(path: string, maxBytes: number): Promise<RemoteFile | undefined>;
  /** A file's bytes (photos), or undefined when it does not exist. Larger than `maxBytes`: SyncError 'too-large'. */
  getBytes(path: string, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | undefined>;
  /** Writes a file (text, or a photo's bytes); a failed condition throws SyncError 'conflict'. Returns the new ETag when the server gives it. */
  put(path: string, body: string | Uint8Array<ArrayBuffer>, condition?: WriteCondition): Promise<{ etag?: string }>;
  /** Deletes a file; one already gone is no error. */
  delete(path: string): Promise<void>;
  /** Creates a folder; one that exists is no error. */
  mkcol(path: string): Promise<void>;
  /** Requests made so far (the bench and the tests count them). */
  readonly requests: number;
  /**
   * A store that takes locks (WebDAV LOCK) writes down in `journal` each
   * lock while it holds it, and first releases the locks a sync stopped
   * midway left behind (the service worker ended holding one), so they do
   * not block the next sync until they expire. Returns the paths of those:
   * files this browser was writing when it stopped, which may hold its own
   * upload cut short.
   */
  adoptLocks?(journal: LockJournal): Promise<string[]>;
}

/** Locks held on the server, kept in the library's sync state (state.ts lockJournal): remote path → lock token. */
export interface LockJournal {
  held(): Promise<[path: string, token: string][]>;
  taken(path: string, token: string): Promise<void>;
  released(path: string): Promise<void>;
}

/**
 * Whether a listed ETag is the one last seen, compared weakly: Apache calls an ETag weak for a second
 * after a write and strong afterwards, for the same bytes. Only decides whether to read a file again;
 * writes stay conditional on the exact ETag.
 */
export function sameEtag(known: string | undefined, listed: string | undefined): boolean {
  return known !== undefined && listed !== undefined && known.replace(/^W\//, '') === listed.replace(/^W\//, '');
}

/** A folder path (relative) that cannot leave the sync folder. */
export function checkRelativePath(path: string): string {
  const parts = path.split('/');
  if (!path || path.startsWith('/') || parts.some((p) => p === '..' || p === '.' || p === '' || /[\x00-\x1f\\]/.test(p))) {
    throw new SyncError('server', `refused remote path "${path.slice(0, 80)}"`);
  }
  return path;
}

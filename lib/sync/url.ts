import { SyncError } from './store';

/** What the options page collects; kept in the extension's local storage, never in the library or a backup. */
export interface SyncConfig {
  /** The WebDAV folder, e.g. `https://cloud.example.com/remote.php/dav/files/me/blog/`. */
  url: string;
  user: string;
  /** Password or app token. */
  password: string;
  /** Sync the articles' photos too (off when absent). */
  photos?: boolean;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The optional host permissions the manifest lists for the sync folder: any
 * https host, plain http only on this machine. The options page asks for
 * the one origin of the folder (originPattern) when the settings are saved.
 * (`[::1]` has no match pattern browsers agree on; use localhost there.)
 */
export const SYNC_HOST_MATCHES = ['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*'];

/**
 * The folder's URL, normalized to end in `/`. https everywhere; http only to
 * this machine (a test server, or a local rclone), because Basic auth over
 * plain http would show the password to the network. Credentials in the URL
 * itself are refused: they belong in the user and password fields.
 */
export function folderUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new SyncError('bad-url', 'The sync folder address is not a URL.');
  }
  if (url.username || url.password) throw new SyncError('bad-url', 'Put the user name and password in their own fields, not in the address.');
  const local = LOCAL_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    throw new SyncError('bad-url', 'The sync folder must be an https:// address (http:// only for localhost).');
  }
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

/** The origin pattern an optional host permission must grant for `raw` (for the options page). */
export function originPattern(raw: string): string {
  const url = folderUrl(raw);
  return `${url.protocol}//${url.hostname}/*`;
}

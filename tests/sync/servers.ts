/**
 * Real WebDAV servers for the sync tests, on 127.0.0.1 only, each on its own
 * port and folder in a temp dir: `rclone serve webdav` and Apache httpd with
 * mod_dav (a generated config, `-DFOREGROUND`). Both are Debian packages
 * (`apt-get install -y rclone apache2`; .ci/run installs them); without them
 * the tests fail and say so, they never skip.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type ServerKind = 'rclone' | 'apache';

export interface DavServer {
  kind: ServerKind;
  /** The server's root URL (`http://127.0.0.1:<port>/`). */
  root: string;
  /** Where the served folder lives on disk. */
  dir: string;
  user: string;
  password: string;
  stop(): Promise<void>;
}

// Debian's paths for the apache2 package; other systems point at their own httpd.
const APACHE = process.env.APACHE_PATH ?? '/usr/sbin/apache2';
const APACHE_MODULES = process.env.APACHE_MODULES ?? '/usr/lib/apache2/modules';

function which(binary: string): string | undefined {
  if (binary.startsWith('/')) return existsSync(binary) ? binary : undefined;
  const found = spawnSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

function missing(what: string): Error {
  return new Error(`${what} is not installed: run \`apt-get install -y rclone apache2\` (or .ci/run, which installs them).`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Waits (bounded) until the server answers anything at all. */
async function ready(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}): ${log()}`);
    try {
      await fetch(url, { method: 'OPTIONS', signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`the server did not start within 15 s: ${log()}`);
}

function stopper(child: ChildProcess, base: string): () => Promise<void> {
  // A run that dies before its afterAll must not leave a server behind.
  const orphan = () => child.kill('SIGKILL');
  process.once('exit', orphan);
  return async () => {
    process.off('exit', orphan);
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(base, { recursive: true, force: true });
  };
}

/** `rclone serve webdav` over a fresh folder, with Basic auth when `auth`. */
export async function startRclone(options: { auth?: boolean } = {}): Promise<DavServer> {
  const rclone = which('rclone');
  if (!rclone) throw missing('rclone');
  const base = mkdtempSync(join(tmpdir(), 'finews-rclone-'));
  const dir = join(base, 'root');
  mkdirSync(dir);
  const port = await freePort();
  const user = 'reader';
  const password = 'pa55-同步';
  // Bounded: a request that stalls is dropped (the defaults are an hour).
  const args = ['serve', 'webdav', dir, '--addr', `127.0.0.1:${port}`, '--config', join(base, 'rclone.conf'), '--log-level', 'ERROR', '--server-read-timeout', '60s', '--server-write-timeout', '120s'];
  if (options.auth) args.push('--user', user, '--pass', password);
  let log = '';
  const child = spawn(rclone, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const root = `http://127.0.0.1:${port}/`;
  await ready(root, child, () => log);
  return { kind: 'rclone', root, dir, user, password, stop: stopper(child, base) };
}

/** Apache httpd with mod_dav_fs over a fresh folder: `/` open, `/private/` behind Basic auth, `/forbidden/` denied. */
export async function startApache(): Promise<DavServer> {
  if (!which(APACHE) || !existsSync(join(APACHE_MODULES, 'mod_dav_fs.so'))) throw missing('Apache httpd with mod_dav (apache2)');
  const base = mkdtempSync(join(tmpdir(), 'finews-apache-'));
  const dir = join(base, 'root');
  mkdirSync(join(dir, 'private'), { recursive: true });
  mkdirSync(join(dir, 'forbidden'), { recursive: true });
  const port = await freePort();
  const user = 'reader';
  const password = 'pa55-同步';
  // {SHA} entries need no htpasswd binary: base64 of the password's SHA-1.
  writeFileSync(join(base, 'htpasswd'), `${user}:{SHA}${createHash('sha1').update(password).digest('base64')}\n`);
  // As root, httpd must drop to a user that can write the folder.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const id = spawnSync('id', ['-u', 'www-data'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'www-data'], { encoding: 'utf8' });
    if (id.status === 0) for (const path of [base, dir, join(dir, 'private'), join(dir, 'forbidden')]) chownSync(path, Number(id.stdout), Number(gid.stdout));
  }
  const mod = (name: string, file: string) => `LoadModule ${name} ${APACHE_MODULES}/${file}`;
  const conf = [
    `ServerRoot ${base}`,
    `Listen 127.0.0.1:${port}`,
    'ServerName 127.0.0.1',
    `PidFile ${base}/httpd.pid`,
    `ErrorLog ${base}/error.log`,
    'LogLevel warn',
    mod('mpm_event_module', 'mod_mpm_event.so'),
    mod('authz_core_module', 'mod_authz_core.so'),
    mod('authn_core_module', 'mod_authn_core.so'),
    mod('authn_file_module', 'mod_authn_file.so'),
    mod('authz_user_module', 'mod_authz_user.so'),
    mod('auth_basic_module', 'mod_auth_basic.so'),
    mod('dav_module', 'mod_dav.so'),
    mod('dav_fs_module', 'mod_dav_fs.so'),
    ...(asRoot ? ['User www-data', 'Group www-data'] : []),
    // Bounded: a request that stalls is dropped, a body is capped.
    'Timeout 20',
    'LimitRequestBody 104857600',
    `DavLockDB ${base}/davlock`,
    `DocumentRoot ${dir}`,
    `<Directory ${dir}>`,
    '  Dav On',
    '  Options None',
    '  AllowOverride None',
    '  Require all granted',
    '</Directory>',
    `<Directory ${dir}/private>`,
    '  AuthType Basic',
    '  AuthName finews',
    `  AuthUserFile ${base}/htpasswd`,
    '  Require valid-user',
    '</Directory>',
    `<Directory ${dir}/forbidden>`,
    '  Require all denied',
    '</Directory>',
  ].join('\n');
  writeFileSync(join(base, 'httpd.conf'), `${conf}\n`);
  let log = '';
  const child = spawn(APACHE, ['-f', join(base, 'httpd.conf'), '-DFOREGROUND'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const root = `http://127.0.0.1:${port}/`;
  await ready(root, child, () => log);
  return { kind: 'apache', root, dir, user, password, stop: stopper(child, base) };
}

export function startServer(kind: ServerKind): Promise<DavServer> {
  return kind === 'rclone' ? startRclone() : startApache();
}

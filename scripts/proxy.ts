/**
 * A local proxy that answers every request from a `sites` map, so a browser
 * that cannot intercept requests itself (stock Firefox over WebDriver BiDi)
 * still sees pages at their real addresses: http by absolute-URI requests,
 * https by CONNECT into a TLS server with a self-signed certificate made for
 * this run (the browser is told to accept it). Nothing reaches the network.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Served } from './chromium';

export interface SitesProxy {
  port: number;
  /** A PAC file that sends every request through this proxy. */
  pacUrl: string;
  /** Every request, in order: the address, and the Referer the browser sent (a web page's requests carry one). */
  requests: { url: string; referer: string }[];
  /** While true, every request is refused (the connection dropped), as with the network cut. */
  offline: boolean;
  close(): Promise<void>;
}

/** A key and certificate for this run only; `openssl` ships with every Debian/Ubuntu. */
function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'finews-cert-'));
  try {
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    // An EC key: generated in milliseconds, where RSA takes noticeably longer on a slow machine.
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
        '-subj', '/CN=finews-reader-tests', '-keyout', key, '-out', cert],
      { stdio: 'pipe' },
    );
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
  } catch (error) {
    throw new Error(`Could not make a test certificate with openssl (Debian/Ubuntu: \`apt-get install -y openssl\`): ${String(error)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startSitesProxy(sites: Map<string, Served>): Promise<SitesProxy> {
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };

  const answer = async (url: string, req: IncomingMessage, res: ServerResponse) => {
    proxy.requests.push({ url, referer: req.headers.referer ?? '' });
    if (proxy.offline) return res.socket?.destroy();
    const served = sites.get(url);
    if (!served) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not served in this run');
      return;
    }
    if (served.hang) return; // never answers: a body that never arrives
    if (served.delayMs) await new Promise((resolve) => setTimeout(resolve, served.delayMs));
    if (res.destroyed) return;
    res.writeHead(served.status ?? 200, { 'content-type': served.contentType, 'cache-control': 'no-store', ...served.headers }).end(served.body);
  };

  const { key, cert } = selfSignedCertificate();
  // Requests arriving inside a CONNECT tunnel name only their path; the Host header gives the rest.
  const tls = https.createServer({ key, cert }, (req: IncomingMessage, res: ServerResponse) => {
    void answer(`https://${(req.headers.host ?? '').replace(/:443$/, '')}${req.url}`, req, res);
  });
  tls.on('secureConnection', track);

  let pac = '';
  const server = http.createServer((req, res) => {
    if (req.url === '/proxy.pac') {
      res.writeHead(200, { 'content-type': 'application/x-ns-proxy-autoconfig' }).end(pac);
      return;
    }
    // A proxied request names its absolute address.
    void answer(req.url ?? '', req, res);
  });
  server.on('connection', track);
  server.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    track(socket);
    if (proxy.offline) {
      proxy.requests.push({ url: `https://${req.url}`, referer: '' });
      socket.destroy();
      return;
    }
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length) socket.unshift(head);
    tls.emit('connection', socket);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // This machine's own servers (a WebDAV folder a test started) are reached directly.
  pac = `function FindProxyForURL(url, host) { return host === "127.0.0.1" ? "DIRECT" : "PROXY 127.0.0.1:${port}"; }`;

  const proxy: SitesProxy = {
    port,
    pacUrl: `http://127.0.0.1:${port}/proxy.pac`,
    requests: [],
    offline: false,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      tls.close();
    },
  };
  return proxy;
}

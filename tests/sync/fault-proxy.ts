/**
 * A proxy on 127.0.0.1 in front of a real test server that can answer for
 * it: a status (403, 507…), a delay (a slow server), or a made-up body (a
 * hostile server), or a hold (the request waits, whole, until the test
 * lets it go on: a browser test stops the extension's worker while the
 * request is in flight). Everything else goes through unchanged. Bodies are
 * bounded (64 MB) and every request times out.
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';

export interface Fault {
  status?: number;
  delayMs?: number;
  body?: string;
  headers?: Record<string, string>;
  /** The request waits here, its body read, until this settles; then it goes on to the server whether or not its sender is still there. */
  hold?: Promise<void>;
  /** With `hold`: the server gets only the first half of the body, then the connection breaks (an upload cut short). */
  cut?: boolean;
}

export type FaultRule = (method: string, path: string) => Fault | undefined;

export interface FaultProxy {
  root: string;
  rule: FaultRule;
  /** Requests seen, as `METHOD path`. */
  seen: string[];
  stop(): Promise<void>;
}

const MAX_BODY = 64 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) req.destroy(new Error('body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const to = new URL(target);
  const proxy: FaultProxy = { root: '', rule: () => undefined, seen: [], stop: async () => undefined };
  const server: Server = createServer(async (req, res) => {
    const method = req.method ?? 'GET';
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    proxy.seen.push(`${method} ${path}`);
    const body = await readBody(req).catch(() => Buffer.alloc(0));
    const fault = proxy.rule(method, path);
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault?.hold) await fault.hold;
    if (res.destroyed && !fault?.hold) return;
    if (fault?.status || fault?.body !== undefined) {
      res.writeHead(fault.status ?? 200, { 'Content-Type': 'application/octet-stream', ...fault.headers });
      res.end(fault.body ?? '');
      return;
    }
    const forward = request(
      { host: to.hostname, port: to.port, method, path: req.url, headers: { ...req.headers, host: to.host }, timeout: 20_000 },
      (answer) => {
        // Its sender is gone (a held request): the server's answer is read and dropped.
        if (res.destroyed) return void answer.resume();
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => {
      if (res.destroyed) return;
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    if (fault?.cut) {
      // The declared length with half the bytes, then the connection breaks.
      forward.setHeader('content-length', String(body.length));
      forward.write(body.subarray(0, body.length >> 1), () => setTimeout(() => forward.destroy(), 100));
      return;
    }
    forward.end(body);
  });
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  proxy.root = `http://127.0.0.1:${port}/`;
  proxy.stop = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}

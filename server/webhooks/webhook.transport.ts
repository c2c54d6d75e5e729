import dns, { type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { hostnameToResolve, isLocalHostname, isPrivateAddress } from './webhook-target';

export interface PostResult {
  /** The response status; null when none came (refused, timed out, not allowed). */
  status: number | null;
  latencyMs: number;
  error: string | null;
}

export interface WebhookTransport {
  post(url: string, headers: Record<string, string>, body: string, options: { timeoutMs: number; allowPrivate: boolean }): Promise<PostResult>;
}

const RESPONSE_BYTES_READ = 64 * 1024;

/**
 * POSTs with node:http(s) rather than fetch because the address check must run on the
 * addresses the connection actually uses (a custom DNS lookup), which fetch does not expose.
 * Redirects are not followed: a 3xx is a failed attempt.
 */
export const httpTransport: WebhookTransport = {
  post(url, headers, body, { timeoutMs, allowPrivate }) {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    return new Promise<PostResult>((resolve) => {
      let settled = false;
      const timeout = new AbortController();
      const timer = setTimeout(() => timeout.abort(), timeoutMs);
      const finish = (status: number | null, error: string | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ status, latencyMs: elapsed(), error });
      };
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        finish(null, 'the URL is invalid');
        return;
      }
      const literal = target.hostname.replace(/^\[|\]$/g, '');
      if (!allowPrivate && (isLocalHostname(literal) || (!hostnameToResolve(target) && isPrivateAddress(literal)))) {
        finish(null, 'the URL points at a loopback or private address, which this server does not call');
        return;
      }
      const client = target.protocol === 'https:' ? https : http;
      const request = client.request(
        target,
        {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
          agent: false,
          signal: timeout.signal,
          lookup: allowPrivate ? undefined : publicOnlyLookup,
        },
        (response) => {
          let read = 0;
          // Read (and drop) the answer so the connection closes cleanly; a receiver's body means nothing here.
          response.on('data', (chunk: Buffer) => {
            read += chunk.length;
            if (read > RESPONSE_BYTES_READ) response.destroy();
          });
          response.on('close', () => {
            if (timeout.signal.aborted) return finish(null, `timed out after ${timeoutMs} ms`);
            const status = response.statusCode ?? null;
            finish(status, status !== null && status >= 200 && status < 300 ? null : `HTTP ${status ?? '?'}`);
          });
          response.on('error', () => finish(null, timeout.signal.aborted ? `timed out after ${timeoutMs} ms` : 'the response broke off'));
        },
      );
      request.on('error', (error: NodeJS.ErrnoException) => finish(null, timeout.signal.aborted ? `timed out after ${timeoutMs} ms` : describe(error)));
      request.end(body);
    });
  },
};

function describe(error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOTFOUND') return 'the host name does not resolve';
  return error.code ? `${error.code}: ${error.message}` : error.message;
}

/** A DNS lookup that refuses private addresses, so a public name cannot lead the server inward. */
function publicOnlyLookup(
  hostname: string,
  options: dns.LookupOptions,
  callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
): void {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    if (addresses.length === 0 || addresses.some((entry) => isPrivateAddress(entry.address))) {
      const refused: NodeJS.ErrnoException = new Error(`${hostname} resolves to a loopback or private address, which this server does not call`);
      refused.code = 'EPRIVATEADDRESS';
      return callback(refused, '', 0);
    }
    if (options.all) return callback(null, addresses);
    return callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}

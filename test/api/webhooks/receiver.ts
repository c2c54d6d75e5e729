import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature, type VerificationResult } from '../../../server/webhooks/webhook-signature';
import { sleep } from '../../support/polling';

export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  json: Record<string, unknown>;
  at: number;
  /** Checked against the receiver's secret at arrival, as a real receiver would. */
  verification: VerificationResult;
  answered: number;
}

/**
 * A real HTTP receiver on a free loopback port. `respond` decides each answer's status from
 * the running count of requests (1-based), so it can fail the first N times.
 */
export class LocalReceiver {
  readonly received: Received[] = [];
  secret = '';
  respond: (count: number) => number | Promise<number> = () => 200;
  private readonly server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const verification = verifyWebhookSignature({
        secret: this.secret,
        body,
        timestamp: request.headers['x-webhook-timestamp'] as string | undefined,
        signature: request.headers['x-webhook-signature'] as string | undefined,
      });
      const entry: Received = { headers: request.headers, body, json: JSON.parse(body) as Record<string, unknown>, at: Date.now(), verification, answered: 0 };
      this.received.push(entry);
      void Promise.resolve(this.respond(this.received.length)).then((status) => {
        entry.answered = status;
        response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'no');
      });
    });
  });

  static async start(): Promise<LocalReceiver> {
    const receiver = new LocalReceiver();
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  /** Waits until `count` requests arrived (or fails after the timeout). */
  async waitFor(count: number, timeoutMs = 10_000): Promise<Received[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} webhook requests, got ${this.received.length}`);
      await sleep(20);
    }
    return this.received;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

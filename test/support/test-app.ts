import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { CommandStartedEvent } from 'mongodb';
import type { Connection } from 'mongoose';
import { createApp, type PlatformApp } from '../../server/app';
import { isCatalogued } from '../../server/http/error-codes';
import type { PlatformEventSink } from '../../server/events/platform-events';
import { loadConfig, type Config } from '../../server/config';
import { createLogger } from '../../server/logger';
import { connectDatabase } from '../../server/store/connection';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
export const TEST_ADMIN_KEY = 'test-admin-key-0123456789abcdef';

export interface TestApp {
  url: string;
  config: Config;
  connection: Connection;
  platform: PlatformApp;
  databaseName: string;
  /** HTTP against the running app; `as` is a bearer token (defaults to the admin key). */
  request<T = unknown>(method: string, urlPath: string, options?: RequestOptions): Promise<TestResponse<T>>;
  /** Creates a user through the API and returns a session token for them. */
  createUserAndLogin(username: string, roles: string[], orgUnit?: string): Promise<string>;
  /**
   * Closes the app, then fails if any success answer (from `request`, a raw fetch or a browser)
   * did not match its declared schema and no test was told yet.
   */
  close(): Promise<void>;
}

export interface RequestOptions {
  body?: unknown;
  rawBody?: string;
  as?: string | null;
  headers?: Record<string, string>;
}

export interface TestResponse<T> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestAppOptions {
  /** Share a database with another test app (two instances, as two processes would). */
  databaseName?: string;
  eventSink?: PlatformEventSink;
  /** Collects the app's log lines instead of printing them. */
  logLines?: string[];
  /** Every command the app sends the database (the driver's command monitoring), e.g. to check a list's query against the indexes. */
  onCommand?: (event: CommandStartedEvent) => void;
}

let dataDirectory: string | undefined;

/**
 * A data folder for this test process (the decision spool lives there), so tests never write
 * into the project's data/ beside a developer's own `npm start`. Spool folders are per database.
 */
export function testDataDirectory(): string {
  dataDirectory ??= fs.mkdtempSync(path.join(os.tmpdir(), 'policy-platform-test-data-'));
  return dataDirectory;
}

/** The real app on a real database of its own, listening on a free loopback port. */
export async function startTestApp(environment: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI is not set: the jest global setup should have started a database');
  const databaseName = options.databaseName ?? `t_${randomBytes(6).toString('hex')}`;
  const config = loadConfig(
    { NODE_ENV: 'test', ADMIN_API_KEY: TEST_ADMIN_KEY, PASSWORD_HASH_COST: '14', LOG_LEVEL: 'silent', DATA_DIR: testDataDirectory(), ...environment },
    PROJECT_ROOT,
  );
  const connection = await connectDatabase(uri, { databaseName, monitorCommands: Boolean(options.onCommand) });
  if (options.onCommand) connection.getClient().on('commandStarted', options.onCommand);
  const logger = createLogger(config.logLevel, options.logLines ? { write: (line: string) => options.logLines!.push(line) } : undefined);
  const platform = await createApp({ config, connection, logger, projectRoot: PROJECT_ROOT, eventSink: options.eventSink });
  await platform.bootstrap(() => undefined);
  const server = http.createServer(platform.listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // How many of the response checker's mismatches a request already threw for; close() reports the rest.
  let reported = 0;
  const request = async <T>(method: string, urlPath: string, options: RequestOptions = {}): Promise<TestResponse<T>> => {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.as === undefined ? TEST_ADMIN_KEY : options.as;
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(url + urlPath, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    // Every success answer is checked against its declared schema (VALIDATE_RESPONSES, on in tests); a mismatch fails the calling test here, whatever it expected.
    if (response.status === 500 && (parsed as { error?: { code?: string } } | undefined)?.error?.code === 'response_schema_mismatch') {
      reported = platform.responseChecker?.mismatches.length ?? 0;
      throw new Error(`${method} ${urlPath} answered with a body its declared response schema refuses:\n${text}`);
    }
    // Error codes come from one catalogue, each with its status: a test meeting another fails here.
    const code = (parsed as { error?: { code?: unknown } } | undefined)?.error?.code;
    if (response.status >= 400 && typeof code === 'string' && !isCatalogued(code, response.status)) {
      throw new Error(`${method} ${urlPath} answered ${response.status} ${code}, which server/http/error-codes.ts does not give that status:\n${text}`);
    }
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  };

  return {
    url,
    config,
    connection,
    platform,
    databaseName,
    request,
    async createUserAndLogin(username, roles, orgUnit = 'HQ') {
      const created = await request('POST', '/api/v1/users', { body: { username, password: TEST_PASSWORD, roles, orgUnit } });
      if (created.status !== 201) throw new Error(`creating ${username} failed: ${created.text}`);
      const login = await request<{ token: string }>('POST', '/api/v1/auth/login', { body: { username, password: TEST_PASSWORD }, as: null });
      if (login.status !== 200) throw new Error(`login of ${username} failed: ${login.text}`);
      return login.body.token;
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await platform.close();
      await connection.dropDatabase().catch(() => undefined);
      await connection.close();
      const unreported = platform.responseChecker?.mismatches.slice(reported) ?? [];
      if (unreported.length > 0) {
        throw new Error(
          `Answers that do not match their declared response schemas:\n${unreported.map((mismatch) => `${mismatch.status} ${mismatch.route}: ${JSON.stringify(mismatch.details)}`).join('\n')}`,
        );
      }
    },
  };
}

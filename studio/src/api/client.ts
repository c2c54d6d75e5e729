import type { ErrorResponse, ProgressLine } from './types';

export type ErrorDetail = ErrorResponse['error']['details'][number] & Record<string, unknown>;

/** An API failure as the server described it: status, stable code, field-level details. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly requestId?: string,
  ) {
    super(message);
  }

  get isConflict(): boolean {
    return this.status === 409;
  }

  /** Details whose path starts with the prefix (e.g. /body/ruleSet/rules/0). */
  detailsUnder(prefix: string): ErrorDetail[] {
    return this.details.filter((detail) => (detail.path ?? '').startsWith(prefix));
  }
}

/** Where the API is: same origin, so the session cookie goes with every call and every link. */
export const API_BASE = '/api/v1';

/** Listeners hear about 401s so the app can send the user back to the login page. */
const unauthenticatedListeners = new Set<() => void>();
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

/** True for the rejection of a call its caller cancelled (a newer request superseded it): nothing to show. */
export function isAborted(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/**
 * The one place the studio calls the API. The session travels in the HttpOnly cookie set at
 * login, so no token is kept in JavaScript. A list passes `signal` so a newer filter can cancel
 * the older request: the cancelled call rejects with an AbortError (see isAborted), never with
 * the older rows.
 */
export async function api<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, {
      method,
      signal,
      credentials: 'same-origin',
      // X-Requested-With marks the call as the studio's own: the server refuses cookie-authenticated changes without it or JSON (CSRF).
      headers: { accept: 'application/json', 'x-requested-with': 'pp-studio', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    if (isAborted(error)) throw error;
    throw new ApiError(0, 'network_error', `The server could not be reached (${(error as Error).message})`);
  }
  const text = await response.text();
  // An answer that arrives after its caller gave up on it is dropped here, before anyone sees it.
  signal?.throwIfAborted();
  const parsed = parseJson(text);
  if (!response.ok) throw failure(method, path, response.status, parsed);
  return parsed as T;
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** The ApiError of a failed answer (its envelope when it has one); a 401 also tells the listeners. */
function failure(method: string, path: string, status: number, parsed: unknown): ApiError {
  const envelope = (parsed as Partial<ErrorResponse> | undefined)?.error;
  if (status === 401 && path !== '/auth/login') unauthenticatedListeners.forEach((listener) => listener());
  return new ApiError(
    status,
    envelope?.code ?? 'http_error',
    envelope?.message ?? `${method} ${path} failed with HTTP ${status}`,
    (envelope?.details ?? []) as ErrorDetail[],
    envelope?.requestId,
  );
}

/** One progress line of a streamed answer (schemas/studio/progress-line.json). */
export type Progress = ProgressLine['progress'];

/**
 * A call whose answer streams its progress (Accept: application/x-ndjson): `onProgress` hears each
 * progress line as it arrives, and the call resolves with the result line. A refusal before the work
 * started is an ordinary error answer; one after it is the stream's last line. Aborting `signal`
 * closes the connection, which stops the work on the server too.
 */
export async function apiWithProgress<T>(path: string, body: unknown, onProgress: (progress: Progress) => void, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, {
      method: 'POST',
      signal,
      credentials: 'same-origin',
      headers: { accept: 'application/x-ndjson', 'x-requested-with': 'pp-studio', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch (error) {
    if (isAborted(error)) throw error;
    throw new ApiError(0, 'network_error', `The server could not be reached (${(error as Error).message})`);
  }
  if (!response.ok || !(response.headers.get('content-type') ?? '').startsWith('application/x-ndjson') || !response.body) {
    const parsed = parseJson(await response.text());
    signal?.throwIfAborted();
    if (!response.ok) throw failure('POST', path, response.status, parsed);
    return parsed as T;
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    signal?.throwIfAborted();
    if (done) break;
    buffered += value;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.trim()) continue;
      const parsed = JSON.parse(line) as { progress?: Progress; result?: T; error?: unknown };
      if (parsed.progress) onProgress(parsed.progress);
      else if ('result' in parsed) return parsed.result as T;
      else if (parsed.error) throw failure('POST', path, 500, parsed);
    }
  }
  throw new ApiError(0, 'network_error', `POST ${path} ended before its result arrived`);
}

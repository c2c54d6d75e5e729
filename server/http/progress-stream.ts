import type { Request, Response } from 'express';

/** How far a long request has got: `done` of `total` in its current phase (schemas/studio/progress-line.json). */
export interface Progress {
  phase: string;
  done: number;
  total: number;
}

/** What a route's work calls as it goes; a no-op when the client asked for plain JSON. */
export type ProgressReporter = (progress: Progress) => void;

export const NDJSON = 'application/x-ndjson';

/** At most one progress line per this many milliseconds within a phase (a phase's first and last report always go). */
const THROTTLE_MS = 250;

/** True when the client asks for the streamed answer (Accept: application/x-ndjson). */
export function wantsProgress(request: Request): boolean {
  return (request.headers.accept ?? '').split(',').some((type) => type.trim().split(';')[0]!.trim().toLowerCase() === NDJSON);
}

/**
 * The streamed answer of a route that reports progress: NDJSON lines `{"progress": …}`, then one
 * `{"result": …}` or `{"error": <envelope>}`. The status and headers are sent with the first
 * progress line, not before: whatever the route refuses before it starts working (validation,
 * access, a missing version) is still an ordinary JSON error with its own status.
 */
export class ProgressStream {
  private last: Progress | undefined;
  private lastWrite = 0;

  constructor(
    private readonly response: Response,
    /** Checks each progress line against its schema (tests, VALIDATE_RESPONSES). */
    private readonly check: (line: unknown) => void = () => undefined,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get started(): boolean {
    return this.last !== undefined;
  }

  readonly report: ProgressReporter = (progress) => {
    if (this.response.writableEnded || this.response.destroyed) return;
    const line = { phase: progress.phase, done: Math.min(progress.done, progress.total), total: progress.total };
    const previous = this.last;
    if (previous && previous.phase === line.phase && previous.done === line.done && previous.total === line.total) return;
    const boundary = !previous || previous.phase !== line.phase || line.done === line.total;
    if (!boundary && this.now() - this.lastWrite < THROTTLE_MS) return;
    if (!previous) {
      this.response.status(200);
      this.response.setHeader('content-type', `${NDJSON}; charset=utf-8`);
      // Proxies must pass each line on as it comes rather than hold the answer back.
      this.response.setHeader('cache-control', 'no-store');
      this.response.setHeader('x-accel-buffering', 'no');
    }
    this.write({ progress: line });
    this.last = line;
    this.lastWrite = this.now();
  };

  /** The last line: the route's result. */
  finish(result: unknown): void {
    this.write({ result });
    this.response.end();
  }

  /** The last line when the work failed after the stream started: the error envelope the JSON answer would have had. */
  fail(envelope: { error: unknown }): void {
    if (this.response.writableEnded || this.response.destroyed) return;
    this.write(envelope);
    this.response.end();
  }

  private write(line: unknown): void {
    if ('progress' in (line as object)) this.check(line);
    this.response.write(`${JSON.stringify(line)}\n`);
  }
}

/** Aborted when the client goes away before the answer is complete, so the work can stop rather than run for no one. */
export function clientGone(response: Response): AbortSignal {
  const controller = new AbortController();
  response.on('close', () => {
    if (!response.writableFinished) controller.abort(new DOMException('The client closed the connection', 'AbortError'));
  });
  return controller.signal;
}

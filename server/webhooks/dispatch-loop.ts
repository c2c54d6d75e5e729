import type { Logger } from '../logger';

/** The name the delivery job will carry once it runs under Agenda (server/jobs). */
export const WEBHOOK_DELIVERY_JOB = 'webhooks.deliver';

/**
 * Runs a pass every `intervalMs`, and promptly after `kick()` (a publish in this process), never
 * two passes at once in one process. Until the Agenda scheduler lands this loop is what runs
 * the dispatcher in `npm start` and in the worker; then the pass becomes the handler of an
 * Agenda job named WEBHOOK_DELIVERY_JOB and this loop keeps only the prompt kicks.
 */
export class DispatchLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;

  constructor(
    private readonly pass: () => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.intervalMs <= 0 || !this.stopped) return;
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.intervalMs);
    this.timer.unref();
    this.kick();
  }

  /** Asks for a pass soon; a kick during a pass runs one more right after it. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.runPasses().finally(() => {
      this.running = undefined;
    });
  }

  /** Stops the timer and waits for a pass in progress, so nothing writes after close. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async runPasses(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.pass();
      } catch (error) {
        this.logger.error({ err: error }, 'webhook dispatch pass failed');
      }
    } while (this.again && !this.stopped);
  }
}

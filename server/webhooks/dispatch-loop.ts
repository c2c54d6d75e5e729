import type { Logger } from '../logger';

/**
 * Runs a pass every `intervalMs`, and promptly after `kick()` (a publish in this process), never
 * two passes at once in one process. Deliveries are not an Agenda job on purpose: a pass every
 * few seconds would add a job-run record each time and drown the job list, and a publish should
 * go out at once rather than at the next poll. Every process may run the loop; the dispatcher's
 * claims (a transition claim per delivery and claim version, see DeliveryStore.claim) make sure two processes
 * never send the same attempt (test/api/webhooks/dispatch.test.ts races two dispatchers).
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

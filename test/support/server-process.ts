import { spawn, type ChildProcess } from 'node:child_process';
import { PROJECT_ROOT, testDataDirectory } from './test-app';

export interface ServerProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or the signal name). */
  exited: Promise<number | string>;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

/**
 * Runs `server/main.ts` exactly as `npm start` does, with the given environment; benchmarks may
 * add Node flags and run another checkout of the project (`root`) to compare before and after.
 */
export function startServerProcess(environment: Record<string, string>, nodeFlags: string[] = [], root = PROJECT_ROOT): ServerProcess {
  return startNodeProcess('server/main.ts', environment, nodeFlags, root);
}

/** Runs `server/worker.ts`, the scheduled-work process docker-compose runs beside the server. */
export function startWorkerProcess(environment: Record<string, string>): ServerProcess {
  return startNodeProcess('server/worker.ts', environment);
}

/** One of the project's entry files (relative to `root`) as its own Node process, its output collected. */
export function startNodeProcess(entry: string, environment: Record<string, string>, nodeFlags: string[] = [], root = PROJECT_ROOT): ServerProcess {
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', entry], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'test', LOG_LEVEL: 'info', DATA_DIR: testDataDirectory(), ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  return {
    child,
    output: () => output,
    exited,
    async waitForOutput(pattern, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(output)) {
        if (child.exitCode !== null) throw new Error(`${entry} exited (${child.exitCode}) before printing ${pattern}:\n${output}`);
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

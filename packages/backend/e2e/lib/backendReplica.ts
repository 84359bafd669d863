import { ChildProcess, spawn } from 'child_process';
import fs from 'fs';
import path from 'path';

const BACKEND_DIR = path.resolve(__dirname, '../..');

export interface Replica {
  name: string;
  port: number;
  pid: number;
  logFile: string;
  /** How the process ended: its exit code, or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  alive(): boolean;
  log(): string;
}

/**
 * Starts this package's backend — every plugin the product ships with — as a process of
 * its own, with the given config files and its output in `logFile`.
 */
export function startReplica(options: {
  name: string;
  port: number;
  configFiles: string[];
  logDir: string;
}): Replica {
  const logFile = path.join(options.logDir, `${options.name}.log`);
  const out = fs.openSync(logFile, 'a');
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      'src/index.ts',
      ...options.configFiles.flatMap(file => ['--config', file]),
    ],
    {
      cwd: BACKEND_DIR,
      env: { ...process.env, NODE_ENV: 'development', FORCE_COLOR: '0' },
      stdio: ['ignore', out, out],
    },
  );
  fs.closeSync(out);
  let running = true;
  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
  }>(resolve =>
    child.on('exit', (code, signal) => {
      running = false;
      resolve({ code, signal });
    }),
  );
  return {
    name: options.name,
    port: options.port,
    pid: child.pid!,
    logFile,
    exited,
    alive: () => running,
    log: () => fs.readFileSync(logFile, 'utf8'),
  };
}

/** Resolves once the replica's MLOps maturity API answers; fails if the process ends first. */
export async function waitUntilServing(
  replica: Replica,
  token: string,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (!replica.alive()) {
      throw new Error(
        `replica ${replica.name} exited while starting:\n${replica
          .log()
          .slice(-4000)}`,
      );
    }
    try {
      const response = await fetch(
        `http://127.0.0.1:${replica.port}/api/mlops-maturity/status`,
        { headers: { Authorization: `Bearer ${token}` } },
      );
      if (response.ok) {
        return;
      }
      last = `HTTP ${response.status}: ${(await response.text()).slice(
        0,
        300,
      )}`;
    } catch (error) {
      // Not listening yet.
      last = String(error);
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  throw new Error(
    `replica ${
      replica.name
    } did not serve within ${timeoutMs} ms (last: ${last}):\n${replica
      .log()
      .slice(-4000)}`,
  );
}

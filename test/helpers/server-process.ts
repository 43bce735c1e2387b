import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/**
 * The real hall server as a child process, the way a hall runs it: for tests that kill it
 * with SIGKILL, read its logs, or restart it on the same data folder.
 */

export const ROOT = path.join(__dirname, '..', '..');
const MAIN = path.join(ROOT, 'server', 'src', 'main.ts');

/**
 * How the server is launched. `--require tsx/cjs` registers tsx's CommonJS hook only
 * (main.ts is CommonJS), skipping the ESM loader thread of `--import tsx`: the same
 * transpiler and the same code, but a start-up about 0.3 s shorter, which the crash loop
 * pays a hundred times. HALLQ_TEST_LAUNCHER=import switches back to `--import tsx`.
 */
export function serverArgs(): string[] {
  return process.env.HALLQ_TEST_LAUNCHER === 'import'
    ? ['--import', 'tsx', MAIN]
    : ['--require', 'tsx/cjs', MAIN];
}

/** A port that was free a moment ago (the kernel picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Everything the process wrote, stdout and stderr, as bytes. */
  output(): Buffer;
  /** When it was spawned (performance.now()). */
  spawnedAt: number;
}

export function spawnServer(
  dataDir: string,
  port: number,
  env: Record<string, string> = {},
): ServerProcess {
  return launch(serverArgs(), dataDir, port, env);
}

/**
 * A server whose code is loaded but which has not started yet (test/durability/
 * test/helpers/prewarmed-server.ts): `start()` lets it go and returns it, with `spawnedAt` set then.
 */
export interface WarmServer {
  child: ChildProcess;
  start(): ServerProcess;
}

export function prewarmServer(
  dataDir: string,
  port: number,
  env: Record<string, string> = {},
): WarmServer {
  const args = [...serverArgs().slice(0, -1), path.join(__dirname, 'prewarmed-server.ts')];
  const server = launch(args, dataDir, port, env, 'pipe');
  return {
    child: server.child,
    start: () => {
      server.child.stdin?.write('go\n');
      server.spawnedAt = performance.now();
      return server;
    },
  };
}

function launch(
  args: string[],
  dataDir: string,
  port: number,
  env: Record<string, string>,
  stdin: 'ignore' | 'pipe' = 'ignore',
): ServerProcess {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      HALLQ_DATA: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      HALLQ_DEMO: '1',
      HALLQ_PII_KEY: '',
      ...env,
    },
    stdio: [stdin, 'pipe', 'pipe'],
  });
  const chunks: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk));
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    output: () => Buffer.concat(chunks),
    spawnedAt: performance.now(),
  };
}

/** Kills the process with SIGKILL (if still running) and resolves once it has exited. */
export function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  return exited;
}

/** Stops the process with SIGTERM (a clean shutdown), SIGKILL after a grace period. */
export async function stopGently(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Resolves when /api/health answers; fails when the process exits first or time runs out. */
export async function waitHealthy(server: ServerProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      throw new Error(
        `the server exited (${server.child.exitCode ?? server.child.signalCode}) before it was up:\n${server
          .output()
          .toString('utf8')
          .slice(-4000)}`,
      );
    }
    try {
      const res = await fetch(`${server.url}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) {
        await res.arrayBuffer();
        return;
      }
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 15));
  }
  throw new Error(`the server did not come up within ${timeoutMs} ms`);
}

export interface DemoDevice {
  kind: string;
  name: string;
  windowId: string | null;
  token: string;
}

export function demoDevices(dataDir: string): DemoDevice[] {
  return JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-devices.json'), 'utf8'));
}

export function isNetworkError(error: unknown): boolean {
  return error instanceof Error && !(error instanceof SyntaxError);
}

export interface Answer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A JSON call with a time limit; throws on a network failure (the server died). */
export async function call<T = any>(
  url: string,
  method: string,
  route: string,
  token?: string,
  body?: unknown,
): Promise<Answer<T>> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${url}${route}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
}

/**
 * npm run bench:server: the hall server under load, measured side by side in one run on
 * this machine (issue 7, promise 8). Loopback only; every phase is bounded and the run
 * stops by itself.
 *
 * 1. The raw SQLite commit rate of this disk: single-row INSERT transactions in WAL with
 *    synchronous=FULL, the ceiling for durable tickets.
 * 2. Durable tickets per second over HTTP (kiosk POST /api/tickets, each answered only after
 *    its transaction is on disk), with p50/p99 latency; then p50/p99 at a paced 2,000/s.
 * 3. Call-to-display latency: 200 and then 1,000 socket.io display clients connected while
 *    55 clerks call (steadily, and all at once), from the clerk's request to each client
 *    receiving `ticket.called`.
 * 4. Server memory (RSS from /proc/PID/status) with 5,000 idle socket.io clients.
 *
 * The server runs as a child process (node --require tsx/cjs server/src/main.ts, demo
 * mode, a fresh temp data folder per phase); the display clients live in two worker
 * processes. Everything shares this machine's cores, so the clients' own work is inside
 * the figures. Options: --seconds N (length of the HTTP phases, default 4), --quick,
 * --only issue,display,idle (some phases), --issue 1,8,32,paced (some of the issue runs),
 * --idle N (idle clients); HALLQ_BENCH_PROFILE=DIR makes each server write a CPU profile
 * into DIR. The issue runs use a lean keep-alive client (LeanClient) and print its own CPU
 * per ticket next to the server's.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { loadHallConfig } from '../../server/src/hall-config-file';
import { LeanClient } from './lean-http';

const ROOT = path.join(__dirname, '..', '..');
const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const SECONDS = flag('seconds', QUICK ? 2 : 4);
const DISPLAY_COUNTS = QUICK ? [50, 200] : [200, 1000];
const IDLE_CLIENTS = flag('idle', QUICK ? 500 : 5000);
const CLERKS = 55;
const onlyAt = args.indexOf('--only');
const ONLY = onlyAt >= 0 ? (args[onlyAt + 1] ?? '').split(',') : ['issue', 'display', 'idle'];
const issueAt = args.indexOf('--issue');
/** Which issue runs: any number of requests in flight (closed loop; 1, 8, 32 by default) and paced. */
const ISSUE_RUNS = issueAt >= 0 ? (args[issueAt + 1] ?? '').split(',') : ['1', '8', '32', 'paced'];

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (text: string) => process.stdout.write(`${text}\n`);

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}
const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)} ms` : 'n/a');
const tempDir = (label: string) => fs.mkdtempSync(path.join(os.tmpdir(), `hallq-bench-${label}-`));

// ---- 1. the disk's commit rate ----------------------------------------------------------

function rawCommitRate(seconds: number): number {
  const dir = tempDir('raw');
  const db = new Database(path.join(dir, 'raw.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, data TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO t (at, data) VALUES (?, ?)');
    const one = db.transaction((at: number) => insert.run(at, 'x'.repeat(300)));
    const end = performance.now() + seconds * 1000;
    let commits = 0;
    while (performance.now() < end) {
      one(Date.now());
      commits += 1;
    }
    return commits / seconds;
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ---- the server as a child process --------------------------------------------------------

interface Server {
  child: ChildProcess;
  port: number;
  dataDir: string;
  kiosk: string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Answers are read loosely: the benchmark checks statuses and a few fields. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/**
 * One request on a kept-alive connection. Node's documented race: the server may close an
 * idle connection just as it is reused; such a request never reached the server, and is
 * sent again on a fresh connection.
 */
async function request(
  port: number,
  method: string,
  route: string,
  token?: string,
  body?: unknown,
): Promise<{ status: number; body: Json }> {
  try {
    return await requestOnce(port, method, route, token, body);
  } catch (error) {
    if ((error as { reusedSocket?: boolean }).reusedSocket)
      return requestOnce(port, method, route, token, body);
    throw error;
  }
}

function requestOnce(
  port: number,
  method: string,
  route: string,
  token?: string,
  body?: unknown,
): Promise<{ status: number; body: Json }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: route,
        agent,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(payload
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
            : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null });
        });
        res.on('error', reject);
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('request timed out')));
    req.on('error', (error: Error & { reusedSocket?: boolean }) => {
      const code = (error as { code?: string }).code;
      error.reusedSocket = req.reusedSocket && (code === 'ECONNRESET' || code === 'EPIPE');
      reject(error);
    });
    req.end(payload);
  });
}

async function startServer(label: string): Promise<Server> {
  const dataDir = tempDir(label);
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      // HALLQ_BENCH_PROFILE=DIR: each server writes a CPU profile there when it stops.
      ...(process.env.HALLQ_BENCH_PROFILE
        ? ['--cpu-prof', '--cpu-prof-dir', process.env.HALLQ_BENCH_PROFILE]
        : []),
      '--require',
      'tsx/cjs',
      path.join(ROOT, 'server', 'src', 'main.ts'),
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        HALLQ_DATA: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
        HALLQ_DEMO: '1',
        HALLQ_PII_KEY: '',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const deadline = performance.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`the ${label} server exited with ${child.exitCode}`);
    if (performance.now() > deadline) throw new Error(`the ${label} server did not start`);
    try {
      if ((await request(port, 'GET', '/api/health')).status === 200) break;
    } catch {
      // not up yet
    }
    await sleep(50);
  }
  const devices = JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-devices.json'), 'utf8')) as {
    kind: string;
    token: string;
  }[];
  const kiosk = devices.find((d) => d.kind === 'kiosk')?.token ?? '';
  return { child, port, dataDir, kiosk };
}

async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode === null && server.child.signalCode === null) {
    const exited = new Promise((r) => server.child.once('exit', r));
    server.child.kill('SIGTERM');
    const timer = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  fs.rmSync(server.dataDir, { recursive: true, force: true });
}

/**
 * CPU time a process has used (user + system, /proc/PID/stat, clock ticks of 10 ms), in ms:
 * on a machine others are loading, the server's CPU per ticket moves much less than its rate.
 */
function cpuMsOf(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/** Resident memory of a process, from /proc (Linux), in MB: now and the peak. */
function memoryOf(pid: number): { rss: number; peak: number } {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) =>
      Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  } catch {
    return { rss: NaN, peak: NaN };
  }
}

// ---- 2. durable tickets over HTTP -----------------------------------------------------------

/** Every service of the reference hall, in turn. */
const SERVICES = loadHallConfig().services.map((s) => s.id);

let requestCounter = 0;

/**
 * One kiosk press. Issued: a 201 whose body names the new ticket (the server sends it only
 * after the ticket's transaction is on disk); anything else, or no answer in 30 s, is not.
 */
async function issue(
  server: Server,
  client: LeanClient,
): Promise<{ ok: boolean; latency: number }> {
  requestCounter += 1;
  const body = JSON.stringify({
    serviceId: SERVICES[requestCounter % SERVICES.length],
    channel: 'kiosk',
    requestId: `bench-${requestCounter}-${process.pid}`,
  });
  const started = performance.now();
  try {
    const res = await client.post('/api/tickets', server.kiosk, body);
    const ok = res.status === 201 && typeof res.body?.id === 'string';
    return { ok, latency: performance.now() - started };
  } catch {
    return { ok: false, latency: performance.now() - started }; // timed out or cut: refused
  }
}

interface IssueFigures {
  perSecond: number;
  issued: number;
  p50: number;
  p99: number;
  failed: number;
  /** The server's CPU time per ticket issued, in µs. */
  cpuUs?: number;
  /** The load generator's own CPU time (this process) per ticket issued, in µs. */
  clientCpuUs?: number;
}

function figures(latencies: number[], ok: number, failed: number, seconds: number): IssueFigures {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    perSecond: ok / seconds,
    issued: ok,
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    failed,
  };
}

/** As fast as `concurrency` kiosks can go, each waiting for its answer. */
async function closedLoop(
  server: Server,
  client: LeanClient,
  concurrency: number,
  seconds: number,
): Promise<IssueFigures> {
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const result = await issue(server, client);
        latencies.push(result.latency);
        if (result.ok) ok += 1;
        else failed += 1;
      }
    }),
  );
  return figures(latencies, ok, failed, seconds);
}

/** Requests started at a fixed rate whatever the answers do (open loop): latency at that load. */
async function paced(
  server: Server,
  client: LeanClient,
  perSecond: number,
  seconds: number,
): Promise<IssueFigures> {
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  const total = Math.round(perSecond * seconds);
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  let open = 0;
  for (let i = 0; i < total; i += 1) {
    const due = started + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    // A server that cannot keep up: stop offering more than a thousand at once.
    if (open >= 1000) {
      failed += 1;
      continue;
    }
    open += 1;
    inFlight.push(
      issue(server, client).then((result) => {
        open -= 1;
        latencies.push(result.latency);
        if (result.ok) ok += 1;
        else failed += 1;
      }),
    );
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - started) / 1000;
  return figures(latencies, ok, failed, elapsed);
}

// ---- 3. call-to-display -----------------------------------------------------------------------

interface Worker {
  child: ChildProcess;
  ask<T>(message: unknown, answer: string): Promise<T>;
}

function startWorker(): Worker {
  const child = fork(path.join(__dirname, 'display-clients.ts'), [], {
    execArgv: ['--require', 'tsx/cjs'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return {
    child,
    ask: <T>(message: unknown, answer: string) =>
      new Promise<T>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`worker: no ${answer} within 120 s`)),
          120_000,
        );
        const listener = (reply: { type: string }) => {
          if (reply.type !== answer) return;
          clearTimeout(timer);
          child.off('message', listener);
          resolve(reply as T);
        };
        child.on('message', listener);
        child.send(message as object);
      }),
  };
}

/** Connects `count` more clients; resolves with how many all workers hold now. */
async function connectDisplays(
  workers: Worker[],
  port: number,
  count: number,
  lean = false,
): Promise<number> {
  const share = Math.ceil(count / workers.length);
  const answers = await Promise.all(
    workers.map((w, i) =>
      w.ask<{ count: number; failed: number }>(
        {
          type: 'connect',
          url: `http://127.0.0.1:${port}`,
          count: Math.max(0, Math.min(share, count - i * share)),
          lean,
        },
        'connected',
      ),
    ),
  );
  return answers.reduce((sum, a) => sum + a.count, 0);
}

async function collectCalls(workers: Worker[]): Promise<Map<string, number[]>> {
  const merged = new Map<string, number[]>();
  for (const w of workers) {
    const { calls } = await w.ask<{ calls: Record<string, number[]> }>(
      { type: 'report' },
      'report',
    );
    for (const [ticketId, times] of Object.entries(calls))
      merged.set(ticketId, [...(merged.get(ticketId) ?? []), ...times]);
  }
  return merged;
}

interface Clerk {
  windowId: string;
  token: string;
}

async function loginClerks(server: Server): Promise<Clerk[]> {
  const clerks: Clerk[] = [];
  for (let n = 1; n <= CLERKS; n += 1) {
    const windowId = `w${String(n).padStart(2, '0')}`;
    const res = await request(server.port, 'POST', '/api/auth/login', undefined, {
      username: `clerk${String(n).padStart(2, '0')}`,
      password: 'demo',
      windowId,
    });
    if (res.status !== 200) throw new Error(`login at ${windowId}: ${res.status}`);
    clerks.push({ windowId, token: res.body.token });
  }
  return clerks;
}

/** Enough waiting tickets for every window's own service. */
async function fillQueues(server: Server, perWindow: number): Promise<void> {
  const config = (await request(server.port, 'GET', '/api/hall/config')).body as {
    windows: { services: string[] }[];
  };
  const wanted: string[] = [];
  for (let i = 0; i < perWindow; i += 1)
    for (const w of config.windows) wanted.push(w.services[0] as string);
  for (let i = 0; i < wanted.length; i += 16) {
    await Promise.all(
      wanted.slice(i, i + 16).map((serviceId) =>
        request(server.port, 'POST', '/api/tickets', server.kiosk, {
          serviceId,
          channel: 'kiosk',
        }),
      ),
    );
  }
}

interface CallFigures {
  calls: number;
  deliveries: number;
  expected: number;
  p50: number;
  p99: number;
  max: number;
  /** Median over calls of the first display's latency: the path before the fan-out. */
  firstP50: number;
}

/** ticketId → when the clerk's request left; latency = receipt − that, per client. */
function callFigures(
  sent: Map<string, number>,
  received: Map<string, number[]>,
  clients: number,
): CallFigures {
  const latencies: number[] = [];
  const firsts: number[] = [];
  for (const [ticketId, at] of sent) {
    const times = received.get(ticketId) ?? [];
    for (const t of times) latencies.push(t - at);
    if (times.length > 0) firsts.push(Math.min(...times) - at);
  }
  latencies.sort((a, b) => a - b);
  firsts.sort((a, b) => a - b);
  return {
    firstP50: quantile(firsts, 0.5),
    calls: sent.size,
    deliveries: latencies.length,
    expected: sent.size * clients,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    max: latencies[latencies.length - 1] ?? NaN,
  };
}

/** A clerk's key press; a failed request (timed out) counts as no call. */
async function press(
  server: Server,
  clerk: Clerk,
  action: string,
): Promise<{ status: number; body: Json }> {
  try {
    return await request(
      server.port,
      'POST',
      `/api/windows/${clerk.windowId}/${action}`,
      clerk.token,
    );
  } catch {
    return { status: 0, body: null };
  }
}

/** Each clerk calls at random, on average every `meanGapMs`, and finishes a moment later. */
async function steadyCalls(
  server: Server,
  clerks: Clerk[],
  seconds: number,
  meanGapMs: number,
): Promise<Map<string, number>> {
  const sent = new Map<string, number>();
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    clerks.map(async (clerk) => {
      // Calls as a Poisson process: exponential gaps, the same rate from the first second.
      const gap = () => -Math.log(1 - Math.random()) * meanGapMs;
      for (let due = performance.now() + gap(); due < end; due = performance.now() + gap()) {
        await sleep(due - performance.now());
        const at = now();
        const res = await press(server, clerk, 'next');
        if (res.status === 200) sent.set(res.body.ticket.id, at);
        await sleep(100);
        if (res.status === 200) await press(server, clerk, 'finish');
      }
    }),
  );
  return sent;
}

/** All 55 clerks press next in the same instant, `rounds` times: the worst burst. */
async function burstCalls(
  server: Server,
  clerks: Clerk[],
  rounds: number,
): Promise<Map<string, number>> {
  const sent = new Map<string, number>();
  for (let round = 0; round < rounds; round += 1) {
    await Promise.all(
      clerks.map(async (clerk) => {
        const at = now();
        const res = await press(server, clerk, 'next');
        if (res.status === 200) sent.set(res.body.ticket.id, at);
      }),
    );
    await sleep(1500);
    await Promise.all(clerks.map((clerk) => press(server, clerk, 'finish')));
    await sleep(500);
  }
  return sent;
}

// ---- the run ------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const results: Record<string, unknown> = {};
  log(
    `hallq server benchmark: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, node ${process.version}, data in ${os.tmpdir()}`,
  );

  log('\n1. raw SQLite commit rate (WAL, synchronous=FULL, one INSERT per transaction)');
  const rawBefore = rawCommitRate(3);
  log(`   ${rawBefore.toFixed(0)} commits/s`);

  if (ONLY.includes('issue')) await issuePhase(results, rawBefore);
  if (ONLY.includes('display')) await displayPhase(results);
  if (ONLY.includes('idle')) await idlePhase(results);
  summarize(results);
  log(`\nJSON ${JSON.stringify(results)}`);
  agent.destroy();
}

/** The figures against issue 7's targets, as a markdown table. */
function summarize(results: Record<string, unknown>): void {
  const rows: string[][] = [];
  const raw = results.raw as { before: number; after: number } | undefined;
  const issue = results.issue as Record<string, IssueFigures> | undefined;
  if (issue && raw) {
    const best = Object.entries(issue)
      .filter(([name]) => name.startsWith('closed'))
      .sort((a, b) => b[1].perSecond - a[1].perSecond)[0];
    if (best) {
      rows.push([
        `durable tickets/s over HTTP (best: ${best[0]})`,
        `${best[1].perSecond.toFixed(0)}/s (server CPU ${best[1].cpuUs?.toFixed(0) ?? 'n/a'} µs a ticket); raw SQLite commits ${raw.before.toFixed(0)}/s and ${raw.after.toFixed(0)}/s`,
        '≥ 2,000/s',
      ]);
      rows.push([
        `p50 / p99 issue latency (${best[0]})`,
        `${ms(best[1].p50)} / ${ms(best[1].p99)}`,
        'p99 < 10 ms',
      ]);
    }
    const paced = issue['paced at 2,000/s'];
    if (paced)
      rows.push([
        'paced at 2,000/s: served, p50 / p99',
        `${paced.perSecond.toFixed(0)}/s, ${ms(paced.p50)} / ${ms(paced.p99)}`,
        'p99 < 10 ms',
      ]);
    const single = issue['closed loop, 1 in flight'];
    if (single)
      rows.push([
        'one kiosk at a time: tickets/s, p50 / p99',
        `${single.perSecond.toFixed(0)}/s, ${ms(single.p50)} / ${ms(single.p99)}`,
        '',
      ]);
  }
  for (const [name, f] of Object.entries((results.display ?? {}) as Record<string, CallFigures>)) {
    rows.push([
      `call-to-display p50 / p99, ${name}`,
      `${ms(f.p50)} / ${ms(f.p99)} (${f.deliveries}/${f.expected} delivered)`,
      name.startsWith('1000') ? 'p99 < 50 ms' : '',
    ]);
  }
  const idle = results.idle as { clients: number; rssMb: number; rssBeforeMb: number } | undefined;
  if (idle)
    rows.push([
      `server RSS with ${idle.clients} idle socket.io clients`,
      `${idle.rssMb.toFixed(0)} MB (${idle.rssBeforeMb.toFixed(0)} MB with none)`,
      '< 500 MB',
    ]);
  log('\n| measure | result | target |\n|---|---|---|');
  for (const row of rows) log(`| ${row.join(' | ')} |`);
}

/** The server's CPU since `before` (ms) per ticket of the run, in µs. */
function cpuPerTicket(server: Server, before: number, f: IssueFigures): number {
  const used = cpuMsOf(server.child.pid as number) - before;
  return f.issued > 0 ? (used * 1000) / f.issued : NaN;
}

async function issuePhase(results: Record<string, unknown>, rawBefore: number): Promise<void> {
  log(`\n2. durable tickets over HTTP (POST /api/tickets as a kiosk, ${SECONDS} s per phase)`);
  const issueRuns: Record<string, IssueFigures> = {};
  const runs: {
    name: string;
    label: string;
    run: (s: Server, c: LeanClient) => Promise<IssueFigures>;
  }[] = [
    ...[...new Set([1, 8, 32, ...ISSUE_RUNS.map(Number).filter((n) => n > 0)])]
      .sort((a, b) => a - b)
      .map((concurrency) => ({
        name: `closed loop, ${concurrency} in flight`,
        label: String(concurrency),
        run: (s: Server, c: LeanClient) => closedLoop(s, c, concurrency, SECONDS),
      })),
    { name: 'paced at 2,000/s', label: 'paced', run: (s, c) => paced(s, c, 2000, SECONDS) },
  ];
  for (const { name, label, run } of runs.filter((r) => ISSUE_RUNS.includes(r.label))) {
    const server = await startServer(`issue-${label}`);
    const client = new LeanClient(server.port);
    try {
      await closedLoop(server, client, 4, 0.5); // warm-up
      const cpuBefore = cpuMsOf(server.child.pid as number);
      const clientBefore = process.cpuUsage();
      const f = await run(server, client);
      f.cpuUs = cpuPerTicket(server, cpuBefore, f);
      const clientUsed = process.cpuUsage(clientBefore);
      f.clientCpuUs = f.issued > 0 ? (clientUsed.user + clientUsed.system) / f.issued : NaN;
      issueRuns[name] = f;
      log(
        `   ${name.replace('closed loop, ', '')}: ${f.perSecond.toFixed(0)} tickets/s, p50 ${ms(f.p50)}, p99 ${ms(f.p99)}, server CPU ${f.cpuUs.toFixed(0)} µs/ticket, client CPU ${f.clientCpuUs.toFixed(0)} µs/ticket${f.failed ? `, ${f.failed} refused` : ''}`,
      );
    } finally {
      client.destroy();
      await stopServer(server);
    }
  }
  const rawAfter = rawCommitRate(3);
  log(`   raw SQLite commit rate again: ${rawAfter.toFixed(0)} commits/s`);
  results.raw = { before: rawBefore, after: rawAfter };
  results.issue = issueRuns;
}

type DisplayRun = CallFigures & { rssMb: number; cpuUsPerDelivery: number };

interface CallPattern {
  name: string;
  run: () => Promise<Map<string, number>>;
}

/** Runs each pattern with the displays the workers hold; records and prints its figures. */
async function measurePatterns(
  server: Server,
  workers: Worker[],
  label: string,
  clients: number,
  patterns: CallPattern[],
  runs: Record<string, DisplayRun>,
): Promise<void> {
  await sleep(1000);
  await collectCalls(workers); // forget anything before the phase
  const rssMb = memoryOf(server.child.pid as number).rss;
  for (const pattern of patterns) {
    const cpuBefore = cpuMsOf(server.child.pid as number);
    const sent = await pattern.run();
    await sleep(2000);
    // The server's CPU for the pattern (the calls, finishes and every frame they sent),
    // per call per client: what each display costs the server, whatever the load.
    const cpuMs = cpuMsOf(server.child.pid as number) - cpuBefore;
    const f = callFigures(sent, await collectCalls(workers), clients);
    const cpuUsPerDelivery = f.deliveries > 0 ? (cpuMs * 1000) / f.deliveries : NaN;
    runs[`${label}, ${pattern.name}`] = { ...f, rssMb, cpuUsPerDelivery };
    log(
      `   ${label}, ${pattern.name}: ${f.calls} calls, ${f.deliveries}/${f.expected} deliveries, p50 ${ms(f.p50)}, p99 ${ms(f.p99)}, max ${ms(f.max)} (first display p50 ${ms(f.firstP50)}), server CPU ${cpuUsPerDelivery.toFixed(1)} µs per call per client`,
    );
  }
  log(`   server RSS with ${clients} clients: ${rssMb.toFixed(0)} MB`);
}

/**
 * The displays are lean protocol peers (lean-display.ts): each frame is looked at only as
 * far as a hall board must, as if every board decoded on its own device. Then, for
 * comparison, 1,000 socket.io-client displays in the two bench processes, whose decoding of
 * every frame for every display on these same two cores is part of that figure.
 */
async function displayPhase(results: Record<string, unknown>): Promise<void> {
  log(`\n3. call-to-display latency, ${CLERKS} clerks calling`);
  const displayRuns: Record<string, DisplayRun> = {};
  const server = await startServer('display');
  let workers = [startWorker(), startWorker()];
  try {
    const clerks = await loginClerks(server);
    await fillQueues(server, 40);
    // A busy hall: every window calls about once a minute (a real one: every 5–15 minutes);
    // then ten times that; then all 55 windows in the same instant.
    const everyMinute: CallPattern = {
      name: 'each clerk every ~60 s',
      // 40 s: about 37 calls, so that the p99 rests on enough of them.
      run: () => steadyCalls(server, clerks, QUICK ? 8 : 40, 60_000),
    };
    const patterns: CallPattern[] = [
      everyMinute,
      {
        name: 'each clerk every ~6 s',
        run: () => steadyCalls(server, clerks, QUICK ? 5 : 10, 6_000),
      },
      { name: 'all 55 at once', run: () => burstCalls(server, clerks, QUICK ? 2 : 3) },
    ];
    let connected = 0;
    for (const count of DISPLAY_COUNTS) {
      connected = await connectDisplays(workers, server.port, count - connected, true);
      await measurePatterns(
        server,
        workers,
        `${connected} clients`,
        connected,
        patterns,
        displayRuns,
      );
    }
    for (const w of workers) w.child.send({ type: 'close' });
    await sleep(1000);
    workers = [startWorker(), startWorker()];
    const full = DISPLAY_COUNTS[DISPLAY_COUNTS.length - 1] as number;
    connected = await connectDisplays(workers, server.port, full);
    await measurePatterns(
      server,
      workers,
      `${connected} socket.io-client clients in 2 bench processes`,
      connected,
      [everyMinute],
      displayRuns,
    );
  } finally {
    for (const w of workers) w.child.send({ type: 'close' });
    await stopServer(server);
  }
  results.display = displayRuns;
}

async function idlePhase(results: Record<string, unknown>): Promise<void> {
  log(`\n4. server memory with ${IDLE_CLIENTS} idle socket.io clients`);
  const idleWorkers = [startWorker(), startWorker()];
  const idleServer = await startServer('idle');
  try {
    await sleep(1000);
    const before = memoryOf(idleServer.child.pid as number);
    const connected = await connectDisplays(idleWorkers, idleServer.port, IDLE_CLIENTS);
    await sleep(3000);
    const after = memoryOf(idleServer.child.pid as number);
    results.idle = {
      clients: connected,
      rssBeforeMb: before.rss,
      rssMb: after.rss,
      peakMb: after.peak,
    };
    log(
      `   ${connected} clients connected: RSS ${after.rss.toFixed(0)} MB (peak ${after.peak.toFixed(0)} MB; ${before.rss.toFixed(0)} MB with none)`,
    );
  } finally {
    for (const w of idleWorkers) w.child.send({ type: 'close' });
    await stopServer(idleServer);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});

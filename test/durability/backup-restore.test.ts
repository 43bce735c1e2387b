import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { io as connect } from 'socket.io-client';
import { tempDataDir, testIdNumber } from '../helpers/hall-server';
import {
  call,
  demoDevices,
  freePort,
  killHard,
  ROOT,
  spawnServer,
  stopGently,
  waitHealthy,
  type ServerProcess,
} from '../helpers/server-process';

/**
 * Promise 7 of issue 7: an online backup command, and a restore that is tested. The backup
 * is taken with `npm run backup` while kiosks keep issuing; the restore with `npm run
 * restore` into another data folder; the restored server serves the same tickets, the
 * same numbering and the same event sequence, under a new epoch.
 */

/**
 * Runs what `npm run backup` / `npm run restore` run (checked below), without npm's own
 * start-up: node with tsx's hook, like the server.
 */
const SCRIPTS: Record<string, string> = {
  backup: 'scripts/backup.ts',
  restore: 'scripts/backup-restore.ts',
};

function npm(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const [name, separator, ...rest] = args;
  expect(separator).toBe('--');
  const script = SCRIPTS[name as string] as string;
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--require', 'tsx/cjs', path.join(ROOT, script), ...rest],
      {
        cwd: ROOT,
        env: { ...process.env, HALLQ_DATA: '' },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

test('npm run backup and npm run restore are these scripts', () => {
  const scripts = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts;
  expect(scripts.backup).toBe(`tsx ${SCRIPTS.backup}`);
  expect(scripts.restore).toBe(`tsx ${SCRIPTS.restore}`);
});

const lastJson = (text: string) => JSON.parse(text.trim().split('\n').pop() as string);

describe('online backup and a tested restore', () => {
  const servers: ServerProcess[] = [];

  afterAll(async () => {
    for (const s of servers) await killHard(s.child);
  });

  async function start(dataDir: string): Promise<ServerProcess> {
    const server = spawnServer(dataDir, await freePort());
    servers.push(server);
    await waitHealthy(server);
    return server;
  }

  test('a backup taken under load restores to the same tickets and seq, with a new epoch', async () => {
    const dataDir = tempDataDir();
    let server = await start(dataDir);
    const kiosk = demoDevices(dataDir).find((d) => d.kind === 'kiosk')?.token as string;
    const clerk = (
      await call(server.url, 'POST', '/api/auth/login', undefined, {
        username: 'clerk01',
        password: 'demo',
        windowId: 'w01',
      })
    ).body.token as string;
    const person = testIdNumber('1988-06-15', '246');
    const held = await call(server.url, 'POST', '/api/tickets', kiosk, {
      serviceId: 'police',
      channel: 'kiosk',
      idNumber: person,
    });
    expect(held.status).toBe(201);
    for (let i = 0; i < 20; i += 1)
      await call(server.url, 'POST', '/api/tickets', kiosk, {
        serviceId: i % 2 ? 'tax' : 'gas',
        channel: 'kiosk',
      });
    await call(server.url, 'POST', `/api/windows/w01/next`, clerk);
    const original = (await call(server.url, 'GET', '/api/health')).body;

    // Kiosks keep issuing while the backup runs.
    const acknowledged = new Map<string, string>();
    let stop = false;
    const issuing = (async () => {
      while (!stop) {
        const res = await call(server.url, 'POST', '/api/tickets', kiosk, {
          serviceId: 'tax',
          channel: 'kiosk',
        });
        if (res.status === 201) acknowledged.set(res.body.id, res.body.number);
      }
    })();
    while (acknowledged.size < 20) await new Promise((r) => setTimeout(r, 5));
    const beforeBackup = new Map(acknowledged);
    const backupFile = path.join(tempDataDir(), 'hallq-backup.sqlite');
    const backup = await npm(['backup', '--', '--out', backupFile, '--data', dataDir, '--json']);
    stop = true;
    await issuing;
    expect(backup.code).toBe(0);
    const summary = lastJson(backup.stdout);
    expect(summary).toMatchObject({ file: backupFile, epoch: original.epoch });

    // The backup is one whole file holding one consistent state of the hall.
    expect(fs.existsSync(`${backupFile}-wal`)).toBe(false);
    expect(fs.existsSync(`${backupFile}.partial`)).toBe(false);
    const copy = new Database(backupFile, { readonly: true });
    let backedUp: { id: string; number: string; status: string }[];
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
      const seqs = (
        copy.prepare('SELECT seq FROM events ORDER BY seq').all() as { seq: number }[]
      ).map((r) => r.seq);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
      expect(seqs.length).toBe(summary.seq);
      backedUp = copy.prepare('SELECT id, number, status FROM tickets').all() as typeof backedUp;
      const issuedEvents = copy
        .prepare(`SELECT COUNT(*) AS n FROM events WHERE type = 'ticket.issued'`)
        .get() as { n: number };
      expect(issuedEvents.n).toBe(backedUp.length);
    } finally {
      copy.close();
    }
    const inBackup = new Map(backedUp.map((t) => [t.id, t]));
    for (const [id, number] of beforeBackup) expect(inBackup.get(id)?.number).toBe(number);
    expect(summary.seq).toBeGreaterThan(original.seq);

    // What happens after the backup is not in it: a restore goes back to the backup's state.
    const later = await call(server.url, 'POST', '/api/tickets', kiosk, {
      serviceId: 'gas',
      channel: 'kiosk',
    });
    await stopGently(server.child);

    const restoredDir = tempDataDir();
    const restore = await npm([
      'restore',
      '--',
      '--from',
      backupFile,
      '--data',
      restoredDir,
      '--key',
      path.join(dataDir, 'pii.key'),
      '--json',
    ]);
    expect(restore.code).toBe(0);
    expect(lastJson(restore.stdout)).toMatchObject({
      seq: summary.seq,
      tickets: backedUp.length,
      previousEpoch: original.epoch,
    });
    server = await start(restoredDir);
    const health = (await call(server.url, 'GET', '/api/health')).body;
    expect(health.seq).toBe(summary.seq);
    expect(health.epoch).not.toBe(original.epoch);
    for (const t of backedUp) {
      const view = await call(server.url, 'GET', `/api/tickets/${t.id}`);
      expect({ number: view.body.number, status: view.body.status }).toEqual({
        number: t.number,
        status: t.status,
      });
    }
    expect((await call(server.url, 'GET', `/api/tickets/${later.body.id}`)).status).toBe(404);
    // Numbering carries on from the backup; the person check still knows the ID number.
    const taxNumbers = backedUp
      .filter((t) => t.number.startsWith('A'))
      .map((t) => Number(t.number.slice(1)));
    const next = await call(server.url, 'POST', '/api/tickets', kiosk, {
      serviceId: 'tax',
      channel: 'kiosk',
    });
    expect(next.body.number).toBe(`A${String(Math.max(...taxNumbers) + 1).padStart(3, '0')}`);
    const again = await call(server.url, 'POST', '/api/tickets', kiosk, {
      serviceId: 'police',
      channel: 'kiosk',
      idNumber: person,
    });
    expect(again.body.error).toMatchObject({
      code: 'ALREADY_HAS_TICKET',
      details: { number: held.body.number },
    });
    // A display from before the restore reloads a snapshot instead of trusting old numbers.
    const display = connect(server.url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      auth: { epoch: original.epoch, lastSeq: 3 },
    });
    const snapshot = await new Promise<{ epoch: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no snapshot')), 5000);
      display.once('hall.snapshot', (s: { epoch: string }) => {
        clearTimeout(timer);
        resolve(s);
      });
    });
    display.close();
    expect(snapshot.epoch).toBe(health.epoch);

    // Never over a database without --force, never under a running server.
    const refused = await npm(['restore', '--', '--from', backupFile, '--data', restoredDir]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/exists: pass --force/);
    const busy = await npm([
      'restore',
      '--',
      '--from',
      backupFile,
      '--data',
      restoredDir,
      '--force',
    ]);
    expect(busy.code).not.toBe(0);
    expect(busy.stderr).toMatch(/in use: stop the hall server/);
    await stopGently(server.child);
    const forced = await npm([
      'restore',
      '--',
      '--from',
      backupFile,
      '--data',
      restoredDir,
      '--force',
      '--json',
    ]);
    expect(forced.code).toBe(0);
    const moved = lastJson(forced.stdout).movedAside as string;
    expect(fs.existsSync(moved)).toBe(true);
    server = await start(restoredDir);
    expect((await call(server.url, 'GET', '/api/health')).body.seq).toBe(summary.seq);
    await stopGently(server.child);
  }, 120_000);

  test('a damaged backup is refused and leaves the data folder alone', async () => {
    const file = path.join(tempDataDir(), 'broken.sqlite');
    fs.writeFileSync(file, 'SQLite format 3\u0000 but not really a database');
    const dataDir = tempDataDir();
    const res = await npm(['restore', '--', '--from', file, '--data', dataDir]);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/restore failed/);
    expect(fs.readdirSync(dataDir)).toEqual([]);
  }, 30_000);
});

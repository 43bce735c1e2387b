import path from 'node:path';
import Database from 'better-sqlite3';
import {
  api,
  collectEvents,
  connectSocket,
  createStaff,
  enrollKiosk,
  login,
  nextEvent,
  startTestHall,
  tempDataDir,
  TestClock,
  until,
} from '../helpers/hall-server';
import {
  demoDevices,
  freePort,
  killHard,
  spawnServer,
  waitHealthy,
} from '../helpers/server-process';

describe('a restart in the middle of the day loses nothing', () => {
  test('state, numbering, sequence and catch-up survive a clean restart', async () => {
    const dataDir = tempDataDir();
    const clock = new TestClock();
    let hall = await startTestHall({ dataDir, clock });
    createStaff(hall, 'boss', 'admin');
    createStaff(hall, 'clerk1', 'clerk', '王芳');
    const admin = await login(hall.url, 'boss');
    const kiosk = await enrollKiosk(hall, admin);
    const clerk = await login(hall.url, 'clerk1', 'w01');
    const issued: { id: string; number: string }[] = [];
    for (let i = 0; i < 5; i += 1) {
      const res = await api(hall.url, 'POST', '/api/tickets', {
        token: kiosk,
        body: { serviceId: 'tax', channel: 'kiosk' },
      });
      issued.push(res.body);
    }
    await api(hall.url, 'POST', '/api/windows/w01/next', { token: clerk });
    const before = (await api(hall.url, 'GET', '/api/hall')).body;
    await hall.server.close();

    hall = await startTestHall({ dataDir, clock });
    try {
      const after = (await api(hall.url, 'GET', '/api/hall')).body;
      expect(after.epoch).toBe(before.epoch);
      expect(after.seq).toBe(before.seq);
      expect(after.services).toEqual(before.services);
      expect(after.windows).toEqual(before.windows);
      expect(after.recentCalls).toEqual(before.recentCalls);
      for (const ticket of issued) {
        const view = await api(hall.url, 'GET', `/api/tickets/${ticket.id}`);
        expect(view.body.number).toBe(ticket.number);
      }
      // The clerk's session and the called ticket carry on; numbering goes on from A005.
      const finished = await api(hall.url, 'POST', '/api/windows/w01/finish', { token: clerk });
      expect(finished.body.ticket.number).toBe('A001');
      const next = await api(hall.url, 'POST', '/api/tickets', {
        token: kiosk,
        body: { serviceId: 'tax', channel: 'kiosk' },
      });
      expect(next.body.number).toBe('A006');

      // A display that saw everything up to `before.seq` catches up on exactly what it missed.
      const socket = connectSocket(hall.url, { epoch: before.epoch, lastSeq: before.seq });
      const received = collectEvents(socket);
      await until(() => received.some((e) => e.name === 'queue.changed'));
      const missed = received.filter((e) => e.name.startsWith('ticket.')).map((e) => e.payload);
      expect(missed).toEqual([
        expect.objectContaining({ type: 'ticket.finished', seq: before.seq + 1, number: 'A001' }),
        expect.objectContaining({ type: 'ticket.issued', seq: before.seq + 2, number: 'A006' }),
      ]);
      expect(received.some((e) => e.name === 'hall.snapshot')).toBe(false);
      socket.close();
      // One from another database (another epoch) gets a snapshot instead.
      const stranger = connectSocket(hall.url, { epoch: 'another-epoch', lastSeq: 3 });
      const snapshot = await nextEvent(stranger, 'hall.snapshot');
      expect(snapshot.seq).toBe(before.seq + 2);
      stranger.close();
    } finally {
      await hall.server.close();
    }
  });

  test('the next day starts again at 001 and yesterday’s waiting tickets expire', async () => {
    const clock = new TestClock();
    const hall = await startTestHall({ clock });
    try {
      createStaff(hall, 'guide1', 'guide');
      const guide = await login(hall.url, 'guide1');
      const old = await api(hall.url, 'POST', '/api/tickets', {
        token: guide,
        body: { serviceId: 'tax', channel: 'guide' },
      });
      await api(hall.url, 'POST', '/api/tickets', {
        token: guide,
        body: { serviceId: 'tax', channel: 'guide' },
      });
      clock.advance(24 * 60);
      // Sessions last 12 hours: the guide logs in again the next morning.
      expect((await api(hall.url, 'GET', '/api/auth/me', { token: guide })).status).toBe(401);
      const nextMorning = await login(hall.url, 'guide1');
      const fresh = await api(hall.url, 'POST', '/api/tickets', {
        token: nextMorning,
        body: { serviceId: 'tax', channel: 'guide' },
      });
      expect(fresh.body.number).toBe('A001');
      expect((await api(hall.url, 'GET', `/api/tickets/${old.body.id}`)).body.status).toBe(
        'expired',
      );
      const snapshot = (await api(hall.url, 'GET', '/api/hall')).body;
      expect(snapshot.day).toBe('2026-11-24');
      expect(snapshot.services.find((s: { id: string }) => s.id === 'tax').waiting).toBe(1);
    } finally {
      await hall.server.close();
    }
  });
});

describe('SIGKILL in the middle of issuing', () => {
  test('every acknowledged ticket survives, numbers never repeat, the event log has no gap', async () => {
    // The real server process (demo mode), killed with SIGKILL: what a power cut does.
    const dataDir = tempDataDir();
    const port = await freePort();
    const acknowledged = new Map<string, string>();
    let server = spawnServer(dataDir, port);
    const url = server.url;
    try {
      await waitHealthy(server);
      const kiosk = demoDevices(dataDir).find((d) => d.kind === 'kiosk')?.token as string;
      for (let round = 0; round < 3; round += 1) {
        // A burst of issues in flight; the process dies partway through it.
        const inFlight = Array.from({ length: 40 }, (_, i) =>
          api(url, 'POST', '/api/tickets', {
            token: kiosk,
            body: {
              serviceId: i % 2 ? 'tax' : 'police',
              channel: 'kiosk',
              requestId: `r${round}-${i}-crash-test`,
            },
          })
            .then((res) => {
              if (res.status === 201) acknowledged.set(res.body.id, res.body.number);
            })
            .catch(() => undefined),
        );
        // Kill once this round has some acknowledged tickets (however slow the machine is),
        // while the rest of the burst is still in flight.
        const ackedBefore = acknowledged.size;
        const deadline = Date.now() + 10_000;
        while (acknowledged.size < ackedBefore + 3 + round * 3 && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 2));
        }
        await killHard(server.child);
        await Promise.all(inFlight);
        server = spawnServer(dataDir, port);
        await waitHealthy(server);
      }
      expect(acknowledged.size).toBeGreaterThan(0);
      for (const [id, number] of acknowledged) {
        const view = await api(url, 'GET', `/api/tickets/${id}`);
        expect(view.status).toBe(200);
        expect(view.body.number).toBe(number);
      }
    } finally {
      await killHard(server.child);
    }
    const db = new Database(path.join(dataDir, 'hallq.sqlite'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const numbers = db.prepare('SELECT day, number FROM tickets').all() as {
        day: string;
        number: string;
      }[];
      expect(new Set(numbers.map((n) => `${n.day}/${n.number}`)).size).toBe(numbers.length);
      const seqs = (
        db.prepare('SELECT seq FROM events ORDER BY seq').all() as { seq: number }[]
      ).map((r) => r.seq);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
      const issuedEvents = db
        .prepare(`SELECT COUNT(*) AS n FROM events WHERE type = 'ticket.issued'`)
        .get() as { n: number };
      expect(issuedEvents.n).toBe(numbers.length);
    } finally {
      db.close();
    }
  }, 120_000);
});

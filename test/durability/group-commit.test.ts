import path from 'node:path';
import Database from 'better-sqlite3';
import type { Command } from '../../shared/src/domain';
import { newId } from '../../server/src/auth/tokens';
import type { StoredEvent } from '../../server/src/store/hall-store';
import {
  api,
  collectEvents,
  connectSocket,
  nextEvent,
  startTestHall,
  until,
  type TestHall,
} from '../helpers/hall-server';

/**
 * Group commit (server/src/hall-service.ts): the commands of one turn of the event loop
 * share one transaction, each in its own savepoint; nothing is published or answered before
 * the shared COMMIT; a failed COMMIT takes the whole group back. Another SQLite connection
 * shows what is really committed.
 */

let hall: TestHall;
let reader: Database.Database;
const published: StoredEvent[][] = [];
/** What the test's transaction step does to the next command (see beforeAll). */
let poison: { ticketId: string; how: 'throw' | 'break-commit' } | null = null;

const SYSTEM = { kind: 'system', id: null } as const;

function issueCommand(ticketId: string): Command {
  return {
    type: 'issue',
    ticketId,
    serviceId: hall.hall.services[0]?.id ?? '',
    channel: 'kiosk',
    priority: null,
    person: null,
    requestId: null,
  } as Command;
}

const committedTicket = (id: string) =>
  reader.prepare('SELECT id FROM tickets WHERE id = ?').get(id) !== undefined;

const durable = () =>
  new Promise<unknown>((resolve) => {
    if (!hall.server.ctx.hall.whenDurable((error) => resolve(error ?? null))) resolve('nothing');
  });

beforeAll(async () => {
  hall = await startTestHall();
  const service = hall.server.ctx.hall;
  const db = hall.server.db;
  service.onCommit((stored) => {
    const first = stored[0]?.event;
    if (!poison || first?.type !== 'ticket.issued' || first.ticket.id !== poison.ticketId) return;
    if (poison.how === 'throw') throw new Error('this command fails in its transaction');
    // A foreign key checked only at COMMIT: the shared COMMIT itself fails.
    db.pragma('defer_foreign_keys = ON');
    db.prepare(
      `INSERT INTO device_status (device_id, printer, reader, scanner, reported_at, changed_at)
       VALUES ('no-such-device', 'ok', 'ok', 'ok', 0, 0)`,
    ).run();
  });
  service.published.on('events', (stored: StoredEvent[]) => {
    // Published means committed: another connection already sees every ticket.
    for (const record of stored)
      if (record.event.type === 'ticket.issued')
        expect(committedTicket(record.event.ticket.id)).toBe(true);
    published.push(stored);
  });
  reader = new Database(path.join(hall.dataDir, 'hallq.sqlite'), { readonly: true });
  await durable(); // the start-up's own group (the day's start)
});

afterAll(async () => {
  reader.close();
  await hall.server.close();
});

beforeEach(() => {
  published.length = 0;
  poison = null;
});

test('commands of one turn share one COMMIT; a failing one rolls back only itself', async () => {
  const service = hall.server.ctx.hall;
  const seqBefore = service.lastSeq;
  const [a, b, c] = [newId(), newId(), newId()];
  poison = { ticketId: b, how: 'throw' };
  service.execute(issueCommand(a), SYSTEM);
  expect(() => service.execute(issueCommand(b), SYSTEM)).toThrow('fails in its transaction');
  service.execute(issueCommand(c), SYSTEM);

  // In memory at once, for the code that answers; not committed, not published yet.
  expect(service.state.tickets.has(a)).toBe(true);
  expect(service.state.tickets.has(b)).toBe(false);
  expect(service.state.tickets.has(c)).toBe(true);
  expect(committedTicket(a)).toBe(false);
  expect(published).toHaveLength(0);

  expect(await durable()).toBeNull();
  expect(committedTicket(a)).toBe(true);
  expect(committedTicket(b)).toBe(false);
  expect(committedTicket(c)).toBe(true);
  // One publication for the group; the failed command left no gap in the sequence.
  expect(published).toHaveLength(1);
  const seqs = published[0]?.map((r) => r.seq) ?? [];
  expect(seqs).toEqual(seqs.map((_, i) => seqBefore + 1 + i));
  const issued = published[0]?.flatMap((r) =>
    r.event.type === 'ticket.issued' ? [r.event.ticket.id] : [],
  );
  expect(issued).toEqual([a, c]);
  const numbers = [a, c].map((id) => service.state.tickets.get(id)?.number);
  expect(new Set(numbers).size).toBe(2);
});

test('a failed COMMIT takes the whole group back and every waiter hears it', async () => {
  const service = hall.server.ctx.hall;
  const seqBefore = service.lastSeq;
  const waitingBefore = service.state.tickets.size;
  const [a, b] = [newId(), newId()];
  poison = { ticketId: b, how: 'break-commit' };
  service.execute(issueCommand(a), SYSTEM);
  service.execute(issueCommand(b), SYSTEM); // its own step succeeds: only COMMIT notices
  const error = await durable();
  expect(String(error)).toMatch(/FOREIGN KEY/);
  expect(committedTicket(a)).toBe(false);
  expect(committedTicket(b)).toBe(false);
  expect(published).toHaveLength(0);
  // The state was read back from the disk: as before the group.
  expect(service.state.tickets.has(a)).toBe(false);
  expect(service.state.tickets.size).toBe(waitingBefore);
  expect(service.lastSeq).toBe(seqBefore);

  // The hall goes on: the next command commits with the next seq.
  poison = null;
  const d = newId();
  service.execute(issueCommand(d), SYSTEM);
  expect(await durable()).toBeNull();
  expect(committedTicket(d)).toBe(true);
  expect(published.flat().map((r) => r.seq)).toEqual([seqBefore + 1]);
});

test('an HTTP answer waits for the COMMIT; a rolled-back one is a 500, not a 201', async () => {
  const service = hall.server.ctx.hall;
  hall.server.ctx.accounts.createUser({
    username: 'gc-guide',
    displayName: '导办员',
    role: 'guide',
    password: 'password-123',
  });
  const login = await api(hall.url, 'POST', '/api/auth/login', {
    body: { username: 'gc-guide', password: 'password-123' },
  });
  const token = login.body.token as string;
  const serviceId = hall.hall.services[0]?.id;

  // Many at once: every 201 is on disk when it arrives, numbers all distinct.
  const answers = await Promise.all(
    Array.from({ length: 20 }, () =>
      api(hall.url, 'POST', '/api/tickets', {
        token,
        body: { serviceId, channel: 'guide' },
      }).then((res) => ({ res, committed: res.status === 201 && committedTicket(res.body.id) })),
    ),
  );
  expect(answers.map((a) => a.res.status)).toEqual(Array(20).fill(201));
  expect(answers.every((a) => a.committed)).toBe(true);
  expect(new Set(answers.map((a) => a.res.body.number)).size).toBe(20);

  // A group whose COMMIT fails: the request that was answered 201 in memory gets a 500.
  const poisoned = newId();
  poison = { ticketId: poisoned, how: 'break-commit' };
  const pending = api(hall.url, 'POST', '/api/tickets', {
    token,
    body: { serviceId, channel: 'guide' },
  });
  // The route makes its own ticket id: poison the group from a command in the same turn.
  const original = service.execute.bind(service);
  service.execute = (command, actor) => {
    service.execute = original;
    const events = original(command, actor);
    original(issueCommand(poisoned), SYSTEM);
    return events;
  };
  const res = await pending;
  expect(res.status).toBe(500);
  expect(res.body.error.code).toBe('INTERNAL');
  expect(committedTicket(poisoned)).toBe(false);
});

test('a group of events reaches a display in order, each once (frames written together)', async () => {
  const service = hall.server.ctx.hall;
  const display = connectSocket(hall.url);
  try {
    await nextEvent(display, 'hall.snapshot');
    const events = collectEvents(display);
    const seqBefore = service.lastSeq;
    const ids = Array.from({ length: 30 }, () => newId());
    for (const id of ids) service.execute(issueCommand(id), SYSTEM);
    await until(() => events.filter((e) => e.name === 'ticket.issued').length >= ids.length);
    const issued = events.filter((e) => e.name === 'ticket.issued').map((e) => e.payload);
    expect(issued.map((e) => e.seq)).toEqual(ids.map((_, i) => seqBefore + 1 + i));
    expect(issued.map((e) => e.ticketId)).toEqual(ids);
  } finally {
    display.close();
  }
});

import { api, startTestHall, type TestHall } from '../helpers/hall-server';

/**
 * Promise 2 of issue 7: concurrent clerks never get the same ticket. All 55 windows of the
 * reference hall press 叫号 in the same instant over HTTP, in parallel, round after round;
 * a window's clerk and its caller keypad press together; a clerk double-clicks.
 */

interface WindowInfo {
  id: string;
  services: string[];
}

let hall: TestHall;
let windows: WindowInfo[];
const clerks = new Map<string, string>();
const callers = new Map<string, string>();
let kiosk = '';

beforeAll(async () => {
  hall = await startTestHall({ demo: true });
  const devices = hall.server.ctx.demo?.devices ?? [];
  kiosk = devices.find((d) => d.kind === 'kiosk')?.token ?? '';
  for (const d of devices) if (d.kind === 'caller' && d.windowId) callers.set(d.windowId, d.token);
  windows = (await api(hall.url, 'GET', '/api/hall/config')).body.windows;
  // Every clerk logs in at the window demo mode opened for them.
  await Promise.all(
    windows.map(async (w) => {
      const res = await api(hall.url, 'POST', '/api/auth/login', {
        body: { username: `clerk${w.id.slice(1)}`, password: 'demo', windowId: w.id },
      });
      expect(res.status).toBe(200);
      clerks.set(w.id, res.body.token);
    }),
  );
}, 60_000);

afterAll(async () => {
  await hall.server.close();
});

async function issue(serviceIds: string[]): Promise<Map<string, string>> {
  const issued = new Map<string, string>();
  for (const serviceId of serviceIds) {
    const res = await api(hall.url, 'POST', '/api/tickets', {
      token: kiosk,
      body: { serviceId, channel: 'kiosk' },
    });
    expect(res.status).toBe(201);
    issued.set(res.body.id, res.body.number);
  }
  return issued;
}

/** Every window presses next at once; returns window → ticket id (or null for 204). */
async function everyonePressesNext(): Promise<Map<string, string | null>> {
  const answers = await Promise.all(
    windows.map((w) =>
      api(hall.url, 'POST', `/api/windows/${w.id}/next`, { token: clerks.get(w.id) }),
    ),
  );
  const called = new Map<string, string | null>();
  answers.forEach((res, i) => {
    const w = windows[i] as WindowInfo;
    expect([200, 204]).toContain(res.status);
    if (res.status === 200) {
      expect(res.body.ticket).toMatchObject({ status: 'called', window: { id: w.id } });
      called.set(w.id, res.body.ticket.id);
    } else called.set(w.id, null);
  });
  return called;
}

async function expectHallAgrees(called: Map<string, string | null>): Promise<void> {
  const snapshot = (await api(hall.url, 'GET', '/api/hall')).body;
  const shown = (snapshot.windows as { id: string; currentTicket: string | null }[]).filter(
    (w) => w.currentTicket !== null,
  );
  expect(new Set(shown.map((w) => w.currentTicket)).size).toBe(shown.length);
  for (const [windowId, ticketId] of called) {
    if (!ticketId) continue;
    const view = (await api(hall.url, 'GET', `/api/windows/${windowId}`)).body;
    expect(view.ticket?.id).toBe(ticketId);
  }
}

async function everyoneFinishes(): Promise<void> {
  const answers = await Promise.all(
    windows.map((w) =>
      api(hall.url, 'POST', `/api/windows/${w.id}/finish`, { token: clerks.get(w.id) }),
    ),
  );
  for (const res of answers) expect([200, 409]).toContain(res.status);
}

describe('55 windows pressing next at once', () => {
  test('fewer tickets than windows: each goes to one window, and no window idles past one it serves', async () => {
    const services = windows.map((w) => w.services[0] as string);
    const issued = await issue(services.filter((_, i) => i % 2 === 0)); // 28 tickets
    const called = await everyonePressesNext();
    const tickets = [...called.values()].filter((t): t is string => t !== null);
    expect(new Set(tickets).size).toBe(tickets.length);
    expect(tickets.every((t) => issued.has(t))).toBe(true);
    await expectHallAgrees(called);
    // A window that heard "nobody waits" had nothing of its services waiting, then or now.
    const queues = (await api(hall.url, 'GET', '/api/hall')).body.services as {
      id: string;
      waiting: number;
    }[];
    const waiting = new Map(queues.map((q) => [q.id, q.waiting]));
    for (const w of windows) {
      if (called.get(w.id) === null) {
        for (const s of w.services)
          expect({ window: w.id, service: s, waiting: waiting.get(s) }).toEqual({
            window: w.id,
            service: s,
            waiting: 0,
          });
      }
    }
    await everyoneFinishes();
  });

  test('round after round until 275 tickets are served: every ticket called exactly once', async () => {
    const services = windows.map((w) => w.services[0] as string);
    const issued = await issue(
      Array.from({ length: 275 }, (_, i) => services[i % services.length] as string),
    );
    const timesCalled = new Map<string, number>();
    for (let round = 0; round < 40; round += 1) {
      const called = await everyonePressesNext();
      const tickets = [...called.values()].filter((t): t is string => t !== null);
      expect(new Set(tickets).size).toBe(tickets.length);
      for (const t of tickets) timesCalled.set(t, (timesCalled.get(t) ?? 0) + 1);
      await expectHallAgrees(called);
      await everyoneFinishes();
      if (tickets.length === 0) break;
    }
    expect([...issued.keys()].filter((id) => timesCalled.get(id) !== 1)).toEqual([]);
    const done = (await api(hall.url, 'GET', '/api/hall')).body.services as { waiting: number }[];
    expect(done.every((q) => q.waiting === 0)).toBe(true);
  }, 60_000);

  test('a double click, and the clerk and the caller keypad together: one ticket per window', async () => {
    const services = windows.map((w) => w.services[0] as string);
    await issue([...services, ...services, ...services]);
    const presses = windows.flatMap((w) => [
      { windowId: w.id, token: clerks.get(w.id) },
      { windowId: w.id, token: clerks.get(w.id) },
      { windowId: w.id, token: callers.get(w.id) },
    ]);
    const answers = await Promise.all(
      presses.map((p) =>
        api(hall.url, 'POST', `/api/windows/${p.windowId}/next`, { token: p.token }),
      ),
    );
    const perWindow = new Map<string, string[]>();
    answers.forEach((res, i) => {
      const { windowId } = presses[i] as { windowId: string };
      if (res.status === 200)
        perWindow.set(windowId, [...(perWindow.get(windowId) ?? []), res.body.ticket.id]);
      else
        expect({ status: res.status, code: res.body.error.code }).toEqual({
          status: 409,
          code: 'WINDOW_BUSY',
        });
    });
    for (const w of windows) expect(perWindow.get(w.id)).toHaveLength(1);
    const all = [...perWindow.values()].flat();
    expect(new Set(all).size).toBe(all.length);
    await expectHallAgrees(new Map([...perWindow].map(([w, t]) => [w, t[0] ?? null])));
    await everyoneFinishes();
  });
});

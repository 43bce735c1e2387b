import ExcelJS from 'exceljs';
import { maskName } from '../../shared/src/pii';
import type { Report, ReportRow } from '../../shared/src/supervision';
import {
  api,
  createStaff,
  enrollKiosk,
  login,
  startTestHall,
  TestClock,
  type TestHall,
} from '../helpers/hall-server';
import { runDay, settle, type DayActor, type DayCounters } from './day';
import { MONDAY_9AM, ok, smallHall } from './helpers';

/**
 * The report numbers against the raw event rows: a realistic day runs through the real
 * API, then every figure of every grouping is recomputed here, independently (second by
 * second for the window times), from `SELECT * FROM events`, and must agree exactly.
 */

interface Row {
  seq: number;
  at: number;
  type: string;
  data: any;
}

const LEVELS = ['very-satisfied', 'satisfied', 'basic', 'dissatisfied', 'very-dissatisfied'];
const SEC = 1000;

/** Minutes, one decimal; the 90th percentile by nearest rank. */
const minutes = (ms: number) => Math.round(ms / 6000) / 10;
const mean = (xs: number[]) =>
  xs.length ? minutes(xs.reduce((a, b) => a + b, 0) / xs.length) : null;
const p90 = (xs: number[]) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return minutes(s[Math.ceil(0.9 * s.length) - 1] as number);
};

interface Fact {
  kind: 'issued' | 'called' | 'served' | 'no-show' | 'transfer' | 'cancel' | 'rated';
  service: string | null;
  window: string | null;
  clerk: string | null;
  wait?: number;
  duration?: number;
  breach?: boolean;
  level?: string;
}

/** Everything countable, one fact per event, from the rows alone. */
function facts(rows: Row[], limits: Record<string, number>): Fact[] {
  // Who was at each window, by seq.
  const clerkAt = (windowId: string, seq: number): string | null => {
    let clerk: string | null = null;
    for (const r of rows) {
      if (r.seq >= seq) break;
      if (r.data.windowId !== windowId) continue;
      if (r.type === 'window.opened') clerk = r.data.clerkId;
      if (r.type === 'window.closed') clerk = null;
    }
    return clerk;
  };
  const out: Fact[] = [];
  const byTicket = new Map<string, Row[]>();
  for (const r of rows) {
    const id = r.type === 'ticket.issued' ? r.data.ticket.id : r.data.ticketId;
    if (!r.type.startsWith('ticket.') || !id) continue;
    byTicket.set(id, [...(byTicket.get(id) ?? []), r]);
  }
  for (const list of byTicket.values()) {
    let service = '';
    let issuedAt = 0;
    let called = false;
    let callAt: number | null = null;
    let startAt: number | null = null;
    let clerk: string | null = null;
    for (const r of list) {
      const d = r.data;
      switch (r.type) {
        case 'ticket.issued':
          service = d.ticket.serviceId;
          issuedAt = d.ticket.issuedAt;
          out.push({ kind: 'issued', service, window: null, clerk: null });
          break;
        case 'ticket.called':
          clerk = clerkAt(d.windowId, r.seq);
          out.push({
            kind: 'called',
            service,
            window: d.windowId,
            clerk,
            ...(called ? {} : { wait: r.at - issuedAt }),
          });
          called = true;
          callAt = r.at;
          startAt = null;
          break;
        case 'ticket.started':
          startAt = r.at;
          break;
        case 'ticket.finished': {
          const duration = r.at - (startAt ?? callAt ?? r.at);
          out.push({
            kind: 'served',
            service,
            window: d.windowId,
            clerk,
            duration,
            breach: duration > (limits[service] as number) * 60_000,
          });
          break;
        }
        case 'ticket.no-show':
          out.push({ kind: 'no-show', service, window: d.windowId, clerk });
          break;
        case 'ticket.returned':
          callAt = null;
          startAt = null;
          break;
        case 'ticket.transferred':
          out.push({
            kind: 'transfer',
            service: d.fromServiceId,
            window: d.fromWindowId,
            clerk: d.fromWindowId ? clerkAt(d.fromWindowId, r.seq) : null,
          });
          service = d.toServiceId;
          callAt = null;
          startAt = null;
          break;
        case 'ticket.cancelled':
          out.push({ kind: 'cancel', service, window: null, clerk: null });
          break;
        case 'ticket.rated':
          out.push({
            kind: 'rated',
            service,
            window: d.windowId,
            clerk: d.clerkId,
            level: d.level,
          });
          break;
      }
    }
  }
  return out;
}

/** Idle and paused milliseconds per (window, clerk), sampled second by second in the sessions. */
function windowTimes(
  rows: Row[],
  windowIds: string[],
  sessions: [number, number][],
  end: number,
): { window: string; clerk: string | null; idle: number; pause: number }[] {
  const out = new Map<
    string,
    { window: string; clerk: string | null; idle: number; pause: number }
  >();
  for (const w of windowIds) {
    const changes = rows.filter((r) => {
      const d = r.data;
      return (
        d.windowId === w ||
        (r.type === 'ticket.transferred' && d.fromWindowId === w) ||
        (r.type === 'ticket.cancelled' && d.freedWindowId === w)
      );
    });
    let k = 0;
    let status = 'closed';
    let clerk: string | null = null;
    let busy = false;
    for (const [from, to] of sessions) {
      for (let t = from; t < Math.min(to, end); t += SEC) {
        while (k < changes.length && (changes[k] as Row).at <= t) {
          const r = changes[k] as Row;
          if (r.type === 'window.opened') [status, clerk, busy] = ['open', r.data.clerkId, false];
          else if (r.type === 'window.closed') [status, clerk, busy] = ['closed', null, false];
          else if (r.type === 'window.paused') status = 'paused';
          else if (r.type === 'window.resumed') status = 'open';
          else if (r.type === 'ticket.called') busy = true;
          else if (
            r.type.startsWith('ticket.') &&
            r.type !== 'ticket.rated' &&
            r.type !== 'ticket.started' &&
            r.type !== 'ticket.recalled'
          )
            busy = false;
          k += 1;
        }
        if (status === 'closed') continue;
        const key = `${w}|${clerk}`;
        const acc = out.get(key) ?? { window: w, clerk, idle: 0, pause: 0 };
        if (status === 'paused') acc.pause += SEC;
        else if (!busy) acc.idle += SEC;
        out.set(key, acc);
      }
    }
  }
  return [...out.values()];
}

describe('reports agree with the event log', () => {
  let hall: TestHall;
  let admin: string;
  let manager: string;
  const counters: DayCounters[] = [];
  let settled = 0;
  const config = smallHall();
  const limits = Object.fromEntries(config.services.map((s) => [s.id, s.timeLimitMinutes]));
  const areaOf = Object.fromEntries(config.services.map((s) => [s.id, s.areaId]));
  const windowArea = Object.fromEntries(config.windows.map((w) => [w.id, w.areaId]));
  const users = new Map<string, string>();

  beforeAll(async () => {
    hall = await startTestHall({ hall: config, clock: new TestClock(MONDAY_9AM) });
    createStaff(hall, 'boss', 'admin');
    createStaff(hall, 'guide1', 'guide', '赵导');
    hall.server.ctx.accounts.createUser({
      username: 'mgr',
      displayName: '钱经理',
      role: 'manager',
      password: 'password-123',
    });
    const names = ['王芳', '李娜', '张伟', '刘洋', '陈静', '杨帆'];
    names.forEach((name, i) => createStaff(hall, `c${i + 1}`, 'clerk', name));
    for (const u of hall.server.ctx.accounts.listUsers())
      users.set(u.id, `${u.username}（${maskName(u.displayName)}）`);
    admin = await login(hall.url, 'boss');
    manager = await login(hall.url, 'mgr');
    const kiosk = await enrollKiosk(hall, admin);
    const guide = await login(hall.url, 'guide1');
    const actors: DayActor[] = [];
    for (let i = 1; i <= 5; i += 1)
      actors.push({ windowId: `w${i}`, token: await login(hall.url, `c${i}`, `w${i}`) });
    const services: [string, number][] = [
      ['tax', 5],
      ['social', 4],
      ['property', 2],
      ['help', 1],
    ];
    const day = (list: DayActor[], steps: number, seed: number) =>
      runDay(hall, { kiosk, guide, actors: list, services, steps, seed });

    counters.push(await day(actors, 270, 1)); // 09:00 → 10:30
    settled += await settle(hall, actors);
    // 李娜 leaves window 2 and 杨帆 takes it; the guide closes window 3 for a while.
    await ok(hall, 'POST', '/api/auth/logout', { token: actors[1]?.token });
    hall.clock.advance(5);
    actors[1] = { windowId: 'w2', token: await login(hall.url, 'c6', 'w2') };
    await ok(hall, 'POST', '/api/windows/w3/close', { token: guide });
    counters.push(
      await day(
        actors.filter((a) => a.windowId !== 'w3'),
        90,
        2,
      ),
    ); // → 11:05
    settled += await settle(
      hall,
      actors.filter((a) => a.windowId !== 'w3'),
    );
    actors[2] = { windowId: 'w3', token: await login(hall.url, 'c3', 'w3') };
    counters.push(await day(actors, 200, 3)); // → past 12:00: tickets stop, calls stop
    settled += await settle(hall, actors);
    // Lunch: windows stay open, which is not idle time. Then the afternoon.
    hall.clock.time = Date.UTC(2026, 10, 23, 6, 30);
    counters.push(await day(actors, 90, 4)); // 14:30 → 15:00
  });

  afterAll(() => hall.server.close());

  const rawRows = (): Row[] =>
    (
      hall.server.db.prepare('SELECT seq, at, type, data FROM events ORDER BY seq').all() as {
        seq: number;
        at: number;
        type: string;
        data: string;
      }[]
    ).map((r) => ({ ...r, data: JSON.parse(r.data) }));

  const total = (key: keyof DayCounters) => counters.reduce((s, c) => s + c[key], 0);

  function expected(by: 'service' | 'window' | 'clerk' | 'area'): Map<string, Partial<ReportRow>> {
    const rows = rawRows();
    const fs = facts(rows, limits);
    const sessions: [number, number][] = [
      [Date.UTC(2026, 10, 23, 1, 0), Date.UTC(2026, 10, 23, 4, 0)],
      [Date.UTC(2026, 10, 23, 6, 30), Date.UTC(2026, 10, 23, 9, 30)],
    ];
    const times = windowTimes(
      rows,
      config.windows.map((w) => w.id),
      sessions,
      hall.clock.time,
    );
    const keyOf = (f: { service?: string | null; window: string | null; clerk: string | null }) =>
      by === 'service'
        ? f.service
        : by === 'area'
          ? f.service
            ? areaOf[f.service]
            : f.window
              ? windowArea[f.window]
              : null
          : by === 'window'
            ? f.window
            : f.window
              ? (f.clerk ?? '')
              : null;
    const groups = new Map<string, { f: Fact[]; idle: number; pause: number }>();
    const group = (k: string) => {
      if (!groups.has(k)) groups.set(k, { f: [], idle: 0, pause: 0 });
      return groups.get(k) as { f: Fact[]; idle: number; pause: number };
    };
    for (const f of fs) {
      const k = keyOf(f);
      if (k !== null && k !== undefined) group(k).f.push(f);
    }
    for (const t of times) {
      const k = keyOf({ service: null, window: t.window, clerk: t.clerk });
      if (k === null || k === undefined) continue;
      group(k).idle += t.idle;
      group(k).pause += t.pause;
    }
    const out = new Map<string, Partial<ReportRow>>();
    for (const [k, g] of groups) {
      const count = (kind: Fact['kind']) => g.f.filter((f) => f.kind === kind).length;
      const waits = g.f.filter((f) => f.wait !== undefined).map((f) => f.wait as number);
      const served = g.f.filter((f) => f.kind === 'served');
      const ratings = Object.fromEntries(
        LEVELS.map((l) => [l, g.f.filter((f) => f.kind === 'rated' && f.level === l).length]),
      );
      const rated = g.f.filter((f) => f.kind === 'rated').length;
      const good = LEVELS.slice(0, 3).reduce((s, l) => s + (ratings[l] as number), 0);
      out.set(k, {
        issued: by === 'window' || by === 'clerk' ? null : count('issued'),
        called: count('called'),
        served: served.length,
        noShows: count('no-show'),
        transfers: count('transfer'),
        cancelled: count('cancel'),
        waitMeanMinutes: mean(waits),
        waitP90Minutes: p90(waits),
        serviceMeanMinutes: mean(served.map((f) => f.duration as number)),
        timeLimitBreaches: served.filter((f) => f.breach).length,
        idleMinutes: by === 'service' ? null : minutes(g.idle),
        pauseMinutes: by === 'service' ? null : minutes(g.pause),
        ratings: ratings as ReportRow['ratings'],
        ratingsTotal: rated,
        goodRate: rated ? Math.round((good * 1000) / rated) / 10 : null,
      });
    }
    return out;
  }

  test('the day did what a day does', () => {
    expect(total('issued')).toBeGreaterThan(100);
    expect(total('finished')).toBeGreaterThan(80);
    for (const key of [
      'noShows',
      'transfers',
      'diverts',
      'cancels',
      'ratings',
      'followUps',
      'pauses',
    ] as const)
      expect(total(key)).toBeGreaterThan(0);
  });

  test.each(['service', 'window', 'clerk', 'area'] as const)(
    'by %s: every figure equals the one recomputed from the raw events',
    async (by) => {
      const res = await api<Report>(
        hall.url,
        'GET',
        `/api/reports?from=2026-11-23&to=2026-11-23&by=${by}`,
        {
          token: manager,
        },
      );
      expect(res.status).toBe(200);
      const want = expected(by);
      const empty = { called: 0, served: 0, noShows: 0, transfers: 0, cancelled: 0 };
      for (const row of res.body.rows) {
        const { key, label: _label, ...figures } = row;
        const exp = want.get(key);
        if (!exp) {
          expect(figures).toMatchObject(empty);
          continue;
        }
        expect({ key, ...figures }).toEqual({ key, ...exp });
        want.delete(key);
      }
      expect([...want.keys()]).toEqual([]);
      if (by === 'clerk') {
        expect(res.body.rows.map((r) => r.label)).toEqual(
          expect.arrayContaining([
            users.get(hall.server.ctx.accounts.listUsers().find((u) => u.username === 'c6')!.id),
          ]),
        );
        expect(JSON.stringify(res.body)).not.toContain('杨帆');
      }
    },
  );

  test('the totals match what the day did through the API', async () => {
    const res = await api<Report>(
      hall.url,
      'GET',
      '/api/reports?from=2026-11-23&to=2026-11-23&by=window',
      {
        token: admin,
      },
    );
    const t = res.body.total;
    expect(t.issued).toBe(total('issued'));
    expect(t.called).toBe(total('called'));
    expect(t.served).toBe(total('finished') + settled);
    expect(t.noShows).toBe(total('noShows'));
    expect(t.transfers).toBe(total('transfers') + total('diverts'));
    expect(t.cancelled).toBe(total('cancels'));
    expect(t.ratingsTotal).toBe(total('ratings'));
    expect(res.body.days).toEqual([
      {
        day: '2026-11-23',
        issued: total('issued'),
        served: total('finished') + settled,
        noShows: total('noShows'),
      },
    ]);
    // Idle time lies within the sessions: 09:00–12:00 and 14:30–15:00 for five windows at most.
    expect(t.idleMinutes! + t.pauseMinutes!).toBeLessThanOrEqual(5 * 210);
    expect(t.idleMinutes).toBeGreaterThan(0);
    expect(t.pauseMinutes).toBeGreaterThan(0);
    expect(t.timeLimitBreaches).toBeGreaterThan(0);
  });

  test('a range of days without events reports zeros; a bad range is refused', async () => {
    const empty = await api<Report>(
      hall.url,
      'GET',
      '/api/reports?from=2026-11-16&to=2026-11-20&by=service',
      {
        token: manager,
      },
    );
    expect(empty.status).toBe(200);
    expect(empty.body.total).toMatchObject({ issued: 0, served: 0, waitMeanMinutes: null });
    expect(empty.body.days).toHaveLength(5);
    for (const query of [
      'from=2026-11-23&to=2026-11-22',
      'from=2026-02-30&to=2026-03-01',
      'from=x&to=y',
      'from=2026-11-23&to=2026-11-23&by=floor',
    ])
      expect((await api(hall.url, 'GET', `/api/reports?${query}`, { token: manager })).status).toBe(
        400,
      );
  });

  test('only admins and managers read reports', async () => {
    const guide = await login(hall.url, 'guide1');
    const q = '/api/reports?from=2026-11-23&to=2026-11-23';
    expect((await api(hall.url, 'GET', q)).status).toBe(401);
    expect((await api(hall.url, 'GET', q, { token: guide })).status).toBe(403);
  });

  test('CSV and XLSX exports carry the same figures', async () => {
    const json = (
      await api<Report>(hall.url, 'GET', '/api/reports?from=2026-11-23&to=2026-11-23&by=service', {
        token: manager,
      })
    ).body;
    const csv = await fetch(
      `${hall.url}/api/reports?from=2026-11-23&to=2026-11-23&by=service&format=csv`,
      {
        headers: { authorization: `Bearer ${manager}` },
      },
    );
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain(encodeURIComponent('电子监察报表'));
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines[0]).toMatch(/^"事项","取号量","叫号量","办结量","过号"/);
    expect(lines).toHaveLength(json.rows.length + 2);
    const last = (lines[lines.length - 1] as string).split(',');
    expect(last[0]).toBe('"合计"');
    expect(Number(last[1])).toBe(json.total.issued);
    expect(Number(last[3])).toBe(json.total.served);

    const xlsx = await fetch(
      `${hall.url}/api/reports?from=2026-11-23&to=2026-11-23&by=service&format=xlsx`,
      {
        headers: { authorization: `Bearer ${manager}` },
      },
    );
    expect(xlsx.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as any);
    const sheet = book.getWorksheet('报表')!;
    expect(String(sheet.getCell('A1').value)).toContain('测试县政务服务中心');
    expect(sheet.getRow(2).getCell(1).value).toBe('事项');
    expect(sheet.getRow(2).getCell(4).value).toBe('办结量');
    const tax = json.rows.find((r) => r.key === 'tax')!;
    expect(sheet.getRow(3).getCell(1).value).toBe('税务');
    expect(sheet.getRow(3).getCell(2).value).toBe(tax.issued);
    expect(sheet.getRow(3).getCell(8).value).toBe(tax.waitMeanMinutes);
    const totalRow = sheet.getRow(3 + json.rows.length);
    expect(totalRow.getCell(1).value).toBe('合计');
    expect(totalRow.getCell(4).value).toBe(json.total.served);
    expect(book.getWorksheet('每日')!.getRow(2).getCell(2).value).toBe(json.total.issued);
  });
});

import { api, createStaff, login, type TestHall } from '../helpers/hall-server';
import { hallWithPastDays } from './advisor-fixtures';

/**
 * 布局优化 over the API: the workload estimated from past days in the hall's database, a job
 * in a worker thread (one at a time), its proposals beside today's layout, the export and
 * the audited apply; clerks get 403.
 */
describe('layout advisor API', () => {
  let hall: TestHall;
  let admin: string;
  let manager: string;
  let clerk: string;

  beforeAll(async () => {
    hall = await hallWithPastDays(5);
    createStaff(hall, 'boss', 'admin');
    createStaff(hall, 'c1', 'clerk');
    hall.server.ctx.accounts.createUser({
      username: 'mgr',
      displayName: '钱经理',
      role: 'manager',
      password: 'password-123',
    });
    admin = await login(hall.url, 'boss');
    manager = await login(hall.url, 'mgr');
    clerk = await login(hall.url, 'c1', 'w1');
  });
  afterAll(() => hall.server.close());

  it('refuses clerks', async () => {
    expect((await api(hall.url, 'GET', '/api/advisor/workload', { token: clerk })).status).toBe(
      403,
    );
    const res = await api(hall.url, 'POST', '/api/advisor/jobs', {
      token: clerk,
      body: { budgets: [{ kind: 'convert', k: 1 }] },
    });
    expect(res.status).toBe(403);
    expect((await api(hall.url, 'GET', '/api/advisor/jobs', { token: clerk })).status).toBe(403);
  });

  it('shows the workload of past days', async () => {
    const res = await api(hall.url, 'GET', '/api/advisor/workload?days=3', { token: manager });
    expect(res.status).toBe(200);
    expect(res.body.days).toEqual(['2026-03-04', '2026-03-05', '2026-03-06']);
    const tax = res.body.services.find((s: { serviceId: string }) => s.serviceId === 'tax');
    expect(tax.name).toBe('税务');
    expect(tax.perDay).toBeGreaterThan(55);
    expect(tax.perDay).toBeLessThan(95);
    expect(tax.meanMinutes).toBeGreaterThan(7);
    expect(tax.meanMinutes).toBeLessThan(13);
    expect(tax.expectedMinutes).toBe(10);
    expect(res.body.profile.length).toBeGreaterThan(5);
    const bad = await api(hall.url, 'GET', '/api/advisor/workload?days=0', { token: manager });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('runs a job in a worker, one at a time, and gives proposals beside today', async () => {
    const started = await api(hall.url, 'POST', '/api/advisor/jobs', {
      token: manager,
      body: {
        days: 5,
        budgets: [
          { kind: 'cross-train', k: 1 },
          { kind: 'convert', k: 1 },
        ],
        searchDays: 1,
        confirmDays: 3,
      },
    });
    expect(started.status).toBe(202);
    expect(started.body.status).toBe('running');
    const id = started.body.id as string;
    const busy = await api(hall.url, 'POST', '/api/advisor/jobs', {
      token: manager,
      body: { budgets: [{ kind: 'convert', k: 1 }] },
    });
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe('ADVISOR_BUSY');
    // The hall answers while the job runs.
    expect((await api(hall.url, 'GET', '/api/hall')).status).toBe(200);

    let job: any = started.body;
    const poll = async () => {
      while (job.status === 'running') {
        job = (await api(hall.url, 'GET', `/api/advisor/jobs/${id}`, { token: manager })).body;
        if (job.status === 'running') await new Promise((r) => setTimeout(r, 200));
      }
    };
    await poll();
    expect(job.error).toBeNull();
    expect(job.status).toBe('done');
    expect(job.progress.done).toBe(job.progress.total);
    const result = job.result;
    expect(result.policy).toBe('balanced');
    for (const m of [result.todayFifo, result.todayPolicy]) {
      expect(m.days).toBe(3);
      expect(m.mean.value).toBeGreaterThan(0);
      expect(typeof m.mean.half).toBe('number');
      expect(typeof m.p95.value).toBe('number');
    }
    expect(result.proposals).toHaveLength(2);
    for (const p of result.proposals) {
      expect(p.metrics.days).toBe(3);
      expect(Array.isArray(p.changes)).toBe(true);
      expect(p.windows.length).toBeLessThanOrEqual(1);
      expect(p.metrics.mean.value).toBeLessThanOrEqual(result.todayFifo.mean.value * 1.5);
    }
    expect(result.proposals[0].budget).toEqual({ kind: 'cross-train', k: 1, perClerk: 1 });

    const listed = await api(hall.url, 'GET', '/api/advisor/jobs', { token: manager });
    expect(listed.body.running).toBe(false);
    expect(listed.body.jobs[0].id).toBe(id);
    expect((await api(hall.url, 'GET', `/api/advisor/jobs/${id}`, { token: clerk })).status).toBe(
      403,
    );

    // A proposal that changes something: exported as a hall configuration, applied by an admin.
    const n = result.proposals.findIndex((p: { windows: unknown[] }) => p.windows.length > 0);
    expect(n).toBeGreaterThanOrEqual(0);
    const change = result.proposals[n].windows[0];
    const exported = await api(hall.url, 'GET', `/api/advisor/jobs/${id}/proposals/${n}/config`, {
      token: manager,
    });
    expect(exported.status).toBe(200);
    const window = exported.body.windows.find((w: { id: string }) => w.id === change.windowId);
    for (const s of change.added) expect(window.services).toContain(s);
    if (change.kind === 'convert') expect(window.kind).toBe('comprehensive');

    const byManager = await api(hall.url, 'POST', `/api/advisor/jobs/${id}/proposals/${n}/apply`, {
      token: manager,
    });
    expect(byManager.status).toBe(403);
    const applied = await api(hall.url, 'POST', `/api/advisor/jobs/${id}/proposals/${n}/apply`, {
      token: admin,
    });
    expect(applied.status).toBe(200);
    expect(applied.body.changes.length).toBeGreaterThan(0);
    const live = await api(hall.url, 'GET', '/api/admin/config', { token: admin });
    expect(live.body.source).toBe('database');
    expect(live.body.config.windows.find((w: { id: string }) => w.id === change.windowId)).toEqual(
      window,
    );
    const audit = await api(hall.url, 'GET', '/api/audit', { token: admin });
    expect(audit.body.entries.some((e: { action: string }) => e.action === 'config.advisor')).toBe(
      true,
    );
    const missing = await api(hall.url, 'GET', `/api/advisor/jobs/${id}/proposals/7/config`, {
      token: manager,
    });
    expect(missing.status).toBe(404);
  }, 120_000);
});

import '../staff-common/style.css';
import './style.css';
import type { HallSnapshot } from '../../../../shared/src/protocol/http';
import type {
  AdvisorBudgetBody,
  AdvisorJobView,
  AdvisorProposalView,
  AdvisorWorkloadView,
  CiView,
  LayoutMetricsView,
} from '../../../../shared/src/supervision/advisor-http';
import { $, html, onAction, toast, type Raw } from '../staff-common/dom';
import { loginScreen, showFailure, StaffSession } from '../staff-common/session';
import { T } from './texts';

/**
 * 布局优化: the workload of past days (from the hall's database), an advisor job run by the
 * server in a worker thread, and its proposals beside today's layout — waits with 95%
 * confidence intervals, which windows to cross-train or convert — with an export of the
 * proposed configuration and, for administrators, an audited apply.
 */

const root = document.getElementById('app') as HTMLElement;
// Coming from /admin or /reports in the same tab: no second sign-in.
for (const from of ['admin', 'reports']) {
  const token = sessionStorage.getItem(`hallq.${from}.token`);
  if (token && !sessionStorage.getItem('hallq.advisor.token'))
    sessionStorage.setItem('hallq.advisor.token', token);
}
const session = new StaffSession('advisor', ['admin', 'manager']);
let hallName = '';
const names = new Map<string, string>();
let days = 20;
let workload: AdvisorWorkloadView | null = null;
let job: AdvisorJobView | null = null;
let polling: number | null = null;

const serviceName = (id: string) => names.get(id) ?? id;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const f1 = (x: number) => x.toFixed(1);
const withCi = (e: CiView): Raw =>
  html`${f1(e.value)}${e.half === null ? '' : html` <span class="ci">± ${f1(e.half)}</span>`}`;
const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));

// ---- the workload of past days --------------------------------------------------------

function workloadSection(): Raw {
  const w = workload;
  const body = !w
    ? html`<p class="muted">…</p>`
    : w.tickets === 0
      ? html`<p class="error" data-testid="no-data">${T.workload.none}</p>`
      : html`<p>
            ${T.workload.range}：${w.days[0]} 至 ${w.days[w.days.length - 1]}（${w.days.length}
            ${T.workload.daysUnit}，${w.tickets} ${T.workload.tickets}）
          </p>
          <table class="big" data-testid="workload-table">
            <thead>
              <tr>
                <th>${T.workload.service}</th>
                <th class="num">${T.workload.perDay}</th>
                <th class="num">${T.workload.served}</th>
                <th class="num">${T.workload.mean}</th>
                <th class="num">${T.workload.expected}</th>
                <th class="num">${T.workload.cv}</th>
              </tr>
            </thead>
            <tbody>
              ${[...w.services]
                .sort((a, b) => b.perDay - a.perDay)
                .map(
                  (s) =>
                    html`<tr data-service="${s.serviceId}">
                      <td>${s.name}</td>
                      <td class="num">${f1(s.perDay)}</td>
                      <td class="num">${s.served}</td>
                      <td class="num">${s.meanMinutes === null ? '—' : f1(s.meanMinutes)}</td>
                      <td class="num">${s.expectedMinutes ?? '—'}</td>
                      <td class="num">${s.cv === null ? '—' : s.cv.toFixed(2)}</td>
                    </tr>`,
                )}
            </tbody>
          </table>
          <p class="muted">
            ${fill(T.workload.shares, {
              p: pct(w.priorityShare),
              a: pct(w.appointmentShare),
              n: pct(w.noShowShare),
              l: pct(w.abandonShare),
            })}${peakText(w)}
          </p>`;
  return html`<section class="card">
    <h2>${T.workload.title}</h2>
    <div class="bar">
      <label class="inline"
        >${T.workload.days}
        <input id="days" type="number" min="1" max="120" value="${days}" data-testid="days" />
        ${T.workload.daysUnit}</label
      >
      <button data-action="refresh">${T.workload.refresh}</button>
    </div>
    ${body}
  </section>`;
}

function peakText(w: AdvisorWorkloadView): string {
  const peak = [...w.profile].sort((a, b) => b.rate - a.rate)[0];
  return peak ? `；${T.workload.peak} ${peak.from}–${peak.to}（${peak.rate.toFixed(1)} 倍）` : '';
}

// ---- the job --------------------------------------------------------------------------

function setupSection(): Raw {
  return html`<section class="card">
    <h2>${T.setup.title}</h2>
    <div class="bar">
      <label class="inline"
        ><input type="checkbox" id="use-cross" checked data-testid="use-cross" />
        ${T.setup.crossTrain}
        <input id="cross-k" type="number" min="1" max="60" value="10" data-testid="cross-k" />
        ${T.setup.crossTrainUnit}
        <select id="per-clerk">
          <option value="1">1</option>
          <option value="2">2</option>
        </select>
        ${T.setup.crossTrainItems}</label
      >
    </div>
    <div class="bar">
      <label class="inline"
        ><input type="checkbox" id="use-convert" checked data-testid="use-convert" />
        ${T.setup.convert}
        <input id="convert-k" type="number" min="1" max="60" value="10" data-testid="convert-k" />
        ${T.setup.convertUnit}</label
      >
    </div>
    <div class="bar">
      <label class="inline"
        >${T.setup.confirmDays}
        <input
          id="confirm-days"
          type="number"
          min="2"
          max="60"
          value="20"
          data-testid="confirm-days"
      /></label>
      <button class="primary" id="start" data-action="start" data-testid="start" disabled>
        ${T.setup.start}
      </button>
    </div>
    <div id="progress"></div>
  </section>`;
}

function progressHtml(): Raw {
  return html`${
    job?.status === 'running'
      ? html`<p data-testid="progress">
          ${T.setup.running}
          <progress value="${job.progress.done}" max="${job.progress.total}"></progress>
          <span class="muted">${job.progress.message}</span>
        </p>`
      : ''
  }
  ${
    job?.status === 'failed'
      ? html`<p class="error" data-testid="failed">${T.setup.failed}${job.error}</p>`
      : ''
  }`;
}

function proposalTitle(p: AdvisorProposalView): string {
  return p.budget.kind === 'convert'
    ? fill(T.result.convert, { k: p.budget.k })
    : fill(T.result.crossTrain, { k: p.budget.k });
}

function resultSection(): Raw {
  const result = job?.status === 'done' ? job.result : null;
  if (!result) return html``;
  const columns: [string, LayoutMetricsView][] = [
    [T.result.todayFifo, result.todayFifo],
    [T.result.todayPolicy, result.todayPolicy],
    ...result.proposals.map((p): [string, LayoutMetricsView] => [proposalTitle(p), p.metrics]),
  ];
  const base = result.todayFifo.mean.value;
  const row = (label: string, cell: (m: LayoutMetricsView) => Raw | string) =>
    html`<tr>
      <th>${label}</th>
      ${columns.map(([, m]) => html`<td class="num">${cell(m)}</td>`)}
    </tr>`;
  const services = Object.keys(result.todayFifo.serviceMeans).sort(
    (a, b) => (result.todayFifo.serviceMeans[b] ?? 0) - (result.todayFifo.serviceMeans[a] ?? 0),
  );
  return html`<section class="card" data-testid="result">
    <h2>${T.result.title}</h2>
    <p class="muted">${fill(T.result.note, { d: result.todayFifo.days })}</p>
    <table class="big compare" data-testid="compare">
      <thead>
        <tr>
          <th>${T.result.metric}</th>
          ${columns.map(([title]) => html`<th class="num">${title}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${row(T.result.mean, (m) => withCi(m.mean))} ${row(T.result.p90, (m) => withCi(m.p90))}
        ${row(T.result.p95, (m) => withCi(m.p95))} ${row(T.result.max, (m) => f1(m.max))}
        ${row(T.result.over30, (m) => pct(m.over30Share.value))}
        ${row(
          T.result.worst,
          (m) => html`${serviceName(m.worstService)} ${f1(m.worstServiceMean.value)}`,
        )}
        ${row(T.result.vsToday, (m) => {
          const change = base > 0 ? m.mean.value / base - 1 : 0;
          return html`<span class="${change < -0.005 ? 'better' : change > 0.005 ? 'worse' : ''}"
            >${change > 0 ? '+' : ''}${pct(change)}</span
          >`;
        })}
      </tbody>
    </table>
    <h3>${T.result.perService}</h3>
    <table class="big compare" data-testid="per-service">
      <thead>
        <tr>
          <th>${T.workload.service}</th>
          ${columns.map(([title]) => html`<th class="num">${title}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${services.map(
          (id) =>
            html`<tr>
              <td>${serviceName(id)}</td>
              ${columns.map(([, m]) => html`<td class="num">${f1(m.serviceMeans[id] ?? 0)}</td>`)}
            </tr>`,
        )}
      </tbody>
    </table>
    <div class="proposals">${result.proposals.map((p, n) => proposalCard(p, n))}</div>
  </section>`;
}

function proposalCard(p: AdvisorProposalView, n: number): Raw {
  const admin = session.me?.role === 'admin';
  return html`<div class="card proposal" data-testid="proposal-${n}">
    <h3>${proposalTitle(p)} · ${T.result.changes}</h3>
    ${
      p.windows.length === 0
        ? html`<p class="muted">${T.result.noChange}</p>`
        : html`<table class="big">
            <thead>
              <tr>
                <th>${T.result.window}</th>
                <th>${T.result.change}</th>
              </tr>
            </thead>
            <tbody>
              ${p.windows.map(
                (w) =>
                  html`<tr>
                    <td>${w.number}号 ${w.name}</td>
                    <td>
                      ${
                        w.kind === 'convert'
                          ? T.result.toComprehensive
                          : `${T.result.addService} ${w.added.map(serviceName).join('、')}`
                      }
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
    <div class="bar">
      <button data-action="export" data-n="${n}" data-testid="export-${n}">
        ${T.result.export}
      </button>
      <button
        class="primary"
        data-action="apply"
        data-n="${n}"
        data-testid="apply-${n}"
        ${!admin || p.windows.length === 0 ? 'disabled' : ''}
        title="${admin ? '' : T.result.applyAdminOnly}"
      >
        ${T.result.apply}
      </button>
    </div>
    ${admin ? '' : html`<p class="muted">${T.result.applyAdminOnly}</p>`}
  </div>`;
}

// ---- page -----------------------------------------------------------------------------

/** The page once; later renders refresh its parts, so the settings typed in stay. */
function render(): void {
  if (!document.getElementById('workload-box')) {
    const role = session.me?.role;
    root.innerHTML = html`<header class="top">
        <h1>${T.title}</h1>
        <span class="hall">${hallName}</span><span class="spacer"></span>
        ${role === 'admin' ? html`<a class="link" href="/admin">${T.back.admin}</a>` : ''}
        <a class="link" href="/reports">${T.back.reports}</a>
        <span>${session.me?.displayName ?? ''}</span
        ><button data-action="logout">${T.logout}</button>
      </header>
      <main class="advisor">
        <div id="workload-box"></div>
        ${setupSection()}
        <div id="result-box"></div>
      </main>`.html;
  }
  $('#progress').innerHTML = progressHtml().html;
  $('#result-box').innerHTML = resultSection().html;
  ($('#start') as HTMLButtonElement).disabled = job?.status === 'running' || !workload?.tickets;
}

async function loadWorkload(): Promise<void> {
  workload = await session.request<AdvisorWorkloadView>(
    'GET',
    `/api/advisor/workload?days=${days}`,
  );
  render();
  $('#workload-box').innerHTML = workloadSection().html;
}

function poll(): void {
  if (polling !== null) return;
  polling = window.setInterval(() => {
    if (!job || job.status !== 'running') {
      if (polling !== null) window.clearInterval(polling);
      polling = null;
      return;
    }
    session
      .request<AdvisorJobView>('GET', `/api/advisor/jobs/${job.id}`)
      .then((view) => {
        job = view;
        render();
      })
      .catch(showFailure);
  }, 1000);
}

function budgets(): AdvisorBudgetBody[] {
  const out: AdvisorBudgetBody[] = [];
  const value = (id: string) => Number(($(`#${id}`) as HTMLInputElement).value);
  if (($('#use-cross') as HTMLInputElement).checked)
    out.push({ kind: 'cross-train', k: value('cross-k'), perClerk: value('per-clerk') });
  if (($('#use-convert') as HTMLInputElement).checked)
    out.push({ kind: 'convert', k: value('convert-k') });
  return out;
}

async function act(action: string, target: HTMLElement): Promise<void> {
  try {
    if (action === 'logout') {
      await session.logout();
      for (const app of ['admin', 'reports']) sessionStorage.removeItem(`hallq.${app}.token`);
      location.reload();
    } else if (action === 'refresh') {
      days = Number(($('#days') as HTMLInputElement).value) || 20;
      await loadWorkload();
    } else if (action === 'start') {
      const chosen = budgets();
      if (chosen.length === 0) {
        toast(T.setup.pickOne, 'error');
        return;
      }
      job = await session.request<AdvisorJobView>('POST', '/api/advisor/jobs', {
        days,
        budgets: chosen,
        confirmDays: Number(($('#confirm-days') as HTMLInputElement).value) || 20,
      });
      render();
      poll();
    } else if (action === 'export' && job) {
      await session.download(
        `/api/advisor/jobs/${job.id}/proposals/${target.dataset.n}/config`,
        'advised-hall.json',
      );
    } else if (action === 'apply' && job) {
      if (!window.confirm(T.result.applyConfirm)) return;
      const answer = await session.request<{ changes: unknown[] }>(
        'POST',
        `/api/advisor/jobs/${job.id}/proposals/${target.dataset.n}/apply`,
      );
      toast(
        answer.changes.length > 0
          ? fill(T.result.applied, { n: answer.changes.length })
          : T.result.noop,
      );
    }
  } catch (failure) {
    showFailure(failure);
  }
}

async function start(): Promise<void> {
  if (!(await session.resume()))
    await loginScreen(root, session, { title: T.title, hint: T.loginHint });
  const snapshot = await session.request<HallSnapshot>('GET', '/api/hall');
  hallName = snapshot.hall.name;
  for (const s of snapshot.services) names.set(s.id, s.name);
  onAction(root, (action, target) => void act(action, target));
  // The latest job (a reload does not lose a running one).
  const jobs = await session.request<{ jobs: AdvisorJobView[] }>('GET', '/api/advisor/jobs');
  job = jobs.jobs[0] ?? null;
  render();
  await loadWorkload();
  if (job?.status === 'running') poll();
}

void start().catch(showFailure);

import '../staff-common/style.css';
import './style.css';
import type { HallSnapshot } from '../../../../shared/src/protocol/http';
import type { Report, ReportGrouping, ReportRow } from '../../../../shared/src/supervision/reports';
import {
  GROUP_HEAD_ZH,
  GROUPING_ZH,
  REPORT_COLUMNS,
  reportCell,
} from '../../../../shared/src/supervision/texts';
import { addDays, weekdayOf } from '../../../../shared/src/supervision/time';
import { $, html, onAction, raw } from '../staff-common/dom';
import { loginScreen, showFailure, StaffSession } from '../staff-common/session';
import { barChart, dayChart, ratingChart } from './charts';
import { COMMON } from '../staff-common/texts';
import { T } from './texts';
import { bundleSection } from './bundles';

/**
 * 电子监察与统计: pick a range and a grouping; the figures (GET /api/reports) as tiles,
 * charts and a table; CSV and Excel exports of the same figures.
 */

const root = document.getElementById('app') as HTMLElement;
const session = new StaffSession('reports', ['admin', 'manager']);
const GROUPINGS: ReportGrouping[] = ['service', 'window', 'clerk', 'area'];
let today = '';
let hallName = '';
let report: Report | null = null;

function query(): { from: string; to: string; by: ReportGrouping } {
  const from = ($('#from') as HTMLInputElement).value || today;
  const to = ($('#to') as HTMLInputElement).value || from;
  const by = ($('#by') as HTMLSelectElement).value as ReportGrouping;
  return { from, to, by };
}

function preset(name: string): [string, string] {
  const monthStart = `${today.slice(0, 8)}01`;
  switch (name) {
    case 'week':
      return [addDays(today, -weekdayOf(today)), today];
    case 'month':
      return [monthStart, today];
    case 'lastMonth': {
      const end = addDays(monthStart, -1);
      return [`${end.slice(0, 8)}01`, end];
    }
    default:
      return [today, today];
  }
}

function layout(): void {
  root.innerHTML = html`<header class="top">
      <h1>${T.title}</h1>
      <span class="hall">${hallName}</span><span class="spacer"></span>
      <span>${session.me?.displayName ?? ''}</span><button data-action="logout">${T.logout}</button>
    </header>
    <main class="reports">
      <section class="card controls">
        <label>${T.from}<input type="date" id="from" value="${today}" data-testid="from" /></label>
        <label>${T.to}<input type="date" id="to" value="${today}" data-testid="to" /></label>
        <div class="presets">
          ${Object.entries(T.presets).map(
            ([key, label]) =>
              html`<button data-action="preset" data-preset="${key}">${label}</button>`,
          )}
        </div>
        <label
          >${T.by}<select id="by" data-testid="by">
            ${GROUPINGS.map((g) => html`<option value="${g}">${GROUPING_ZH[g]}</option>`)}
          </select></label
        >
        <button class="primary" data-action="query" data-testid="query">${T.query}</button>
        <span class="spacer"></span>
        <button data-action="csv" data-testid="csv">${T.csv}</button>
        <button data-action="xlsx" data-testid="xlsx">${T.xlsx}</button>
      </section>
      <div id="result"></div>
    </main>`.html;
  onAction(root, (action, target) => void act(action, target));
  ($('#by') as HTMLSelectElement).addEventListener('change', () => void load());
}

const fmt = (v: number | null, unit = '') => (v === null ? '—' : `${v}${unit}`);

function tiles(total: ReportRow) {
  const items: [string, string, string][] = [
    ['issued', T.tiles.issued, fmt(total.issued)],
    ['served', T.tiles.served, fmt(total.served)],
    ['wait', T.tiles.wait, fmt(total.waitMeanMinutes, ` ${T.minutes}`)],
    ['p90', T.tiles.p90, fmt(total.waitP90Minutes, ` ${T.minutes}`)],
    ['service', T.tiles.service, fmt(total.serviceMeanMinutes, ` ${T.minutes}`)],
    ['breaches', T.tiles.breaches, fmt(total.timeLimitBreaches)],
    ['noShows', T.tiles.noShows, fmt(total.noShows)],
    ['goodRate', T.tiles.goodRate, fmt(total.goodRate, '%')],
  ];
  return html`<section class="tiles">
    ${items.map(
      ([key, label, value]) =>
        html`<div class="tile" data-testid="tile-${key}">
          <span>${label}</span><b>${value}</b>
        </div>`,
    )}
  </section>`;
}

function render(): void {
  const box = $('#result');
  if (!report) {
    box.innerHTML = '';
    return;
  }
  const r = report;
  const active = r.rows.filter((row) => row.called + (row.issued ?? 0) + row.ratingsTotal > 0);
  const top = [...active].sort((a, b) => b.served - a.served).slice(0, 12);
  const rated = [...active]
    .filter((row) => row.ratingsTotal > 0)
    .sort((a, b) => b.ratingsTotal - a.ratingsTotal)
    .slice(0, 10);
  const head = [GROUP_HEAD_ZH[r.by], ...REPORT_COLUMNS.map(([, zh]) => zh)];
  const line = (row: ReportRow, total = false) =>
    html`<tr class="${total ? 'total' : ''}" data-testid="row-${row.key}">
      <td>${row.label}</td>
      ${REPORT_COLUMNS.map(([field]) => html`<td class="num">${fmt(reportCell(row, field))}</td>`)}
    </tr>`;
  box.innerHTML = html`${tiles(r.total)}
    ${
      active.length === 0
        ? html`<p class="card muted" data-testid="empty">${T.empty}</p>`
        : html`<section class="charts">
            <div class="card">
              <h2>${T.charts.served}${T.charts.top.replace('{n}', String(top.length))}</h2>
              ${raw(barChart(top.map((row) => ({ label: row.label, value: row.served }))))}
            </div>
            <div class="card">
              <h2>${T.charts.ratings}</h2>
              ${
                rated.length
                  ? raw(
                      ratingChart([
                        { label: COMMON.total, ratings: r.total.ratings },
                        ...rated.map((row) => ({ label: row.label, ratings: row.ratings })),
                      ]),
                    )
                  : html`<p class="muted">${T.charts.noRatings}</p>`
              }
            </div>
            ${
              r.days.length > 1
                ? html`<div class="card wide">
                    <h2>${T.charts.days}</h2>
                    ${raw(dayChart(r.days, { issued: T.charts.issued, served: T.charts.done }))}
                  </div>`
                : ''
            }
          </section>`
    }
    <section class="card table">
      <h2>
        ${T.table} · ${GROUPING_ZH[r.by]} ·
        ${r.from === r.to ? r.from : `${r.from} ${COMMON.to} ${r.to}`}
      </h2>
      <div class="scroll">
        <table data-testid="report-table">
          <thead>
            <tr>
              ${head.map((h, i) => html`<th class="${i ? 'num' : ''}">${h}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${r.rows.map((row) => line(row))}${line(r.total, true)}
          </tbody>
        </table>
      </div>
      <p class="muted">${T.generated}</p>
    </section>
    ${bundleSection(r)}`.html;
}

async function load(): Promise<void> {
  const q = query();
  $('#result').innerHTML = html`<p class="muted">${T.loading}</p>`.html;
  try {
    report = await session.request<Report>(
      'GET',
      `/api/reports?from=${q.from}&to=${q.to}&by=${q.by}`,
    );
    render();
  } catch (failure) {
    $('#result').innerHTML = '';
    showFailure(failure);
  }
}

async function act(action: string, target: HTMLElement): Promise<void> {
  try {
    if (action === 'logout') {
      await session.logout();
      location.reload();
    } else if (action === 'preset') {
      const [from, to] = preset(target.dataset.preset ?? 'today');
      ($('#from') as HTMLInputElement).value = from;
      ($('#to') as HTMLInputElement).value = to;
      await load();
    } else if (action === 'query') await load();
    else if (action === 'csv' || action === 'xlsx') {
      const q = query();
      await session.download(
        `/api/reports?from=${q.from}&to=${q.to}&by=${q.by}&format=${action}`,
        `report.${action}`,
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
  today = snapshot.day;
  hallName = snapshot.hall.name;
  layout();
  await load();
}

void start();

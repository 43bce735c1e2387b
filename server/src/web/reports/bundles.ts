import type { Report } from '../../../../shared/src/supervision/reports';
import { html, type Raw } from '../staff-common/dom';

/**
 * 一件事一次办 on the reports page: per bundle, started / finished, first call → last
 * finish, and per step the wait and how many stalled there (shared/src/supervision/
 * bundle-report.ts). Shown only when the range has bundle tickets.
 */
const num = (x: number | null) => (x === null ? '—' : String(x));

export function bundleSection(report: Report): Raw | '' {
  const bundles = report.bundles?.filter((b) => b.started > 0) ?? [];
  if (bundles.length === 0) return '';
  return html`<section class="card table" data-testid="bundle-report">
    <h2>一件事一次办 <span class="muted">开始、办结、首次叫号至最后办结用时、卡在哪一步</span></h2>
    ${bundles.map(
      (b) =>
        html`<h3 data-testid="bundle-${b.bundleId}">
            ${b.name}：开始 ${b.started} · 办结 ${b.finished} · 未办结 ${b.unfinished} · 用时平均
            ${num(b.spanMeanMinutes)} 分钟（最长 ${num(b.spanMaxMinutes)}）
          </h3>
          <div class="scroll">
            <table>
              <thead>
                <tr>
                  <th>步骤</th>
                  <th class="num">到达</th>
                  <th class="num">办结</th>
                  <th class="num">平均等候（分钟）</th>
                  <th class="num">最长等候</th>
                  <th class="num">停滞</th>
                </tr>
              </thead>
              <tbody>
                ${b.steps.map(
                  (s, i) =>
                    html`<tr>
                      <td>${i + 1}. ${s.serviceName}</td>
                      <td class="num">${s.reached}</td>
                      <td class="num">${s.finished}</td>
                      <td class="num">${num(s.waitMeanMinutes)}</td>
                      <td class="num">${num(s.waitMaxMinutes)}</td>
                      <td class="num">${s.stuck}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>`,
    )}
  </section>`;
}

import './bundle.css';
import type { TicketView } from '../../../../shared/src/protocol/http';
import type { BundleGoTo } from '../../../../shared/src/protocol/bundle-views';
import { escapeHtml } from '../staff-common/dom';

/**
 * 一件事一次办 on the citizen's status page: the steps done and to do, and where to go now
 * ("下一步：请到 36号窗口 办理 公安") or after the step being served.
 */

const BUNDLE_TEXT = {
  progress: { zh: '一件事一次办 · 第 {done}/{total} 步', en: 'Step {done} of {total}' },
  goNow: { zh: '下一步：请到 {windows} 办理 {service}', en: 'Next: go to {windows} for {service}' },
  after: { zh: '办完后下一步：{service}（{windows}）', en: 'After this: {service} ({windows})' },
  noNewTicket: { zh: '无需重新取号，保留原排队顺序', en: 'No new ticket: you keep your place' },
  done: { zh: '已办', en: 'done' },
  skipped: { zh: '无需办理', en: 'not needed' },
  current: { zh: '当前', en: 'now' },
};

/** "36号窗口", "1–8号窗口", "36–39、54号窗口". */
export function windowsText(numbers: readonly number[]): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] as number) + 1) j += 1;
    runs.push(i === j ? `${sorted[i]}` : `${sorted[i]}–${sorted[j]}`);
    i = j + 1;
  }
  return `${runs.join('、')}号窗口`;
}

const fill = (text: string, go: BundleGoTo) =>
  text.replace('{windows}', windowsText(go.windowNumbers)).replace('{service}', go.serviceName);

export function bundleProgress(ticket: TicketView): string {
  const bundle = ticket.bundle;
  if (!bundle) return '';
  const heading = BUNDLE_TEXT.progress.zh
    .replace(
      '{done}',
      String(Math.min(bundle.done + (ticket.status === 'done' ? 0 : 1), bundle.total)),
    )
    .replace('{total}', String(bundle.total));
  const goNow = bundle.current
    ? `<p class="bundle-next" data-testid="bundle-next">${escapeHtml(fill(BUNDLE_TEXT.goNow.zh, bundle.current))}<span class="en">${escapeHtml(fill(BUNDLE_TEXT.goNow.en, bundle.current))}</span></p>
       <p class="bundle-keep">${escapeHtml(BUNDLE_TEXT.noNewTicket.zh)}</p>`
    : '';
  const after =
    bundle.next && (ticket.status === 'called' || ticket.status === 'serving')
      ? `<p class="bundle-after" data-testid="bundle-after">${escapeHtml(fill(BUNDLE_TEXT.after.zh, bundle.next))}</p>`
      : '';
  const steps = bundle.steps
    .map((s) => {
      const mark =
        s.status === 'done'
          ? BUNDLE_TEXT.done.zh
          : s.status === 'skipped'
            ? BUNDLE_TEXT.skipped.zh
            : s.status === 'current'
              ? BUNDLE_TEXT.current.zh
              : '';
      return `<li class="step-${s.status}" data-step="${escapeHtml(s.serviceId)}">${escapeHtml(s.serviceName)}${mark ? `<small>${escapeHtml(mark)}</small>` : ''}</li>`;
    })
    .join('');
  return `<section class="bundle" data-testid="bundle">
    <h2>${escapeHtml(bundle.name)} · <span data-testid="bundle-progress">${escapeHtml(heading)}</span></h2>
    ${goNow}${after}
    <ol class="bundle-steps">${steps}</ol>
  </section>`;
}

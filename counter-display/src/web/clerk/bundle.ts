import './bundle.css';
import type { TicketView } from '../../../../shared/src/protocol/http';
import { escapeHtml } from '../common/dom';

/**
 * 一件事一次办 at the clerk's console: the current bundle ticket's steps, with 跳过 on an
 * optional step still to do and 增加步骤 for a service the citizen turns out to need
 * (POST /api/windows/:id/steps, …/steps/:serviceId/skip). Finishing (F) a step with
 * steps left sends the citizen on, or keeps them here when this window serves the next.
 */

const MARK: Record<string, string> = {
  done: '已办',
  current: '当前',
  pending: '待办',
  skipped: '已跳过',
};

export function bundlePanel(
  ticket: TicketView | null,
  services: readonly { id: string; name: string; prefix: string }[],
): string {
  const bundle = ticket?.bundle;
  if (!bundle) return '';
  const steps = bundle.steps
    .map(
      (s, i) => `<li class="step-${s.status}" data-testid="step-${escapeHtml(s.serviceId)}">
        <span class="no">${i + 1}</span><span class="name">${escapeHtml(s.serviceName)}</span>
        <span class="mark">${MARK[s.status] ?? s.status}${s.windowNumber ? ` · ${s.windowNumber}号` : ''}${s.added ? ' · 增加' : ''}${s.optional && s.status === 'pending' ? ' · 按需' : ''}</span>
        ${
          s.status === 'pending' && s.optional
            ? `<button type="button" class="step-skip" data-skip-step="${escapeHtml(s.serviceId)}" data-testid="skip-${escapeHtml(s.serviceId)}">跳过</button>`
            : ''
        }
      </li>`,
    )
    .join('');
  const inBundle = new Set(
    bundle.steps.filter((s) => s.status !== 'skipped').map((s) => s.serviceId),
  );
  const options = services
    .filter((s) => !inBundle.has(s.id))
    .map(
      (s) =>
        `<option value="${escapeHtml(s.id)}">${escapeHtml(s.prefix)} · ${escapeHtml(s.name)}</option>`,
    )
    .join('');
  const next = bundle.next
    ? `<p class="bundle-next">办结后下一步：<b>${escapeHtml(bundle.next.serviceName)}</b></p>`
    : '<p class="bundle-next">这是最后一步</p>';
  return `<div class="bundle-panel" data-testid="bundle-panel">
    <h3>一件事一次办 · ${escapeHtml(bundle.name)} <span class="en">${bundle.done}/${bundle.total}</span></h3>
    <ol class="bundle-steps">${steps}</ol>
    ${next}
    <div class="step-add"><select data-testid="add-step-service" aria-label="增加步骤">${options}</select><button type="button" data-add-step data-testid="add-step">增加步骤</button></div>
  </div>`;
}

/** Wires the panel's buttons (once, on the card that is re-rendered). */
export function bindBundleActions(
  card: HTMLElement,
  post: (path: string, body: unknown) => Promise<void>,
): void {
  card.addEventListener('click', (event) => {
    const target = event.target as HTMLElement;
    const skip = target.closest<HTMLButtonElement>('button[data-skip-step]');
    if (skip) {
      skip.disabled = true;
      void post(`steps/${encodeURIComponent(skip.dataset.skipStep ?? '')}/skip`, {});
      return;
    }
    const add = target.closest<HTMLButtonElement>('button[data-add-step]');
    if (add) {
      const select = card.querySelector<HTMLSelectElement>('[data-testid="add-step-service"]');
      if (!select?.value) return;
      add.disabled = true;
      void post('steps', { serviceId: select.value });
    }
  });
}

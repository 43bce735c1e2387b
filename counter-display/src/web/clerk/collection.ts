import './collection.css';
import type { FinishedTicket } from '../../../../shared/src/protocol/notify';
import { escapeHtml, setHtml } from '../common/dom';
import { apiCall, ApiFailure } from '../common/hall';

/**
 * 出件 on the clerk's console: the tickets this window finished today, each with a
 * 可取件 button once the result (certificate, licence) is ready. The citizen is told on
 * the status page and by SMS, and takes a collection ticket for the output windows.
 */

function panel(): HTMLElement | null {
  const queue = document.querySelector<HTMLElement>('.console .queue');
  if (!queue) return null;
  let box = queue.querySelector<HTMLElement>('[data-testid="collection"]');
  if (!box) {
    box = document.createElement('div');
    box.className = 'collection';
    box.dataset.testid = 'collection';
    queue.append(box);
  }
  return box;
}

function render(box: HTMLElement, tickets: FinishedTicket[], note = ''): void {
  setHtml(
    box,
    `<h2>出件 <span class="en">Results for collection</span></h2>
    ${
      tickets.length
        ? `<ul>${tickets
            .map(
              (
                t,
              ) => `<li data-testid="finished-${escapeHtml(t.number)}"><b class="num">${escapeHtml(t.number)}</b> ${escapeHtml(t.serviceName)}
              ${
                t.readyForCollection
                  ? '<span class="ready">已通知取件</span>'
                  : `<button type="button" data-ready="${escapeHtml(t.id)}">可取件 <span class="en">Ready</span></button>`
              }</li>`,
            )
            .join('')}</ul>`
        : '<p class="none">今天本窗口还没有办结的号</p>'
    }${note ? `<p class="note">${escapeHtml(note)}</p>` : ''}`,
  );
}

/** Reloads the list; called with the console's own (throttled) refresh. */
export async function refreshCollection(token: string, windowId: string): Promise<void> {
  const box = panel();
  if (!box) return;
  if (!box.dataset.bound) {
    box.dataset.bound = '1';
    box.addEventListener('click', (event) => {
      const button = (event.target as HTMLElement).closest<HTMLButtonElement>('[data-ready]');
      const id = button?.dataset.ready;
      if (!button || !id) return;
      button.disabled = true;
      apiCall('POST', `/api/tickets/${encodeURIComponent(id)}/ready`, { token, body: {} })
        .then(() => refreshCollection(token, windowId))
        .catch((error: unknown) => {
          button.disabled = false;
          box.querySelector('.note')?.remove();
          box.insertAdjacentHTML(
            'beforeend',
            `<p class="note">${escapeHtml(error instanceof ApiFailure ? error.zh : '操作失败')}</p>`,
          );
        });
    });
  }
  try {
    const answer = await apiCall<{ tickets: FinishedTicket[] }>(
      'GET',
      `/api/collections?windowId=${encodeURIComponent(windowId)}`,
      { token },
    );
    render(box, answer.tickets);
  } catch {
    // The console shows the connection state; the next refresh tries again.
  }
}

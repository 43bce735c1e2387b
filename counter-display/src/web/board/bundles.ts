import './bundles.css';
import type { PublicEvent } from '../../../../shared/src/protocol/events';
import { escapeHtml } from '../common/dom';

type StepFinished = Extract<PublicEvent, { type: 'ticket.step-finished' }>;

/** "36–39、54号窗口" from window numbers. */
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

/**
 * 一件事一次办 on the hall board: when a bundle ticket's step is done and it goes on to
 * another window, the board says where ("F001 下一步 → 36号窗口 公安"). The last few, newest
 * first; a ticket called again leaves the list.
 */
export class BundleNextSteps {
  private items: StepFinished[] = [];

  hear(event: PublicEvent): boolean {
    if (event.type === 'ticket.step-finished' && !event.stay) {
      this.items = [event, ...this.items.filter((e) => e.ticketId !== event.ticketId)].slice(0, 4);
      return true;
    }
    if (event.type === 'ticket.called' || event.type === 'ticket.cancelled') {
      const before = this.items.length;
      this.items = this.items.filter((e) => e.ticketId !== event.ticketId);
      return before !== this.items.length;
    }
    if (event.type === 'day.started') this.items = [];
    return false;
  }

  html(): string {
    if (this.items.length === 0) return '';
    return `<h3>一件事一次办 · 下一步 <span class="en">Next step</span></h3><ul>${this.items
      .map(
        (e) =>
          `<li data-ticket="${escapeHtml(e.number)}"><span class="number num">${escapeHtml(e.number)}</span><span class="arrow">→</span><span class="to">${escapeHtml(windowsText(e.nextWindowNumbers))}</span><span class="svc">${escapeHtml(e.nextServiceName)}</span></li>`,
      )
      .join('')}</ul>`;
  }
}

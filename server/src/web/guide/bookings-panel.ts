import type { BookingDaySummary } from '../../../../shared/src/protocol/bookings';
import { html, raw, type Raw } from '../staff-common/dom';

/**
 * 预约办 (issue 8) on the guide console: today's bookings per service and slot (booked,
 * checked in, late, missed), and the no-shows, from GET /api/bookings.
 */
export function bookingsPanel(summary: BookingDaySummary | null): Raw {
  if (!summary) return html`<p class="muted">…</p>`;
  const t = summary.totals;
  const rows = summary.services.flatMap((service) =>
    service.slots.map(
      (slot, i) =>
        html`<tr
          data-testid="booking-row"
          data-service="${service.serviceId}"
          data-slot="${slot.start}"
        >
          <td>
            ${i === 0 ? `${service.serviceName}（每时段 ${service.capacityPerSlot} 个）` : ''}
          </td>
          <td>${slot.start}–${slot.end}</td>
          <td>${slot.booked}</td>
          <td>${slot.checkedIn}</td>
          <td>${slot.late}</td>
          <td class="${slot.noShows ? 'bad' : ''}">${slot.noShows}</td>
          <td>${slot.cancelled}</td>
        </tr>`.html,
    ),
  );
  const noShows = summary.noShows.map(
    (n) =>
      html`<li data-testid="no-show">
        ${n.slot} ${n.serviceName} · 预约码 ${n.code} · ${n.maskedPhone}
      </li>`.html,
  );
  return html`<section class="card bookings" data-testid="bookings-panel">
    <h2>今日预约 ${summary.day}</h2>
    <p data-testid="booking-totals">
      待签到 ${t.booked} · 已签到 ${t.checkedIn} · 逾时 ${t.late} · 未到 ${t.noShows} · 已取消
      ${t.cancelled}
    </p>
    ${
      rows.length
        ? html`<table class="bookings-table">
            <thead>
              <tr>
                <th>事项</th>
                <th>时段</th>
                <th>待签到</th>
                <th>已签到</th>
                <th>逾时</th>
                <th>未到</th>
                <th>已取消</th>
              </tr>
            </thead>
            <tbody>
              ${raw(rows.join(''))}
            </tbody>
          </table>`
        : html`<p class="muted">今天没有预约</p>`
    }
    <h3>预约未到（爽约）</h3>
    ${
      noShows.length
        ? html`<ul>
            ${raw(noShows.join(''))}
          </ul>`
        : html`<p class="muted">无</p>`
    }
  </section>`;
}

import type { HallConfig } from '../domain/hall-config';
import type { HallState } from '../domain/hall-state';
import type { Ticket } from '../domain/ticket';
import { slotCapacity } from './rules';

const HOUR = 60 * 60_000;

/**
 * Appointment tickets of a service that may be called per hour ahead of its walk-ins: the
 * configured cap, or by default the bookable places of an hour (what the walk-in share
 * leaves), at least 1.
 */
export function appointmentCallCap(config: HallConfig, serviceId: string): number {
  // Halls built in code (tests, the simulator) may lack the section: no cap then.
  const settings = config.appointments as HallConfig['appointments'] | undefined;
  if (!settings) return Infinity;
  if (settings.callsPerServicePerHour !== null) return settings.callsPerServicePerHour;
  return Math.max(1, Math.ceil((slotCapacity(config, serviceId) * 60) / settings.slotMinutes));
}

function appointmentCallsSince(state: HallState, serviceId: string, since: number): number {
  let n = 0;
  for (const ticket of state.tickets.values()) {
    if (
      ticket.serviceId === serviceId &&
      ticket.priority === 'appointment' &&
      ticket.calledAt !== null &&
      ticket.calledAt > since
    )
      n += 1;
  }
  return n;
}

/**
 * The ticket a window should consider first in a service's queue: its head, unless that is
 * an appointment ticket and the service has called its hourly cap of appointments in the
 * last hour; then the first walk-in behind it (when there is none, the appointment: no
 * window idles for the cap).
 */
export function cappedHead(
  state: HallState,
  serviceId: string,
  queue: readonly Ticket[],
  now: number,
): Ticket | undefined {
  const head = queue[0];
  if (!head || head.priority !== 'appointment') return head;
  const walkIn = queue.find((t) => t.priority !== 'appointment');
  if (!walkIn) return head;
  const cap = appointmentCallCap(state.config, serviceId);
  if (!Number.isFinite(cap)) return head;
  return appointmentCallsSince(state, serviceId, now - HOUR) >= cap ? walkIn : head;
}

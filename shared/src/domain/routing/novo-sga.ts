import type { Ticket } from '../ticket';
import type { RoutingPolicy } from './policy';

const isAppointment = (t: Ticket): boolean =>
  t.channel === 'appointment' || t.priority === 'appointment';

/**
 * P3, the Novo SGA rule: among the services the window serves, appointments first (by
 * appointment time; the core records check-in, which stands in for the slot), then by
 * service weight (the window's order of preference: its own service first), then by
 * priority weight (a priority ticket before an ordinary one, whatever their times), then
 * by arrival.
 */
export const novoSgaPolicy: RoutingPolicy = {
  name: 'novo-sga',
  description: 'Appointments, then service weight, then priority weight, then arrival',
  pick({ state, services }) {
    let appointment: Ticket | null = null;
    for (const serviceId of services) {
      for (const t of state.waiting(serviceId)) {
        if (isAppointment(t) && (!appointment || t.issuedAt < appointment.issuedAt))
          appointment = t;
      }
    }
    if (appointment) return appointment;
    for (const serviceId of services) {
      let best: Ticket | null = null;
      for (const t of state.waiting(serviceId)) {
        const weight = t.priority ? 1 : 0;
        const bestWeight = best?.priority ? 1 : 0;
        if (!best || weight > bestWeight || (weight === bestWeight && t.issuedAt < best.issuedAt))
          best = t;
      }
      if (best) return best;
    }
    return null;
  },
};

import { createPolicy } from '../../shared/src/domain/routing';
import type { DomainEvent, HallConfig, Ticket } from '../../shared/src/domain';
import { simulateDay } from '../../shared/src/sim/simulator';
import type { Workload } from '../../shared/src/sim/workload';
import type { Db } from '../../server/src/store/db';
import { HallStore } from '../../server/src/store/hall-store';

/**
 * Past days of a hall written into its database: the simulator runs each day through the
 * real core (HallCore), and its tickets and their first call / cancellation are stored as
 * the server stores them (tickets table, event log). The truth (the workload) is known, so
 * tests can check what the advisor estimates from the database against it.
 * Simulated day n is 2026-03-02 + n (the simulated hall works every day).
 */
export function writeSimulatedDays(
  db: Db,
  hall: HallConfig,
  workload: Workload,
  options: { days: number; seed?: number; policy?: string; firstDay?: number },
): { tickets: number; days: string[] } {
  const store = new HallStore(db);
  let seq = store.lastSeq();
  let count = 0;
  const days = new Set<string>();
  const append = (event: DomainEvent) => {
    seq += 1;
    store.appendEvent({
      seq,
      event,
      public: { seq, type: event.type } as never,
      actor: { kind: 'system', id: null },
    });
  };
  for (let d = 0; d < options.days; d += 1) {
    const day = (options.firstDay ?? 0) + d;
    const result = simulateDay(
      hall,
      workload,
      createPolicy(options.policy ?? 'balanced'),
      options.seed ?? 1,
      day,
    );
    db.transaction(() => {
      for (const record of result.tickets) {
        const ticket = result.state.tickets.get(record.id) as Ticket | undefined;
        if (!ticket) continue;
        days.add(ticket.day);
        count += 1;
        append({ type: 'ticket.issued', at: ticket.issuedAt, ticket });
        if (record.wait !== null && record.windowId)
          append({
            type: 'ticket.called',
            at: ticket.issuedAt + Math.round(record.wait * 60_000),
            ticketId: ticket.id,
            windowId: record.windowId,
          });
        if (record.outcome === 'abandoned')
          append({
            type: 'ticket.cancelled',
            at: ticket.issuedAt + Math.round((record.waitedUncalled ?? 0) * 60_000),
            ticketId: ticket.id,
            reason: 'abandoned',
            freedWindowId: null,
          });
        store.saveTicket(ticket);
      }
    })();
  }
  return { tickets: count, days: [...days].sort() };
}

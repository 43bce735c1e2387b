import type { RatingDimension, RatingLevel } from '../../../../shared/src/domain/ticket';

/**
 * The rating pad's states, as a pure reducer (the page adds timers, the network and the
 * screen): idle → ask (a ticket was finished at this window) → reasons (a level chosen,
 * reasons optional) → sending → thanks → idle. Asking times out politely (farewell), and
 * a ticket rated elsewhere (the citizen's phone) ends the question.
 */

export interface RatedTicket {
  id: string;
  number: string;
  serviceId: string;
}

export type PadState =
  | { kind: 'idle' }
  | { kind: 'ask'; ticket: RatedTicket }
  | { kind: 'reasons'; ticket: RatedTicket; level: RatingLevel; reasons: RatingDimension[] }
  | { kind: 'sending'; ticket: RatedTicket; level: RatingLevel; reasons: RatingDimension[] }
  | { kind: 'thanks'; level: RatingLevel | null }
  | { kind: 'farewell' }
  | { kind: 'failed'; messageZh: string };

export type PadInput =
  | { type: 'finished'; ticket: RatedTicket }
  | { type: 'rated-elsewhere'; ticketId: string }
  | { type: 'level'; level: RatingLevel }
  | { type: 'toggle-reason'; reason: RatingDimension }
  | { type: 'submit' }
  | { type: 'sent' }
  | { type: 'refused'; code: string | null; messageZh: string }
  | { type: 'timeout' };

/** How long each state lasts without a touch (ms); `null`: until something happens. */
export const TIMEOUTS: Record<PadState['kind'], number | null> = {
  idle: null,
  ask: 60_000,
  reasons: 20_000,
  sending: null,
  thanks: 6_000,
  farewell: 5_000,
  failed: 6_000,
};

export function next(state: PadState, input: PadInput): PadState {
  switch (input.type) {
    case 'finished':
      // A new citizen is done: ask them (a question still open for the previous one ends).
      return state.kind === 'sending' ? state : { kind: 'ask', ticket: input.ticket };
    case 'rated-elsewhere':
      return 'ticket' in state && state.ticket.id === input.ticketId && state.kind !== 'sending'
        ? { kind: 'thanks', level: null }
        : state;
    case 'level':
      if (state.kind !== 'ask' && state.kind !== 'reasons') return state;
      return {
        kind: 'reasons',
        ticket: state.ticket,
        level: input.level,
        reasons: state.kind === 'reasons' ? state.reasons : [],
      };
    case 'toggle-reason':
      if (state.kind !== 'reasons') return state;
      return {
        ...state,
        reasons: state.reasons.includes(input.reason)
          ? state.reasons.filter((r) => r !== input.reason)
          : [...state.reasons, input.reason],
      };
    case 'submit':
      return state.kind === 'reasons' ? { ...state, kind: 'sending' } : state;
    case 'sent':
      return state.kind === 'sending' ? { kind: 'thanks', level: state.level } : state;
    case 'refused':
      if (state.kind !== 'sending') return state;
      // Rated already (from the phone): thank them all the same.
      if (input.code === 'ALREADY_RATED') return { kind: 'thanks', level: null };
      return { kind: 'failed', messageZh: input.messageZh };
    case 'timeout':
      switch (state.kind) {
        case 'ask':
          return { kind: 'farewell' };
        case 'reasons':
          return { ...state, kind: 'sending' }; // the level chosen is sent, reasons as they are
        case 'thanks':
        case 'farewell':
        case 'failed':
          return { kind: 'idle' };
        default:
          return state;
      }
  }
}

import { Router, type Request } from 'express';
import { HallError, type Command, type HallState } from '../../../../shared/src/domain';
import {
  emptyBody,
  extraServicesBody,
  extendedBody,
  idParam,
  pauseBody,
  ticketView,
  transferBody,
  windowView,
} from '../../../../shared/src/protocol';
import { actorOf, type Principal } from '../../auth/principal';
import { requirePrincipal } from '../authenticate';
import type { ServerContext } from '../context';
import { parse } from '../errors';
import { maskPiiInText } from '../../../../shared/src/pii';

type Action =
  'next' | 'recall' | 'start' | 'finish' | 'no-show' | 'transfer' | 'pause' | 'resume' | 'extended';

const TICKET_ACTIONS: Record<string, (windowId: string, body: unknown) => Command> = {
  next: (windowId, body) => (parse(emptyBody, body), { type: 'call-next', windowId }),
  recall: (windowId, body) => (parse(emptyBody, body), { type: 'recall', windowId }),
  start: (windowId, body) => (parse(emptyBody, body), { type: 'start', windowId }),
  finish: (windowId, body) => (parse(emptyBody, body), { type: 'finish', windowId }),
  'no-show': (windowId, body) => (parse(emptyBody, body), { type: 'no-show', windowId }),
  transfer: (windowId, body) => {
    const parsed = parse(transferBody, body);
    return {
      type: 'transfer',
      windowId,
      toServiceId: parsed.serviceId ?? null,
      toWindowId: parsed.windowId ?? null,
    };
  },
};

const WINDOW_ACTIONS: Record<string, (windowId: string, body: unknown) => Command> = {
  // The reason is shown on every board: an ID number typed into it is masked first.
  pause: (windowId, body) => ({
    type: 'pause',
    windowId,
    reason: maskPiiInText(parse(pauseBody, body).reason),
  }),
  resume: (windowId, body) => (parse(emptyBody, body), { type: 'resume', windowId }),
  extended: (windowId, body) => ({
    type: 'set-extended',
    windowId,
    on: parse(extendedBody, body).on,
  }),
};

/**
 * Only the clerk logged in at a window, or the caller keypad enrolled for it, acts there.
 * The window comes from the session, never from what the client claims.
 */
export function atOwnWindow(req: Request, windowId: string, state: HallState): Principal {
  const principal = req.principal;
  if (!principal) throw new HallError('UNAUTHENTICATED');
  if (principal.kind === 'user') {
    if (principal.role !== 'clerk') throw new HallError('FORBIDDEN');
    if (principal.windowId !== windowId)
      throw new HallError('NOT_YOUR_WINDOW', { yourWindowId: principal.windowId });
    // A stale session (the clerk logged in twice and logged out once) may not act at the
    // window another clerk has since opened.
    const holder = state.window(windowId)?.clerkId ?? null;
    if (holder !== null && holder !== principal.userId) {
      throw new HallError('NOT_YOUR_WINDOW', { yourWindowId: principal.windowId });
    }
    return principal;
  }
  if (principal.deviceKind !== 'caller') throw new HallError('FORBIDDEN');
  if (principal.windowId !== windowId)
    throw new HallError('NOT_YOUR_WINDOW', { yourWindowId: principal.windowId });
  return principal;
}

export function windowRoutes(ctx: ServerContext): Router {
  const router = Router();
  const { hall } = ctx;

  router.get('/api/windows', (_req, res) => {
    res.json({ windows: hall.config.windows.map((w) => windowView(hall.state, w.id)) });
  });

  router.get('/api/windows/:id', (req, res) => {
    const id = parse(idParam, req.params.id);
    if (!hall.state.window(id)) throw new HallError('WINDOW_NOT_FOUND');
    const current = hall.state.currentTicket(id);
    res.json({
      window: windowView(hall.state, id),
      ticket: current ? ticketView(hall.state, current) : null,
    });
  });

  /** A guide or admin closes a window its clerk left open (idle only: a citizen may be there). */
  router.post('/api/windows/:id/close', (req, res) => {
    const principal = requirePrincipal(req, { roles: ['admin', 'guide'] });
    const windowId = parse(idParam, req.params.id);
    if (!hall.state.window(windowId)) throw new HallError('WINDOW_NOT_FOUND');
    parse(emptyBody, req.body);
    hall.execute({ type: 'close-window', windowId }, actorOf(principal));
    for (const tokenHash of ctx.accounts.endSessionsAtWindow(windowId))
      ctx.onRevoked({ tokenHash });
    res.json({ window: windowView(hall.state, windowId) });
  });

  /** 临时受理: a guide lets a window take more services for now (an empty list narrows it back). */
  router.post('/api/windows/:id/extra-services', (req, res) => {
    const principal = requirePrincipal(req, { roles: ['admin', 'guide'] });
    const windowId = parse(idParam, req.params.id);
    if (!hall.state.window(windowId)) throw new HallError('WINDOW_NOT_FOUND');
    const body = parse(extraServicesBody, req.body);
    hall.execute(
      { type: 'set-extra-services', windowId, serviceIds: body.serviceIds },
      actorOf(principal),
    );
    res.json({ window: windowView(hall.state, windowId) });
  });

  router.post('/api/windows/:id/:action', (req, res) => {
    const windowId = parse(idParam, req.params.id);
    const action = req.params.action as Action;
    // Own keys only: 'constructor', 'toString' or '__proto__' are no actions (they were a 500).
    const build = Object.hasOwn(TICKET_ACTIONS, action)
      ? TICKET_ACTIONS[action]
      : Object.hasOwn(WINDOW_ACTIONS, action)
        ? WINDOW_ACTIONS[action]
        : undefined;
    if (!build) throw new HallError('NOT_FOUND', { action });
    if (!hall.state.window(windowId)) throw new HallError('WINDOW_NOT_FOUND');
    const principal = atOwnWindow(req, windowId, hall.state);
    const ticketBefore = hall.state.window(windowId)?.currentTicketId ?? null;
    const events = hall.execute(build(windowId, req.body), actorOf(principal));
    if (Object.hasOwn(WINDOW_ACTIONS, action)) {
      res.json({ window: windowView(hall.state, windowId) });
      return;
    }
    const first = events[0];
    const ticketId = first && 'ticketId' in first ? first.ticketId : ticketBefore;
    const ticket = ticketId ? hall.state.tickets.get(ticketId) : undefined;
    if (!ticket) {
      res.status(204).end();
      return;
    }
    res.json({ ticket: ticketView(hall.state, ticket) });
  });

  return router;
}

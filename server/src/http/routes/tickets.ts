import { Router, type Request, type Response } from 'express';
import { HallError, localTime, type Command, type Ticket } from '../../../../shared/src/domain';
import {
  cancelBody,
  emptyBody,
  idParam,
  issueTicketBody,
  issuedTicketView,
  priorityBody,
  ratingBody,
  ticketView,
  transferBody,
  type TicketView,
} from '../../../../shared/src/protocol';
import { actorOf } from '../../auth/principal';
import { newId } from '../../auth/tokens';
import { requirePrincipal } from '../authenticate';
import type { ServerContext } from '../context';
import { parse } from '../errors';
import { maskPiiInText } from '../../../../shared/src/pii';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A ticket of an earlier day, read from the database: no place in any queue now. */
function storedViewOf(hall: ServerContext['hall']): (ticket: Ticket) => TicketView {
  return (ticket) => ({
    id: ticket.id,
    number: ticket.number,
    serviceId: ticket.serviceId,
    serviceName:
      hall.config.services.find((s) => s.id === ticket.serviceId)?.name ?? ticket.serviceId,
    status: ticket.status,
    priority: ticket.priority,
    issuedAt: new Date(ticket.issuedAt).toISOString(),
    ahead: null,
    estimatedWaitMinutes: null,
    window: null,
    calledAt: iso(ticket.calledAt),
    transfers: ticket.transfers,
    rating: ticket.rating?.level ?? null,
  });
}

/**
 * POST /api/tickets: a kiosk press (or a guide issuing). Mounted in the router below, and
 * called by the kiosk fast path (http/fast-issue.ts) with the body parsed and the
 * principal read exactly as the general chain does.
 */
export function issueTicket(ctx: ServerContext): (req: Request, res: Response) => void {
  const { hall } = ctx;
  const storedView = storedViewOf(hall);
  return (req, res) => {
    const principal = requirePrincipal(req, { roles: ['guide', 'admin'], devices: ['kiosk'] });
    const body = parse(issueTicketBody, req.body);
    if (principal.kind === 'device') {
      // Appointment tickets come only from a booking's check-in (POST /api/bookings/check-in),
      // so a kiosk cannot jump the queue with the appointment priority.
      if (body.channel !== 'kiosk') {
        throw new HallError('FORBIDDEN', {
          reason: 'a kiosk issues kiosk tickets; appointments check in with their booking',
        });
      }
      if (body.priority)
        throw new HallError('FORBIDDEN', { reason: 'priority is set by hall staff' });
    } else if (body.channel === 'kiosk') {
      throw new HallError('FORBIDDEN', {
        reason: 'staff issue guide, appointment or online tickets',
      });
    }
    // The request id is stored in clear with the ticket: it may not carry an ID number.
    if (body.requestId && maskPiiInText(body.requestId) !== body.requestId) {
      throw new HallError('VALIDATION_FAILED', {
        problems: [{ path: 'requestId', message: 'must not contain an ID or phone number' }],
      });
    }
    if (body.requestId) {
      const existing = hall.ticketOfRequest(body.requestId);
      if (existing) {
        const live = hall.state.tickets.get(existing.id);
        res.setHeader('Idempotent-Replayed', 'true');
        res.status(200).json(live ? issuedTicketView(hall.state, live) : storedView(existing));
        return;
      }
    }
    const today = localTime(ctx.now(), hall.config.timeZone).day;
    const person = body.idNumber ? ctx.personKeys.person(body.idNumber, today) : null;
    const ticketId = newId();
    hall.execute(
      {
        type: 'issue',
        ticketId,
        serviceId: body.serviceId,
        // 一件事一次办: the id may name a bundle; the core starts it at its first step.
        bundleId: hall.config.bundles.some((b) => b.id === body.serviceId) ? body.serviceId : null,
        bundleSteps: body.bundleSteps ?? null,
        channel: body.channel,
        priority: body.priority ?? null,
        person,
        requestId: body.requestId ?? null,
      },
      actorOf(principal),
    );
    const ticket = hall.state.tickets.get(ticketId);
    if (!ticket) throw new Error('issued ticket is not in the state');
    sendJson(res, 201, issuedTicketView(hall.state, ticket));
  };
}

/**
 * res.status(status).json(body) without express's generic path (content-type parsing,
 * charset handling, a freshness check a POST never passes): the same bytes and headers,
 * Content-Type, Content-Length and the app's ETag, in that order.
 */
function sendJson(res: Response, status: number, body: unknown): void {
  const buffer = Buffer.from(JSON.stringify(body), 'utf8');
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', String(buffer.length));
  const etag = (res.app.get('etag fn') as ((body: Buffer) => string) | undefined)?.(buffer);
  if (etag) res.setHeader('ETag', etag);
  res.end(buffer);
}

export function ticketRoutes(ctx: ServerContext): Router {
  const router = Router();
  const { hall } = ctx;
  const storedView = storedViewOf(hall);

  const view = (id: string): TicketView => {
    const found = hall.findTicket(id);
    if (!found) throw new HallError('TICKET_NOT_FOUND');
    return found.live ? ticketView(hall.state, found.ticket) : storedView(found.ticket);
  };

  router.post('/api/tickets', issueTicket(ctx));

  router.get('/api/tickets', (req, res) => {
    requirePrincipal(req, { roles: ['guide', 'admin', 'clerk'] });
    const status = typeof req.query.status === 'string' ? req.query.status : undefined;
    const serviceId = typeof req.query.serviceId === 'string' ? req.query.serviceId : undefined;
    const tickets = [...hall.state.tickets.values()]
      .filter((t) => (!status || t.status === status) && (!serviceId || t.serviceId === serviceId))
      .sort((a, b) => a.queueKey - b.queueKey)
      .map((t) => ticketView(hall.state, t));
    res.json({ tickets });
  });

  router.get('/api/tickets/:id', (req, res) => {
    res.json(view(parse(idParam, req.params.id)));
  });

  /**
   * 好差评: from the rating pad of the window that served the ticket, or from the citizen's
   * own status page (the unguessable ticket id is what lets them in). Staff may not rate.
   */
  router.post('/api/tickets/:id/rating', (req, res) => {
    const principal = req.principal;
    if (principal && !(principal.kind === 'device' && principal.deviceKind === 'rating-pad')) {
      throw new HallError('FORBIDDEN', {
        reason: 'ratings come from the citizen or the window rating pad',
      });
    }
    const id = parse(idParam, req.params.id);
    const body = parse(ratingBody, req.body);
    if (!hall.state.tickets.has(id)) throw new HallError('TICKET_NOT_FOUND');
    hall.execute(
      {
        type: 'rate',
        ticketId: id,
        windowId: principal?.kind === 'device' ? principal.windowId : null,
        level: body.level,
        reasons: body.reasons ?? [],
      },
      principal ? actorOf(principal) : { kind: 'citizen', id: null },
    );
    res.status(201).json({ ticket: view(id) });
  });

  /** Guide actions on a ticket (分流, 过号重排, cancel, priority). */
  const guideAction = (path: string, command: (id: string, body: unknown) => Command) => {
    router.post(`/api/tickets/:id/${path}`, (req, res) => {
      const principal = requirePrincipal(req, { roles: ['guide', 'admin'] });
      const id = parse(idParam, req.params.id);
      if (!hall.state.tickets.has(id)) throw new HallError('TICKET_NOT_FOUND');
      hall.execute(command(id, req.body), actorOf(principal));
      res.json({ ticket: view(id) });
    });
  };
  guideAction('divert', (ticketId, raw) => {
    const body = parse(transferBody, raw);
    return {
      type: 'divert',
      ticketId,
      toServiceId: body.serviceId ?? null,
      toWindowId: body.windowId ?? null,
    };
  });
  guideAction(
    'return',
    (ticketId, raw) => (parse(emptyBody, raw), { type: 'return-no-show', ticketId }),
  );
  guideAction('cancel', (ticketId, raw) => ({
    type: 'cancel',
    ticketId,
    // Kept in the audit trail: an ID number typed into it is masked first.
    reason: maskPiiInText(parse(cancelBody, raw).reason),
  }));
  guideAction('priority', (ticketId, raw) => ({
    type: 'set-priority',
    ticketId,
    priority: parse(priorityBody, raw).priority,
  }));

  return router;
}

import { Router, type Request } from 'express';
import { z } from 'zod';
import { normaliseCode } from '../../../../shared/src/booking/rules';
import { HallError, localTime } from '../../../../shared/src/domain';
import {
  checkInBody,
  createBookingBody,
  emptyBody,
  moveBookingBody,
} from '../../../../shared/src/protocol';
import { LoginRateLimiter } from '../../auth/rate-limit';
import { actorOf } from '../../auth/principal';
import type { Bookings } from '../../bookings/bookings';
import { requirePrincipal } from '../authenticate';
import type { ServerContext } from '../context';
import { parse } from '../errors';

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const slotsQuery = z.object({ serviceId: z.string().min(1).max(64), day: isoDay });

/**
 * 预约办 (issue 8), docs/api.md §Bookings. Booking, looking up, cancelling and moving
 * are public (the booking code is the citizen's key, 40 random bits); wrong codes and
 * creations are limited per address. Check-in is for the kiosk (and the service desk);
 * the day's overview for guides and administrators.
 */
export function bookingRoutes(ctx: ServerContext, bookings: Bookings): Router {
  const router = Router();
  /** Wrong booking codes and refused bookings per address: no guessing codes or numbers. */
  const failures = new LoginRateLimiter(30, 10 * 60_000);
  /** Bookings made per address: a hall's phones share few addresses, so generous. */
  const creations = new LoginRateLimiter(200, 60 * 60_000);

  const limited = (req: Request) => {
    const key = req.ip ?? 'unknown';
    if (failures.blocked(key, ctx.now())) throw new HallError('BOOKING_RATE_LIMITED');
    return key;
  };
  /** Runs a public action; a wrong code or ID number counts against the address. */
  const guarded = <T>(req: Request, action: () => T): T => {
    const key = limited(req);
    try {
      return action();
    } catch (error) {
      // Guessing shows as unknown codes and invalid ID numbers; a full slot is no guess.
      if (
        error instanceof HallError &&
        (error.code === 'BOOKING_NOT_FOUND' || error.code.startsWith('ID_NUMBER_'))
      )
        failures.fail(key, ctx.now());
      throw error;
    }
  };
  const codeOf = (raw: string | undefined): string => {
    const code = normaliseCode(raw ?? '');
    if (!code) throw new HallError('BOOKING_NOT_FOUND');
    return code;
  };

  router.get('/api/bookings/options', (_req, res) => {
    res.json(bookings.options());
  });

  router.get('/api/bookings/slots', (req, res) => {
    const query = parse(slotsQuery, req.query);
    res.json(bookings.slots(query.serviceId, query.day));
  });

  router.post('/api/bookings', (req, res) => {
    const body = parse(createBookingBody, req.body);
    const key = limited(req);
    if (creations.blocked(key, ctx.now())) throw new HallError('BOOKING_RATE_LIMITED');
    const view = guarded(req, () => bookings.create(body));
    creations.fail(key, ctx.now());
    res.status(201).json(view);
  });

  /** The day's bookings per service and slot, and the no-shows (guides, admins). */
  router.get('/api/bookings', (req, res) => {
    requirePrincipal(req, { roles: ['guide', 'admin', 'manager'] });
    const day =
      typeof req.query.day === 'string'
        ? parse(isoDay, req.query.day)
        : localTime(ctx.now(), ctx.hall.config.timeZone).day;
    res.json(bookings.daySummary(day));
  });

  router.post('/api/bookings/check-in', (req, res) => {
    const principal = requirePrincipal(req, { roles: ['guide', 'admin'], devices: ['kiosk'] });
    const body = parse(checkInBody, req.body);
    const by = body.code ? { code: codeOf(body.code) } : { idNumber: body.idNumber as string };
    const { answer, replayed } = bookings.checkIn(by, actorOf(principal));
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.status(replayed ? 200 : 201).json(answer);
  });

  router.get('/api/bookings/:code', (req, res) => {
    res.json(guarded(req, () => bookings.find(codeOf(req.params.code))));
  });

  router.post('/api/bookings/:code/cancel', (req, res) => {
    parse(emptyBody, req.body);
    res.json(guarded(req, () => bookings.cancel(codeOf(req.params.code))));
  });

  router.post('/api/bookings/:code/move', (req, res) => {
    const body = parse(moveBookingBody, req.body);
    res.json(guarded(req, () => bookings.move(codeOf(req.params.code), body.day, body.slot)));
  });

  return router;
}

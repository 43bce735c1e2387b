import { Router } from 'express';
import { z } from 'zod';
import { requirePrincipal } from '../authenticate';
import type { ServerContext } from '../context';
import { parse } from '../errors';
import { bundleOfferViews } from '../../../../shared/src/protocol/bundle-views';

const eventsQuery = z
  .object({
    after: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .strict();

export function hallRoutes(ctx: ServerContext, version: string): Router {
  const router = Router();
  const { hall } = ctx;

  router.get('/api/health', (_req, res) => {
    res.json({
      ok: true,
      version,
      hall: hall.config.id,
      epoch: hall.epoch,
      seq: hall.lastSeq,
      day: hall.state.day,
    });
  });

  router.get('/api/hall', (_req, res) => {
    res.json(hall.snapshot());
  });

  /** The hall's areas, services (with materials) and windows: what a kiosk shows. */
  router.get('/api/hall/config', (_req, res) => {
    const { areas, services, windows, hours, timeZone, id, name } = hall.config;
    res.json({
      id,
      name,
      timeZone,
      areas,
      services,
      windows,
      hours,
      bundles: bundleOfferViews(hall.config),
    });
  });

  /** The audit trail (public form), for supervision. */
  router.get('/api/events', (req, res) => {
    requirePrincipal(req, { roles: ['admin', 'guide'] });
    const query = parse(eventsQuery, req.query);
    res.json({
      epoch: hall.epoch,
      seq: hall.lastSeq,
      events: hall.publicEventsAfter(query.after, query.limit),
    });
  });

  return router;
}

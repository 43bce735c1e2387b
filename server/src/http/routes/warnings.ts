import { Router } from 'express';
import { z } from 'zod';
import type { Supervision } from '../../supervision';
import { requirePrincipal } from '../authenticate';
import type { ServerContext } from '../context';
import { parse } from '../errors';

const warningId = z.coerce.number().int().min(1);
const historyQuery = z
  .object({ limit: z.coerce.number().int().min(1).max(1000).default(200) })
  .strict();

/** 预警: the warnings now, their history, acknowledgement. */
export function warningRoutes(_ctx: ServerContext, sup: Supervision): Router {
  const router = Router();

  router.get('/api/warnings', (req, res) => {
    requirePrincipal(req, { roles: ['admin', 'manager', 'guide'] });
    res.json({ warnings: sup.evaluate() });
  });

  router.get('/api/warnings/history', (req, res) => {
    requirePrincipal(req, { roles: ['admin', 'manager'] });
    const query = parse(historyQuery, req.query);
    res.json({ warnings: sup.warnings.history(query.limit) });
  });

  router.post('/api/warnings/:id/ack', (req, res) => {
    const principal = requirePrincipal(req, { roles: ['admin', 'manager', 'guide'] });
    const id = parse(warningId, req.params.id);
    res.json({ warning: sup.warnings.acknowledge(id, principal) });
  });

  return router;
}

import { Router } from 'express';
import { HallError } from '../../../../shared/src/domain';
import {
  addStepBody,
  bundleOfferViews,
  emptyBody,
  idParam,
  ticketView,
} from '../../../../shared/src/protocol';
import { actorOf } from '../../auth/principal';
import type { ServerContext } from '../context';
import { parse } from '../errors';
import { atOwnWindow } from './windows';

/** 一件事一次办: the bundles on offer, and the clerk's add / skip of a step (docs/bundles.md). */
export function bundleRoutes(ctx: ServerContext): Router {
  const router = Router();
  const { hall } = ctx;

  /** Public like /api/hall: the kiosk and the guide desk list them with the combined materials. */
  router.get('/api/bundles', (_req, res) => {
    res.json({ bundles: bundleOfferViews(hall.config) });
  });

  const current = (windowId: string) => {
    const ticket = hall.state.currentTicket(windowId);
    if (!ticket) throw new HallError('WINDOW_IDLE');
    return { ticket: ticketView(hall.state, ticket) };
  };

  router.post('/api/windows/:id/steps', (req, res) => {
    const windowId = parse(idParam, req.params.id);
    if (!hall.state.window(windowId)) throw new HallError('WINDOW_NOT_FOUND');
    const principal = atOwnWindow(req, windowId, hall.state);
    const body = parse(addStepBody, req.body);
    hall.execute({ type: 'add-step', windowId, serviceId: body.serviceId }, actorOf(principal));
    res.json(current(windowId));
  });

  router.post('/api/windows/:id/steps/:serviceId/skip', (req, res) => {
    const windowId = parse(idParam, req.params.id);
    const serviceId = parse(idParam, req.params.serviceId);
    if (!hall.state.window(windowId)) throw new HallError('WINDOW_NOT_FOUND');
    const principal = atOwnWindow(req, windowId, hall.state);
    parse(emptyBody, req.body ?? {});
    hall.execute({ type: 'skip-step', windowId, serviceId }, actorOf(principal));
    res.json(current(windowId));
  });

  return router;
}

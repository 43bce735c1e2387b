import { Router } from 'express';
import {
  collectBody,
  collectionsQuery,
  emptyBody,
  idParam,
  smsPhoneBody,
} from '../../../../shared/src/protocol';
import { actorOf } from '../../auth/principal';
import { LoginRateLimiter } from '../../auth/rate-limit';
import { HallError } from '../../../../shared/src/domain';
import type { Notifier } from '../../notify/notifier';
import { requirePrincipal } from '../authenticate';
import type { ServerContext } from '../context';
import { parse } from '../errors';

/**
 * 无声叫号 and 出件 (issue 8), docs/api.md §Notices. The status page's calls are public:
 * the unguessable ticket id from the slip's QR is the citizen's key, as for the rating.
 */
export function notifyRoutes(ctx: ServerContext, notifier: Notifier): Router {
  const router = Router();
  /** Phone numbers left per address: no flooding someone's phone from the status page. */
  const phones = new LoginRateLimiter(60, 60 * 60_000);

  router.get('/api/tickets/:id/notices', (req, res) => {
    const id = parse(idParam, req.params.id);
    if (!ctx.hall.findTicket(id)) throw new HallError('TICKET_NOT_FOUND');
    res.json(notifier.notices(id));
  });

  router.post('/api/tickets/:id/sms', (req, res) => {
    const id = parse(idParam, req.params.id);
    const body = parse(smsPhoneBody, req.body);
    const key = req.ip ?? 'unknown';
    if (phones.blocked(key, ctx.now())) throw new HallError('SMS_RATE_LIMITED');
    phones.fail(key, ctx.now());
    const masked = notifier.registerPhone(id, body.phone);
    res.status(201).json({ ...notifier.notices(id), smsPhone: masked });
  });

  /** The clerk's 出件 list: today's tickets finished at a window. */
  router.get('/api/collections', (req, res) => {
    const principal = requirePrincipal(req, { roles: ['clerk', 'guide', 'admin'] });
    const { windowId } = parse(collectionsQuery, req.query);
    if (principal.kind === 'user' && principal.role === 'clerk' && principal.windowId !== windowId)
      throw new HallError('FORBIDDEN', { reason: 'a clerk sees the tickets of their own window' });
    res.json({ tickets: notifier.finishedAt(windowId) });
  });

  /** 出件: a clerk (or the back office's guide / administrator) marks the result ready. */
  router.post('/api/tickets/:id/ready', (req, res) => {
    const principal = requirePrincipal(req, { roles: ['clerk', 'guide', 'admin'] });
    const id = parse(idParam, req.params.id);
    parse(emptyBody, req.body ?? {});
    res.json(notifier.markReady(id, actorOf(principal)));
  });

  /** The collection ticket, from the status page, a kiosk (QR scan) or the service desk. */
  router.post('/api/tickets/:id/collect', (req, res) => {
    const id = parse(idParam, req.params.id);
    parse(collectBody, req.body ?? {});
    const principal = req.principal;
    if (principal) requirePrincipal(req, { roles: ['guide', 'admin'], devices: ['kiosk'] });
    const issued = principal
      ? notifier.collect(id, principal.kind === 'device' ? 'kiosk' : 'guide', actorOf(principal))
      : notifier.collect(id, 'online', { kind: 'citizen', id: null });
    res.status(201).json(issued);
  });

  return router;
}

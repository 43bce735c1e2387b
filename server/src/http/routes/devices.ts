import { Router } from 'express';
import { HallError } from '../../../../shared/src/domain';
import { createDeviceBody, enrollDeviceBody, idParam } from '../../../../shared/src/protocol';
import { requirePrincipal } from '../authenticate';
import type { ServerContext } from '../context';
import { parse } from '../errors';

/** Kiosks, screens, rating pads and callers: enrolled by an admin, revocable. */
export function deviceRoutes(ctx: ServerContext): Router {
  const router = Router();
  const { accounts, hall } = ctx;

  router.post('/api/devices', (req, res) => {
    requirePrincipal(req, { roles: ['admin'] });
    const body = parse(createDeviceBody, req.body);
    if (body.windowId && !hall.state.window(body.windowId)) throw new HallError('WINDOW_NOT_FOUND');
    if (
      (body.kind === 'caller' || body.kind === 'rating-pad' || body.kind === 'window-screen') &&
      !body.windowId
    ) {
      throw new HallError('VALIDATION_FAILED', {
        problems: [{ path: 'windowId', message: `a ${body.kind} belongs to a window` }],
      });
    }
    const created = accounts.createDevice({
      kind: body.kind,
      name: body.name,
      windowId: body.windowId ?? null,
    });
    res.status(201).json(created);
  });

  router.post('/api/devices/enroll', (req, res) => {
    const body = parse(enrollDeviceBody, req.body);
    // Eight digits are few: failed tries per address are limited like logins.
    const limitKey = `enroll|${req.ip}`;
    const now = ctx.now();
    if (ctx.loginLimiter.blocked(limitKey, now)) throw new HallError('ENROLLMENT_RATE_LIMITED');
    try {
      res.status(201).json(accounts.enrollDevice(body.code));
    } catch (error) {
      if (error instanceof HallError) ctx.loginLimiter.fail(limitKey, now);
      throw error;
    }
  });

  router.get('/api/devices', (req, res) => {
    requirePrincipal(req, { roles: ['admin'] });
    res.json({ devices: accounts.listDevices() });
  });

  router.delete('/api/devices/:id', (req, res) => {
    requirePrincipal(req, { roles: ['admin'] });
    const id = parse(idParam, req.params.id);
    if (!accounts.revokeDevice(id)) throw new HallError('NOT_FOUND');
    ctx.onRevoked({ deviceId: id });
    res.json({ ok: true });
  });

  /** Demo mode only: the simulated devices' tokens, so every page works in a plain browser. */
  router.get('/api/demo/devices', (_req, res) => {
    if (!ctx.demo) throw new HallError('NOT_FOUND');
    res.json({ devices: ctx.demo.devices });
  });

  return router;
}

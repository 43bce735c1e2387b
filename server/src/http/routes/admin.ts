import { Router, type Request, type Response } from 'express';
import { HallError } from '../../../../shared/src/domain';
import { createDeviceBody, idParam } from '../../../../shared/src/protocol';
import {
  auditQuery,
  createStaffBody,
  thresholdsBody,
  updateStaffBody,
} from '../../../../shared/src/supervision';
import { applyHallConfig, parseOrRefuse } from '../../supervision/reconfigure';
import type { Supervision } from '../../supervision';
import { requirePrincipal } from '../authenticate';
import type { ServerContext } from '../context';
import { parse } from '../errors';

const ADMIN = { roles: ['admin' as const] };

/**
 * 大厅管理: the hall configuration (edit, import, export), staff, devices and warning
 * thresholds, each change audited and in effect at once; and the audit log itself.
 */
export function adminRoutes(ctx: ServerContext, sup: Supervision): Router {
  const router = Router();
  const { hall, accounts } = ctx;

  // ---- the hall configuration ---------------------------------------------------------

  router.get('/api/admin/config', (req, res) => {
    requirePrincipal(req, ADMIN);
    res.json({ config: hall.config, source: sup.configSource });
  });

  const putConfig =
    (action: 'config.update' | 'config.import') => (req: Request, res: Response) => {
      const principal = requirePrincipal(req, ADMIN);
      const next = parseOrRefuse(req.body);
      const changes = applyHallConfig(
        sup.db,
        hall,
        sup.audit,
        next,
        principal,
        ctx.now(),
        action,
        sup.adjustConfig,
      );
      if (changes.length > 0) sup.configSource = 'database';
      res.json({ config: hall.config, changes });
    };
  router.put('/api/admin/config', putConfig('config.update'));
  /** The documented JSON (docs/hall-config.md), e.g. a file exported from another hall. */
  router.post('/api/admin/config/import', putConfig('config.import'));

  router.get('/api/admin/config/export', (req, res) => {
    requirePrincipal(req, ADMIN);
    const body = hall.config;
    res.setHeader('Content-Disposition', `attachment; filename="${hall.config.id}.json"`);
    res.type('application/json').send(`${JSON.stringify(body, null, 2)}\n`);
  });

  // ---- staff ---------------------------------------------------------------------------

  router.get('/api/admin/users', (req, res) => {
    requirePrincipal(req, ADMIN);
    res.json({ users: sup.staff.list() });
  });

  router.post('/api/admin/users', (req, res) => {
    const principal = requirePrincipal(req, ADMIN);
    const body = parse(createStaffBody, req.body);
    res.status(201).json({ user: sup.staff.create(body, principal) });
  });

  router.patch('/api/admin/users/:id', (req, res) => {
    const principal = requirePrincipal(req, ADMIN);
    const body = parse(updateStaffBody, req.body);
    res.json({ user: sup.staff.update(parse(idParam, req.params.id), body, principal) });
  });

  // ---- devices -------------------------------------------------------------------------

  router.get('/api/admin/devices', (req, res) => {
    requirePrincipal(req, ADMIN);
    const thresholds = sup.settings.thresholds();
    const status = new Map(
      sup.devices.statuses(thresholds.deviceOfflineMinutes).map((d) => [d.id, d]),
    );
    res.json({
      devices: accounts.listDevices().map((d) => {
        const known = status.get(d.id);
        return {
          ...d,
          connected: sup.devices.connected(d.id),
          lastSeenAt:
            known?.lastSeenAt === null || known?.lastSeenAt === undefined
              ? d.lastSeenAt
              : new Date(known.lastSeenAt).toISOString(),
          offline: known ? !known.online : false,
          paper: known?.paper ?? null,
        };
      }),
    });
  });

  /** Registers a device: the answer holds its one-time enrollment code (shown once). */
  router.post('/api/admin/devices', (req, res) => {
    const principal = requirePrincipal(req, ADMIN);
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
    const created = sup.db.transaction(() => {
      const device = accounts.createDevice({
        kind: body.kind,
        name: body.name,
        windowId: body.windowId ?? null,
      });
      sup.audit.record(principal, 'device.create', device.id, null, {
        kind: body.kind,
        name: body.name,
        windowId: body.windowId ?? null,
      });
      return device;
    })();
    res.status(201).json(created);
  });

  router.delete('/api/admin/devices/:id', (req, res) => {
    const principal = requirePrincipal(req, ADMIN);
    const id = parse(idParam, req.params.id);
    const before = accounts.listDevices().find((d) => d.id === id);
    const revoked = sup.db.transaction(() => {
      if (!accounts.revokeDevice(id)) return false;
      sup.audit.record(principal, 'device.revoke', id, before ?? null, null);
      return true;
    })();
    if (!revoked) throw new HallError('NOT_FOUND');
    ctx.onRevoked({ deviceId: id });
    res.json({ ok: true });
  });

  // ---- warning thresholds --------------------------------------------------------------

  router.get('/api/admin/thresholds', (req, res) => {
    requirePrincipal(req, { roles: ['admin', 'manager'] });
    res.json({ thresholds: sup.settings.thresholds() });
  });

  router.put('/api/admin/thresholds', (req, res) => {
    const principal = requirePrincipal(req, ADMIN);
    const body = parse(thresholdsBody, req.body);
    const before = sup.settings.thresholds();
    const after = { ...before, ...body };
    sup.db.transaction(() => {
      sup.settings.setThresholds(after);
      sup.audit.record(principal, 'thresholds.update', 'thresholds', before, after);
    })();
    sup.evaluate();
    res.json({ thresholds: after });
  });

  // ---- the audit log -------------------------------------------------------------------

  router.get('/api/audit', (req, res) => {
    requirePrincipal(req, { roles: ['admin', 'manager'] });
    const query = parse(auditQuery, req.query);
    res.json({ entries: sup.audit.list(query) });
  });

  return router;
}

import { Router, type Request } from 'express';
import { z } from 'zod';
import { HallError, localTime, type HallConfig } from '../../../../shared/src/domain';
import { idParam } from '../../../../shared/src/protocol';
import {
  advisorJobBody,
  advisorWorkloadQuery,
} from '../../../../shared/src/supervision/advisor-http';
import { workloadView } from '../../supervision/advisor-jobs';
import { applyHallConfig, parseOrRefuse } from '../../supervision/reconfigure';
import { estimateRecordedWorkloadAsync } from '../../supervision/recorded-workload';
import type { Supervision } from '../../supervision';
import { requirePrincipal } from '../authenticate';
import type { ServerContext } from '../context';
import { parse } from '../errors';

const MANAGERS = { roles: ['admin' as const, 'manager' as const] };
const ADMIN = { roles: ['admin' as const] };
const proposalParam = z.coerce.number().int().min(0).max(10);

/**
 * A proposal as a configuration of the hall as it is now: its window changes (services
 * added, windows made comprehensive) laid onto today's configuration, so an edit made
 * since the job ran is kept. Windows or services since removed are left out.
 */
export function proposedConfig(
  current: HallConfig,
  windows: { windowId: string; kind: 'cross-train' | 'convert'; added: string[] }[],
): HallConfig {
  const services = new Set(current.services.map((s) => s.id));
  return parseOrRefuse({
    ...current,
    windows: current.windows.map((w) => {
      const change = windows.find((c) => c.windowId === w.id);
      if (!change) return w;
      const added = change.added.filter((s) => services.has(s) && !w.services.includes(s));
      return {
        ...w,
        kind: change.kind === 'convert' ? ('comprehensive' as const) : w.kind,
        services: [...w.services, ...added],
      };
    }),
  });
}

/** 布局优化 (docs/supervision.md): the workload of past days, advisor jobs, proposals. */
export function advisorRoutes(ctx: ServerContext, sup: Supervision): Router {
  const router = Router();
  const today = () => localTime(ctx.now(), ctx.hall.config.timeZone).day;
  const estimate = (days: number) =>
    estimateRecordedWorkloadAsync(sup.db, ctx.hall.config, { before: today(), days });

  router.get('/api/advisor/workload', async (req, res, next) => {
    try {
      requirePrincipal(req, MANAGERS);
      const query = parse(advisorWorkloadQuery, req.query);
      res.json(workloadView(ctx.hall.config, await estimate(query.days)));
    } catch (error) {
      next(error);
    }
  });

  router.post('/api/advisor/jobs', async (req, res, next) => {
    try {
      requirePrincipal(req, MANAGERS);
      const body = parse(advisorJobBody, req.body);
      if (sup.advisor.running) throw new HallError('ADVISOR_BUSY');
      const recorded = await estimate(body.days);
      if (recorded.tickets === 0 || Object.keys(recorded.workload.services).length === 0)
        throw new HallError('ADVISOR_NO_DATA');
      const config = ctx.hall.config;
      // The simulator judges layouts under the hall's own routing policy.
      res
        .status(202)
        .json(sup.advisor.start(body, config, recorded, config.routingPolicy ?? 'balanced'));
    } catch (error) {
      next(error);
    }
  });

  router.get('/api/advisor/jobs', (req, res) => {
    requirePrincipal(req, MANAGERS);
    res.json({ jobs: sup.advisor.list(), running: sup.advisor.running });
  });

  const job = (req: Request) => {
    const found = sup.advisor.get(parse(idParam, req.params.id));
    if (!found) throw new HallError('NOT_FOUND');
    return found;
  };
  const proposal = (req: Request) => {
    const { view } = job(req);
    const index = parse(proposalParam, req.params.n);
    const found = view.result?.proposals[index];
    if (!found) throw new HallError('NOT_FOUND');
    return found;
  };

  router.get('/api/advisor/jobs/:id', (req, res) => {
    requirePrincipal(req, MANAGERS);
    res.json(job(req).view);
  });

  /** The proposal as a hall configuration file, for review or a later import in /admin. */
  router.get('/api/advisor/jobs/:id/proposals/:n/config', (req, res) => {
    requirePrincipal(req, MANAGERS);
    const config = proposedConfig(ctx.hall.config, proposal(req).windows);
    const name = `${config.id}-advised-${parse(proposalParam, req.params.n) + 1}.json`;
    res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    res.type('application/json').send(`${JSON.stringify(config, null, 2)}\n`);
  });

  /** Puts a proposal into effect through the administrators' path: checked, saved, audited. */
  router.post('/api/advisor/jobs/:id/proposals/:n/apply', (req, res) => {
    const principal = requirePrincipal(req, ADMIN);
    const next = proposedConfig(ctx.hall.config, proposal(req).windows);
    const changes = applyHallConfig(
      sup.db,
      ctx.hall,
      sup.audit,
      next,
      principal,
      ctx.now(),
      'config.advisor',
      sup.adjustConfig,
    );
    if (changes.length > 0) sup.configSource = 'database';
    res.json({ config: ctx.hall.config, changes });
  });

  return router;
}

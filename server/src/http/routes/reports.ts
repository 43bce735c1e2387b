import { Router } from 'express';
import { reportQuery } from '../../../../shared/src/supervision';
import { buildReport, reportCsv, reportFileName, reportXlsx } from '../../supervision/reports';
import type { Supervision } from '../../supervision';
import { requirePrincipal } from '../authenticate';
import type { ServerContext } from '../context';
import { parse } from '../errors';

/** A download name in both forms: ASCII for old clients, UTF-8 (RFC 5987) for the rest. */
function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** 电子监察 / 绩效考核: GET /api/reports (docs/supervision.md). */
export function reportRoutes(ctx: ServerContext, sup: Supervision): Router {
  const router = Router();

  router.get('/api/reports', async (req, res, next) => {
    try {
      requirePrincipal(req, { roles: ['admin', 'manager'] });
      const query = parse(reportQuery, req.query);
      const report = await buildReport(
        sup.db,
        ctx.hall.config,
        query,
        ctx.now(),
        sup.clerkLabels(),
      );
      if (query.format === 'csv') {
        res.setHeader('Content-Disposition', attachment(reportFileName(report, 'csv')));
        res.type('text/csv; charset=utf-8').send(reportCsv(report));
        return;
      }
      if (query.format === 'xlsx') {
        const buffer = await reportXlsx(report);
        res.setHeader('Content-Disposition', attachment(reportFileName(report, 'xlsx')));
        res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(buffer);
        return;
      }
      res.json(report);
    } catch (error) {
      next(error);
    }
  });

  return router;
}

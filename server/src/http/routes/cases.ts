import { Router } from 'express';
import { idParam } from '../../../../shared/src/protocol';
import {
  caseAssignBody,
  caseCallbackBody,
  caseCloseBody,
  caseNoteBody,
  casesQuery,
  unresolvedReportBody,
} from '../../../../shared/src/supervision';
import type { Supervision } from '../../supervision';
import { requirePrincipal } from '../authenticate';
import type { ServerContext } from '../context';
import { parse } from '../errors';

const HANDLERS = { roles: ['admin', 'manager', 'guide'] as ('admin' | 'manager' | 'guide')[] };

/** 回访整改: follow-up cases from 差评 and 办不成事 reports (docs/supervision.md). */
export function caseRoutes(_ctx: ServerContext, sup: Supervision): Router {
  const router = Router();
  const { cases } = sup;

  router.get('/api/cases', (req, res) => {
    requirePrincipal(req, HANDLERS);
    const query = parse(casesQuery, req.query);
    res.json({ cases: cases.list(query.status) });
  });

  /** 办不成事: a clerk, guide or manager files what a citizen could not get done. */
  router.post('/api/cases', (req, res) => {
    const principal = requirePrincipal(req, { roles: ['admin', 'manager', 'guide', 'clerk'] });
    const body = parse(unresolvedReportBody, req.body);
    res.status(201).json({ case: cases.report(body, principal) });
  });

  /** Who may own a case: active admins, managers and guides (for the owner picker). */
  router.get('/api/cases/owners', (req, res) => {
    requirePrincipal(req, HANDLERS);
    const owners = [...sup.users()]
      .filter(([, u]) => !u.disabled && u.role !== 'clerk')
      .map(([id, u]) => ({ id, label: u.label, role: u.role }));
    res.json({ owners });
  });

  router.get('/api/cases/:id', (req, res) => {
    requirePrincipal(req, HANDLERS);
    res.json({ case: cases.view(parse(idParam, req.params.id), true) });
  });

  router.post('/api/cases/:id/assign', (req, res) => {
    const principal = requirePrincipal(req, HANDLERS);
    const body = parse(caseAssignBody, req.body);
    res.json({ case: cases.assign(parse(idParam, req.params.id), body.ownerId, principal) });
  });

  router.post('/api/cases/:id/notes', (req, res) => {
    const principal = requirePrincipal(req, HANDLERS);
    const body = parse(caseNoteBody, req.body);
    res.json({ case: cases.note(parse(idParam, req.params.id), body.text, principal) });
  });

  router.post('/api/cases/:id/callback', (req, res) => {
    const principal = requirePrincipal(req, HANDLERS);
    const body = parse(caseCallbackBody, req.body);
    res.json({ case: cases.callback(parse(idParam, req.params.id), body, principal) });
  });

  router.post('/api/cases/:id/close', (req, res) => {
    const principal = requirePrincipal(req, HANDLERS);
    const body = parse(caseCloseBody, req.body);
    res.json({ case: cases.close(parse(idParam, req.params.id), body.resolution, principal) });
  });

  /** The callback number in full: owner, manager or admin only, and every look is audited. */
  router.post('/api/cases/:id/contact', (req, res) => {
    const principal = requirePrincipal(req, HANDLERS);
    res.json({ contact: cases.revealContact(parse(idParam, req.params.id), principal) });
  });

  return router;
}

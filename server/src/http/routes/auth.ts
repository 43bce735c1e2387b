import { Router } from 'express';
import { z } from 'zod';
import { HallError, isHallError } from '../../../../shared/src/domain';
import { emptyBody, loginBody, windowRef, type LoginAnswer } from '../../../../shared/src/protocol';
import { requirePrincipal } from '../authenticate';
import type { ServerContext } from '../context';
import { parse } from '../errors';

const createUserBody = z
  .object({
    username: z
      .string()
      .regex(/^[a-z][a-z0-9_.-]{1,31}$/, '2–32 of a-z 0-9 _ . -, starting with a letter'),
    displayName: z.string().trim().min(1).max(40),
    role: z.enum(['admin', 'manager', 'guide', 'clerk']),
    password: z.string().min(8).max(256),
  })
  .strict();

export function authRoutes(ctx: ServerContext): Router {
  const router = Router();
  const { hall, accounts } = ctx;

  router.post('/api/auth/login', (req, res) => {
    const body = parse(loginBody, req.body);
    const limitKey = `${req.ip}|${body.username}`;
    const now = ctx.now();
    if (ctx.loginLimiter.blocked(limitKey, now)) throw new HallError('LOGIN_RATE_LIMITED');
    let user;
    try {
      user = accounts.authenticate(body.username, body.password);
    } catch (error) {
      if (isHallError(error)) ctx.loginLimiter.fail(limitKey, now);
      throw error;
    }
    ctx.loginLimiter.succeed(limitKey);
    let windowId: string | null = null;
    if (user.role === 'clerk') {
      if (!body.windowId) throw new HallError('WINDOW_REQUIRED');
      if (!hall.state.window(body.windowId)) throw new HallError('WINDOW_NOT_FOUND');
      windowId = body.windowId;
      const actor = { kind: 'user' as const, id: user.id };
      // A clerk works at one window at a time: moving closes the window left behind.
      for (const other of hall.state.windows.values()) {
        if (other.clerkId === user.id && other.id !== windowId && other.status !== 'closed') {
          try {
            hall.execute({ type: 'close-window', windowId: other.id }, actor);
          } catch (error) {
            // A citizen is still at the window being left: say which window.
            if (isHallError(error)) throw new HallError(error.code, { windowId: other.id });
            throw error;
          }
          for (const tokenHash of accounts.endSessionsOfUserAtWindow(user.id, other.id)) {
            ctx.onRevoked({ tokenHash });
          }
        }
      }
      // A window left open by a clerk who is no longer logged in there may be taken over.
      const target = hall.state.window(windowId);
      if (
        target?.clerkId &&
        target.clerkId !== user.id &&
        !target.currentTicketId &&
        !accounts.hasLiveSession(target.clerkId, windowId)
      ) {
        hall.execute({ type: 'close-window', windowId }, actor);
      }
      hall.execute(
        {
          type: 'open-window',
          windowId,
          clerkId: user.id,
          clerkName: user.display_name,
          staffNumber: user.staff_number,
        },
        actor,
      );
    }
    const token = accounts.startSession(user.id, windowId);
    const answer: LoginAnswer = {
      token,
      role: user.role,
      username: user.username,
      window: windowRef(hall.config, windowId),
    };
    ctx.log('info', `login ${user.username} (${user.role})${windowId ? ` at ${windowId}` : ''}`);
    res.json(answer);
  });

  router.post('/api/auth/logout', (req, res) => {
    const principal = requirePrincipal(req, { roles: ['admin', 'manager', 'guide', 'clerk'] });
    if (principal.kind !== 'user') throw new HallError('FORBIDDEN');
    parse(emptyBody, req.body);
    const held = principal.windowId ? hall.state.window(principal.windowId) : undefined;
    // Only the window this clerk still holds: a stale session never closes a colleague's.
    if (principal.role === 'clerk' && principal.windowId && held?.clerkId === principal.userId) {
      // A clerk leaving closes the window; with a citizen still at it, finish first.
      hall.execute(
        { type: 'close-window', windowId: principal.windowId },
        { kind: 'user', id: principal.userId },
      );
    }
    accounts.endSession(principal.tokenHash);
    ctx.onRevoked({ tokenHash: principal.tokenHash });
    res.json({ ok: true });
  });

  router.get('/api/auth/me', (req, res) => {
    const principal = req.principal;
    if (!principal) throw new HallError('UNAUTHENTICATED');
    if (principal.kind === 'user') {
      res.json({
        kind: 'user',
        username: principal.username,
        displayName: principal.displayName,
        role: principal.role,
        window: windowRef(hall.config, principal.windowId),
      });
    } else {
      res.json({
        kind: 'device',
        deviceId: principal.deviceId,
        deviceKind: principal.deviceKind,
        name: principal.name,
        window: windowRef(hall.config, principal.windowId),
      });
    }
  });

  router.get('/api/users', (req, res) => {
    requirePrincipal(req, { roles: ['admin'] });
    res.json({ users: accounts.listUsers() });
  });

  router.post('/api/users', (req, res) => {
    requirePrincipal(req, { roles: ['admin'] });
    const body = parse(createUserBody, req.body);
    if (accounts.userExists(body.username)) throw new HallError('USERNAME_TAKEN');
    const id = accounts.createUser(body);
    res.status(201).json({ id, username: body.username, role: body.role });
  });

  return router;
}

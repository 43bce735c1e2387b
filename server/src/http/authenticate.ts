import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { HallError } from '../../../shared/src/domain';
import type { Principal, Role } from '../auth/principal';
import type { DeviceKind } from '../../../shared/src/protocol';
import type { ServerContext } from './context';

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S{1,256})$/i.exec(header ?? '');
  return match?.[1];
}

/**
 * Sets req.principal from the bearer token if there is one. Returns the refusal for a bad
 * token (none is anonymous: undefined, no principal).
 */
export function readPrincipal(ctx: ServerContext, req: Request): HallError | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const token = bearerToken(header);
  const principal = token ? ctx.accounts.principal(token) : undefined;
  if (!principal) return new HallError('UNAUTHENTICATED');
  req.principal = principal;
  return undefined;
}

/** Reads the bearer token if there is one; a bad token is refused, none is anonymous. */
export function authenticate(ctx: ServerContext): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    next(readPrincipal(ctx, req));
  };
}

export interface Allowed {
  roles?: Role[];
  devices?: DeviceKind[];
}

/** The principal, if it is one of the allowed roles or device kinds; refuses otherwise. */
export function requirePrincipal(req: Request, allowed: Allowed): Principal {
  const principal = req.principal;
  if (!principal) throw new HallError('UNAUTHENTICATED');
  const ok =
    principal.kind === 'user'
      ? (allowed.roles ?? []).includes(principal.role)
      : (allowed.devices ?? []).includes(principal.deviceKind);
  if (!ok) throw new HallError('FORBIDDEN');
  return principal;
}

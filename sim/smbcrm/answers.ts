import type { RouteContext, RouteResult } from './routes.js';

/** The answers every simulated route gives, in SMBcrm's NestJS shapes (shared reference smbcrm-api.md §2). */
export const ok = (body: unknown, status = 200): RouteResult => ({ status, body });

export const unprocessable = (messages: string[]): RouteResult => ({
  status: 422,
  body: { statusCode: 422, message: messages, error: 'Unprocessable Entity' },
});

export const notFound = (ctx: RouteContext, what: string): RouteResult => ({
  status: ctx.notFoundStatus,
  body: { statusCode: ctx.notFoundStatus, message: `${what} not found` },
});

/** A record of another sub-account, fetched by id. Reported live as 403 (reference §1, OBS). */
export const otherLocation = (): RouteResult => ({
  status: 403,
  body: { statusCode: 403, message: 'The token does not have access to this location', error: 'Forbidden' },
});

/** NestJS's whitelist: a body property the DTO does not declare is refused. */
export const unknownProperties = (body: Record<string, unknown>, allowed: string[]) =>
  Object.keys(body)
    .filter((k) => !allowed.includes(k))
    .map((k) => `property ${k} should not exist`);

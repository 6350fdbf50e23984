import type { CustomRoute } from '@slack/bolt';
import { pingRedis, type Redis } from '../services/platform/store/redis.js';

const json = (res: Parameters<CustomRoute['handler']>[1], status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
};

/**
 * `GET /healthz`: the process is up (a liveness probe). `GET /readyz`: config loaded and Redis answering (a
 * readiness probe; a load balancer stops sending Slack traffic here while it fails).
 */
export function healthRoutes(deps: {
  redis: Redis;
  isStopping: () => boolean;
  /** Why Slack refuses the bot token now (revoked after start-up), if it does. */
  slackRefused: () => string | undefined;
}): CustomRoute[] {
  return [
    { path: '/healthz', method: ['GET'], handler: (_req, res) => json(res, 200, { status: 'ok' }) },
    {
      path: '/readyz',
      method: ['GET'],
      handler: (_req, res) => {
        if (deps.isStopping()) return json(res, 503, { status: 'stopping' });
        pingRedis(deps.redis).then((up) => {
          const refused = deps.slackRefused();
          const ready = up && refused === undefined;
          json(res, ready ? 200 : 503, {
            status: ready ? 'ready' : 'not ready',
            config: 'loaded',
            redis: up ? 'up' : 'down',
            slack: refused ? `token refused (${refused})` : 'ok',
          });
        });
      },
    },
  ];
}

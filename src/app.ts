import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { App, type CustomRoute, type Receiver, SocketModeReceiver } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import type { Dispatcher } from 'undici';
import { registerListeners } from '../listeners/index.js';
import type { Redis } from '../services/platform/store/redis.js';
import type { Config } from './config/load.js';
import { createServices } from './container.js';
import { healthRoutes } from './health.js';
import { createInflight } from './inflight.js';
import { type Logger, toBoltLogger } from './logger.js';
import { requestLog } from './middleware/request-log.js';
import { shedLoad } from './middleware/shed-load.js';
import { createSlackReceiver } from './receiver/receiver.js';

export interface BotDeps {
  config: Config;
  logger: Logger;
  redis: Redis;
  /** The undici pool for SMBcrm calls (tests and benchmarks share one). */
  dispatcher?: Dispatcher;
  /** Overrides for the Slack Web API client (tests turn its 30-minute retry policy down). */
  slackClientOptions?: Omit<WebClientOptions, 'logger'>;
  /** How long a shutdown waits for requests in flight. */
  drainTimeoutMs?: number;
  /** Run the webhook worker on this instance (default true; tests turn it off to play a crashed instance). */
  webhookWorker?: boolean;
  /** Socket Mode's ping timeout (tests shorten it; it also paces reconnects). */
  socketPingTimeoutMs?: number;
}

export type Bot = ReturnType<typeof createBot>;

/** The port an HTTP-mode bot listens on (0 when it does not listen, as in Socket Mode). */
export function listeningPort(server: Server | undefined): number {
  const address = server?.address();
  return typeof address === 'object' && address ? address.port : 0;
}

/**
 * Builds one bot instance: Bolt with its receiver, our services and listeners. Nothing here is global, so a test
 * can build two instances that share one Redis.
 */
export function createBot(deps: BotDeps) {
  const { config, logger } = deps;
  const inflight = createInflight();
  const boltLogger = toBoltLogger(logger);
  let stopping = false;
  // The webhook receiver is built with the services (after Bolt's App); the route forwards to it.
  let receiveWebhook: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined;
  const customRoutes: CustomRoute[] = [
    ...healthRoutes({
      redis: deps.redis,
      isStopping: () => stopping,
      slackRefused: () => services?.installation.refused,
    }),
    {
      path: '/webhooks/smbcrm',
      method: ['POST'],
      handler: (req, res) => {
        if (!receiveWebhook || stopping) {
          res.writeHead(stopping ? 503 : 404, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              error: stopping ? 'shutting down' : 'webhooks are not configured (SMBCRM_WEBHOOK_SECRETS)',
            }),
          );
          return;
        }
        inflight.begin();
        receiveWebhook(req, res)
          .catch((err: Error) => {
            logger.error({ err }, 'webhook request failed');
            if (!res.headersSent) res.writeHead(500).end();
          })
          .finally(() => inflight.end());
      },
    },
  ];

  const receiver: Receiver = config.slack.socketMode
    ? new SocketModeReceiver({
        appToken: config.slack.appToken as string,
        logger: boltLogger,
        // Health, readiness and webhooks are served on PORT in Socket Mode too.
        customRoutes,
        ...(deps.socketPingTimeoutMs ? { clientPingTimeout: deps.socketPingTimeoutMs } : {}),
        installerOptions: {
          port: config.port,
          // apps.connections.open goes to the same Web API as every other call (GovSlack, the simulator). A copy:
          // the Socket Mode client writes its own retry policy into the object it is given.
          clientOptions: { ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}) },
        },
      })
    : createSlackReceiver({
        signingSecret: config.slack.signingSecret as string,
        customRoutes,
        logger: boltLogger,
      });

  const app = new App({
    token: config.slack.botToken,
    receiver,
    logger: boltLogger,
    // No conversation store: the bot keeps its state in Redis (shared by every instance); Bolt's is in memory.
    convoStore: false,
    clientOptions: {
      ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
      ...deps.slackClientOptions,
    },
  });
  const services = createServices({ ...deps, client: app.client });
  receiveWebhook = services.webhooks?.receive;
  app.use(requestLog(logger, inflight));
  app.use(shedLoad(inflight, { maxInFlight: config.maxRequestsInFlight }));
  registerListeners(app, services);
  app.error(async (err) => {
    logger.error({ err }, 'unhandled error in a listener');
  });

  return {
    app,
    services,
    inflight,
    /** Starts serving; in HTTP mode resolves with the listening server (port 0 picks a free port). */
    async start(port = config.port): Promise<Server | undefined> {
      // Which workspace this is, and whether Slack takes the token at all (a refused one throws SlackTokenError).
      await services.installation.verify();
      // Not fatal either way: lookups and approvals work without the agent; a turn is told what an admin must do.
      await services.agentAvailability?.check();
      const started = await app.start(port);
      if (deps.webhookWorker !== false) services.webhooks?.queue.start();
      return config.slack.socketMode ? undefined : (started as Server);
    },
    /** Stops taking requests, waits for those in flight, then closes the SMBcrm pool. Redis belongs to the caller. */
    async stop(): Promise<void> {
      stopping = true;
      services.installation.stop();
      services.home.stop();
      await app.stop();
      await services.webhooks?.queue.stop();
      const drained = await inflight.drain(deps.drainTimeoutMs ?? 25_000);
      if (!drained)
        logger.warn({ inflight: inflight.count }, 'shutdown: gave up waiting for requests in flight');
      await services.smbcrm.close();
    },
  };
}

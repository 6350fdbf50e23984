import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  type App,
  type CustomRoute,
  defaultBodyLimit,
  HTTPReceiver,
  type Logger,
  type Receiver,
} from '@slack/bolt';
import { checkSlackSignature } from './signature.js';
import { isWellFormed } from './well-formed.js';

export const EVENTS_PATH = '/slack/events';

/**
 * Bolt's HTTPReceiver, with the signature check done here (src/receiver/signature.ts) instead of by Bolt.
 *
 * Only requests that passed the check ever reach Bolt's receiver, which is built with its own check off and does
 * the rest as usual: parsing, ssl_check and url_verification, ack and its 3-second timeout, retry headers,
 * processEvent and its error handlers. Other paths (health, webhooks) are routed here by exact path and method,
 * so Bolt never sees an unverified request whatever its path.
 * https://docs.slack.dev/authentication/verifying-requests-from-slack
 */
export function createSlackReceiver(options: {
  signingSecret: string;
  logger: Logger;
  customRoutes: CustomRoute[];
  /** Largest body accepted, in bytes (Bolt's default: 4 MiB). */
  bodyLimit?: number;
}): Receiver {
  const { signingSecret, logger, customRoutes } = options;
  const bodyLimit = options.bodyLimit ?? defaultBodyLimit;
  const bolt = new HTTPReceiver({
    signingSecret,
    signatureVerification: false,
    endpoints: [EVENTS_PATH],
    logger,
  });
  let server: Server | undefined;

  const noBody = (res: ServerResponse, status: number) => {
    res.writeHead(status);
    res.end();
  };

  async function verified(req: IncomingMessage, res: ServerResponse) {
    const rawBody = await readBody(req, bodyLimit);
    if (rawBody === 'too-large') {
      logger.warn(`Slack request refused: body over ${bodyLimit} bytes`);
      return noBody(res, 413);
    }
    if (rawBody === 'aborted') return;
    const check = checkSlackSignature({
      signingSecret,
      timestamp: header(req, 'x-slack-request-timestamp'),
      signature: header(req, 'x-slack-signature'),
      rawBody,
    });
    if (!check.ok) {
      // Slack's SSL check is the one unsigned request; it is answered here and goes no further.
      // https://docs.slack.dev/interactivity/implementing-slash-commands#ssl
      if (isSslCheck(req, rawBody)) return noBody(res, 200);
      logger.warn(`Slack request refused: ${check.reason}`);
      return noBody(res, 401);
    }
    if (!isWellFormed(header(req, 'content-type'), rawBody)) {
      logger.warn('Slack request refused: not a well-formed Slack payload');
      return noBody(res, 400);
    }
    // Bolt takes a body that is already read as is (HTTPModuleFunctions.bufferIncomingMessage).
    (req as IncomingMessage & { rawBody: Buffer }).rawBody = rawBody;
    bolt.requestListener(req, res);
  }

  function route(req: IncomingMessage, res: ServerResponse) {
    // Parsed as Bolt parses it, so both agree on what is the events path (the exact string needs no parsing).
    const path = req.url === EVENTS_PATH ? EVENTS_PATH : new URL(req.url ?? '/', 'http://localhost').pathname;
    const method = req.method ?? 'GET';
    if (path === EVENTS_PATH && method === 'POST') {
      verified(req, res).catch((err: Error) => {
        logger.error(`Slack request failed: ${err.message}`);
        if (!res.headersSent) noBody(res, 500);
      });
      return;
    }
    const custom = customRoutes.find(
      (r) => r.path === path && (Array.isArray(r.method) ? r.method : [r.method]).includes(method),
    );
    if (custom) return custom.handler(Object.assign(req, { params: {} }), res);
    noBody(res, 404);
  }

  return {
    init(app: App) {
      bolt.init(app);
    },
    start(port: number) {
      return new Promise<Server>((resolve, reject) => {
        const s = createServer(route);
        s.once('error', reject);
        s.listen(port, () => {
          server = s;
          resolve(s);
        });
      });
    },
    stop() {
      return new Promise<void>((resolve, reject) => {
        if (!server) return resolve();
        server.close((err) => (err ? reject(err) : resolve()));
        server = undefined;
      });
    },
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** A form post whose only meaningful field is `ssl_check=1` (Bolt's rule since 4.7.2). */
function isSslCheck(req: IncomingMessage, rawBody: Buffer): boolean {
  if (req.headers['content-type'] !== 'application/x-www-form-urlencoded') return false;
  return new URLSearchParams(rawBody.toString()).get('ssl_check') === '1';
}

/** The whole body, or why not: over the limit (the rest is not read), or the client went away. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large' | 'aborted'> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) {
    req.resume();
    return Promise.resolve('too-large');
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks, size)));
    req.on('close', () => {
      if (!req.complete) resolve('aborted');
    });
    req.on('error', () => resolve('aborted'));
  });
}

import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';

/**
 * Slack's Socket Mode, as the app sees it: `apps.connections.open` (with the app-level `xapp-` token) hands out a
 * one-time WebSocket URL; on connect Slack sends `hello`; then envelopes `{envelope_id, type, payload,
 * accepts_response_payload, retry_attempt, retry_reason}` of type `events_api`, `slash_commands` or `interactive`,
 * each acknowledged by the app with `{envelope_id, payload?}` (for a command, the payload is the immediate reply);
 * and, before a refresh, `disconnect` with a reason, after which the client reconnects through
 * apps.connections.open. WebSocket pings are answered by `ws` itself.
 * https://docs.slack.dev/apis/events-api/using-socket-mode
 */
export type EnvelopeType = 'events_api' | 'slash_commands' | 'interactive';

export interface SocketModeSim {
  /** The apps.connections.open answer for a valid app token. */
  open(): { ok: true; url: string };
  /** Sends an envelope to a connected app and resolves with its ack's payload (rejects after `timeoutMs`). */
  send(
    type: EnvelopeType,
    payload: Record<string, unknown>,
    options?: { retryAttempt?: number; retryReason?: string; timeoutMs?: number },
  ): Promise<Record<string, unknown> | undefined>;
  /** Slack's `disconnect` (e.g. `refresh_requested`): the app should reconnect. */
  disconnect(reason?: 'warning' | 'refresh_requested' | 'link_disabled'): void;
  /** Connections opened so far (a reconnect makes it grow). */
  readonly connectionsOpened: number;
  /** Resolves once `count` connections have been opened in all. */
  waitForConnections(count: number, timeoutMs?: number): Promise<void>;
  close(): void;
}

export function createSocketModeSim(options: {
  server: Server;
  baseUrl: string;
  appId: string;
}): SocketModeSim {
  const wss = new WebSocketServer({ noServer: true });
  const tickets = new Set<string>();
  const sockets = new Set<WebSocket>();
  const acks = new Map<string, (payload: Record<string, unknown> | undefined) => void>();
  const waiters = new Set<() => void>();
  let opened = 0;

  options.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const ticket = url.searchParams.get('ticket') ?? '';
    if (url.pathname !== '/link/' || !tickets.delete(ticket)) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      opened += 1;
      ws.on('message', (data) => {
        let msg: { envelope_id?: string; payload?: Record<string, unknown> };
        try {
          msg = JSON.parse(String(data));
        } catch {
          return;
        }
        const resolve = msg.envelope_id ? acks.get(msg.envelope_id) : undefined;
        if (resolve && msg.envelope_id) {
          acks.delete(msg.envelope_id);
          resolve(msg.payload);
        }
      });
      ws.on('close', () => sockets.delete(ws));
      ws.send(
        JSON.stringify({
          type: 'hello',
          num_connections: sockets.size,
          debug_info: { host: 'sim', build_number: 1, approximate_connection_time: 3600 },
          connection_info: { app_id: options.appId },
        }),
      );
      for (const w of waiters) w();
    });
  });

  return {
    open() {
      const ticket = randomBytes(12).toString('hex');
      tickets.add(ticket);
      return { ok: true, url: `${options.baseUrl.replace(/^http/, 'ws')}/link/?ticket=${ticket}` };
    },
    send(type, payload, o = {}) {
      const ws = [...sockets].at(-1);
      if (!ws) return Promise.reject(new Error('socket mode: no app is connected'));
      const envelopeId = randomBytes(8).toString('hex');
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          acks.delete(envelopeId);
          reject(new Error(`socket mode: envelope ${envelopeId} (${type}) was not acknowledged`));
        }, o.timeoutMs ?? 5_000);
        acks.set(envelopeId, (p) => {
          clearTimeout(timer);
          resolve(p);
        });
        ws.send(
          JSON.stringify({
            envelope_id: envelopeId,
            type,
            payload,
            accepts_response_payload: type !== 'events_api',
            ...(o.retryAttempt
              ? { retry_attempt: o.retryAttempt, retry_reason: o.retryReason ?? 'timeout' }
              : {}),
          }),
        );
      });
    },
    disconnect(reason = 'refresh_requested') {
      for (const ws of sockets)
        ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'sim' } }));
    },
    get connectionsOpened() {
      return opened;
    },
    waitForConnections(count, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (opened < count) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`socket mode: ${opened} of ${count} connections within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
    },
  };
}

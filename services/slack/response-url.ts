import type { RespondArguments } from '@slack/bolt';
import { Agent, type Dispatcher, request } from 'undici';

/** What a listener calls to answer through the response_url of the request it handles. */
export type Respond = (message: string | RespondArguments) => Promise<void>;

/** A response_url post Slack refused: 404 `expired_url` / `used_url` after 30 minutes or 5 posts (reference §2). */
export class ResponseUrlError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {
    super(`Slack refused the response_url post: ${status} ${reason}`);
    this.name = 'ResponseUrlError';
  }
}

export interface ResponseUrlPosterOptions {
  /** Longest wait for Slack's answer (headers, then body). */
  timeoutMs: number;
  /** A shared pool (tests); by default one keep-alive pool of this instance. */
  dispatcher?: Dispatcher;
}

/**
 * Posts JSON to response_urls, as Bolt's `respond()` does (POST, `application/json`, a non-2xx answer is an
 * error), but through one undici keep-alive pool with `request()` instead of the global `fetch`: measured, the
 * WHATWG fetch machinery (streams, AbortSignal, Response) was the costliest step of a lookup's completion after
 * SMBcrm's own calls. The answer is always read to its end so its connection goes back to the pool.
 * https://docs.slack.dev/interactivity/handling-user-interaction#message_responses
 */
export function createResponseUrlPoster(options: ResponseUrlPosterOptions) {
  const owns = options.dispatcher === undefined;
  const dispatcher = options.dispatcher ?? new Agent({ keepAliveTimeout: 30_000, connections: 64 });

  async function post(url: string, message: string | RespondArguments): Promise<void> {
    const res = await request(url, {
      dispatcher,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(typeof message === 'string' ? { text: message } : message),
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
    const text = await res.body.text();
    if (res.statusCode < 200 || res.statusCode >= 300)
      throw new ResponseUrlError(res.statusCode, text.slice(0, 100) || 'no reason given');
  }

  return {
    /**
     * The respond function of one request: its `response_url` (commands, clicks on messages) or the first of its
     * `response_urls` (modal submissions with `response_url_enabled`). A request without one gets a function that
     * fails with a plain error, as Bolt leaves `respond` undefined there.
     */
    for(body: { response_url?: unknown; response_urls?: unknown }): Respond {
      const urls = Array.isArray(body.response_urls)
        ? (body.response_urls as { response_url?: unknown }[])
        : [];
      const url = typeof body.response_url === 'string' ? body.response_url : urls[0]?.response_url;
      if (typeof url !== 'string') return () => Promise.reject(new Error('this request has no response_url'));
      return (message) => post(url, message);
    },
    async close(): Promise<void> {
      if (owns) await dispatcher.close();
    },
  };
}

export type ResponseUrlPoster = ReturnType<typeof createResponseUrlPoster>;

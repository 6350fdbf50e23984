import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { subcommandName } from '../../services/presentation/commands/parse.js';
import type { Inflight } from '../inflight.js';
import { hotPathChild, type Logger } from '../logger.js';

interface RequestLine {
  kind: string;
  name?: string | undefined;
  user?: unknown;
  ms?: number;
  outcome?: string;
  /** What the work found, where the listener says (a lookup: none, one or many). */
  result?: string;
  retryNum?: number;
}

/** What a request is, for the log line. Deliberately no text: it can hold emails and phone numbers. */
function describe(body: Record<string, unknown>): RequestLine {
  if (typeof body.command === 'string') {
    const sub = subcommandName(typeof body.text === 'string' ? body.text : '');
    return { kind: 'command', name: `${body.command} ${sub}`, user: body.user_id };
  }
  if (body.type === 'block_actions') {
    const actions = body.actions as { action_id?: string }[] | undefined;
    return { kind: 'action', name: actions?.[0]?.action_id, user: (body.user as { id?: string })?.id };
  }
  const event = body.event as { type?: string; user?: string } | undefined;
  if (event) return { kind: 'event', name: event.type, user: event.user };
  return { kind: String(body.type ?? 'unknown') };
}

/**
 * The first global middleware: counts the request in flight until its work after the ack is done (a graceful
 * shutdown waits on the count; load shedding reads it), and logs one JSON line with the latency and outcome when it
 * is. Listeners that answer an error themselves set `context.outcome`. An event the bot takes no action on
 * (`ignored`: channel chatter, a reply in a thread that is not the agent's) is logged at debug: in a busy workspace
 * those are most requests, and nobody acted.
 */
export function requestLog(logger: Logger, inflight: Inflight): Middleware<AnyMiddlewareArgs> {
  const log = hotPathChild(logger, { component: 'request' });
  return async (args) => {
    const { body, context } = args;
    const started = performance.now();
    inflight.begin();
    let outcome = 'ok';
    try {
      await args.next();
      if (typeof context.outcome === 'string') outcome = context.outcome;
    } catch (err) {
      outcome = 'error';
      throw err;
    } finally {
      inflight.end();
      const level = outcome === 'ignored' ? 'debug' : 'info';
      if (log.isLevelEnabled(level)) {
        const line = describe(body as Record<string, unknown>);
        line.ms = Math.round((performance.now() - started) * 10) / 10;
        line.outcome = outcome;
        if (typeof context.result === 'string') line.result = context.result;
        if (context.retryNum) line.retryNum = context.retryNum;
        log[level](line, 'slack request');
      }
    }
  };
}

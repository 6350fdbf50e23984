import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { busyMessage } from '../../services/presentation/views/messages.js';
import type { Inflight } from '../inflight.js';

/**
 * Past `maxInFlight` Slack requests being worked on, a slash command is answered "busy, try again" in its ack and
 * starts nothing: acks take microseconds and lookups take SMBcrm's time, so a flood of commands would otherwise pile
 * up work (and memory) faster than SMBcrm answers it. Events and clicks go on: they are few, and an unacknowledged
 * event would only come back as a retry. Runs after the request log (src/middleware/request-log.ts), which counts
 * the request in flight and logs the outcome `shed`.
 */
export function shedLoad(
  inflight: Inflight,
  options: { maxInFlight: number },
): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    if (inflight.count > options.maxInFlight && 'command' in args) {
      args.context.outcome = 'shed';
      await args.ack({ response_type: 'ephemeral', ...busyMessage() });
      return;
    }
    await args.next();
  };
}

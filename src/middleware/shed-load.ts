import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { busyMessage } from '../../services/views/messages.js';
import type { Inflight } from '../inflight.js';

/**
 * Past `max` requests in flight (each counted until its work after the ack is done), a slash command is answered
 * "busy, try again" in its ack and starts nothing. Acks take microseconds and lookups take SMBcrm's time, so
 * without this a flood of commands piles up work (and memory) faster than SMBcrm answers it. Events and clicks go
 * on as usual: they are few, and an unacknowledged event would only come back as a retry.
 */
export function shedLoad(inflight: Inflight, max: number): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    // The request log has counted this request already.
    if (inflight.count <= max || !('command' in args)) return args.next();
    args.context.outcome = 'shed';
    await args.ack({ response_type: 'ephemeral', ...busyMessage() });
  };
}

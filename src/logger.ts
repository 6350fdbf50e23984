import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import pino, { type DestinationStream, type Logger } from 'pino';
import { scrub, scrubDeep } from '../services/lib/scrub.js';

export type { Logger } from 'pino';
export { scrub };

/**
 * Field paths that must never reach a log line. pino replaces them with "[redacted]".
 * https://getpino.io/#/docs/redaction
 */
export const REDACT_PATHS = [
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'headers.cookie',
  'signingSecret',
  '*.signingSecret',
  'botToken',
  '*.botToken',
  'appToken',
  '*.appToken',
  'email',
  '*.email',
  '*.*.email',
  'phone',
  '*.phone',
  '*.*.phone',
  'query',
  '*.query',
  'text',
  '*.text',
];

export function createLogger(options: {
  level: string;
  destination?: DestinationStream;
  name?: string;
}): Logger {
  return pino(
    {
      name: options.name ?? 'smbcrm-bot',
      level: options.level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      hooks: {
        logMethod(args, method) {
          // pino hands the hook a fresh array: scrubbing in place saves an allocation on every line.
          for (let i = 0; i < args.length; i++) {
            const a = args[i];
            if (typeof a === 'string') args[i] = scrub(a);
          }
          return method.apply(this, args);
        },
      },
      formatters: {
        log(object) {
          // Every string field is scrubbed too, not only the message: a contact's name that is an email, an
          // unauthenticated header, a note's text in an audit line. Copied only when something changed.
          const fields = scrubDeep(object, 8);
          const err = fields.err;
          if (err instanceof Error) {
            return {
              ...fields,
              err: { type: err.name, message: scrub(err.message), stack: scrub(err.stack ?? '') },
            };
          }
          return fields;
        },
      },
    },
    options.destination,
  );
}

/** Only the top-level paths: a wildcard path makes pino walk every key of every line it logs. */
const TOP_LEVEL_PATHS = REDACT_PATHS.filter((p) => !p.includes('*'));

/**
 * A child for lines logged on every request whose fields the caller builds from known-safe values only (ids,
 * names of commands, timings). Its redaction skips the wildcard paths, which cost about 10 µs a line (measured:
 * `.prof`-free, see bench/results), a tenth of an ack; the scrubbing of message text stays.
 */
export function hotPathChild(logger: Logger, bindings: Record<string, unknown>): Logger {
  return logger.child(bindings, { redact: { paths: TOP_LEVEL_PATHS, censor: '[redacted]' } });
}

const PINO_TO_BOLT: Record<string, LogLevel> = {
  trace: LogLevel.DEBUG,
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
  fatal: LogLevel.ERROR,
  silent: LogLevel.ERROR,
};

/** Routes Bolt's and the Web API client's own logs through pino, so they are JSON and scrubbed too. */
export function toBoltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'bolt' });
  const join = (msg: unknown[]) =>
    msg
      .map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : JSON.stringify(m)))
      .join(' ');
  // @slack/web-api logs each request's body and headers at debug level: messages full of people's data. Keep the
  // fact of the request, not its content.
  const content = /^http (request|response) (body|headers|result)\b/i;
  return {
    debug: (...msg) => {
      // Bolt calls debug several times per request; building text nobody reads costs more than the check.
      if (!child.isLevelEnabled('debug')) return;
      const text = join(msg);
      child.debug(content.test(text) ? text.replace(/:.*$/s, ': [omitted]') : text);
    },
    info: (...msg) => child.info(join(msg)),
    warn: (...msg) => child.warn(join(msg)),
    error: (...msg) => child.error(join(msg)),
    setLevel: () => {},
    getLevel: () => PINO_TO_BOLT[logger.level] ?? LogLevel.INFO,
    setName: () => {},
  };
}

import { randomBytes } from 'node:crypto';
import { simBotEnv } from './bot-env.js';
import { createSlackSimulator, type SlackSimOptions } from './slack/server.js';
import { createSmbcrmSimulator, type SmbcrmSimOptions } from './smbcrm/server.js';

/**
 * The one factory for "simulators + environment" that the demo, the tests, the benchmark and `npm run sim` start
 * from: the SMBcrm simulator, the Slack simulator (unless asked not to), a signing secret, and the settings that
 * point a bot at them. The bot itself is started by sim/bot-instance.ts, in this process, or by the caller in
 * another (the benchmark's children, the production-install smoke test).
 */
export interface SimStackOptions {
  smbcrm?: SmbcrmSimOptions;
  /** The Slack simulator's options, or `false` for none (`npm run sim`). */
  slack?: Partial<SlackSimOptions> | false;
  botToken?: string;
}

export async function startSimStack(options: SimStackOptions = {}) {
  const botToken = options.botToken ?? 'xoxb-sim-bot-token';
  const smbcrm = await createSmbcrmSimulator(options.smbcrm);
  const slack =
    options.slack === false ? undefined : await createSlackSimulator({ botToken, ...options.slack });
  const signingSecret = randomBytes(16).toString('hex');
  return {
    smbcrm,
    /** The Slack simulator (absent when `slack: false`). */
    slack: slack as NonNullable<typeof slack>,
    botToken,
    signingSecret,
    /** The bot's settings for these simulators, plus `extra` (Redis, a key prefix, a port, …). */
    env(extra: Record<string, string> = {}): Record<string, string> {
      return {
        ...simBotEnv({
          botToken,
          signingSecret,
          slackApiUrl: slack?.apiUrl ?? 'http://127.0.0.1:9/api/',
          smbcrmUrl: smbcrm.url,
        }),
        ...extra,
      };
    },
    async close() {
      await Promise.all([smbcrm.close(), slack?.close()]);
    },
  };
}

export type SimStack = Awaited<ReturnType<typeof startSimStack>>;

import { randomBytes } from 'node:crypto';
import { App } from '@slack/bolt';
import { createSlackSimulator } from '../sim/slack/server.js';
import { closedLoop, openLoop, type Shot, signedCommand } from './load.js';
import { startBenchStack } from './stack.js';

/**
 * The bot's ack latency and throughput against a bare Bolt app (same Bolt, same HTTPReceiver, default options, a
 * listener that only acks), measured in the same run on the same machine: the bot's `/smbcrm help` (answered in the
 * ack) like for like, and its `/smbcrm lookup`, whose numbers include the work after each ack (SMBcrm calls and the
 * response_url post, against simulators in this same process).
 */
function shotsFor(signingSecret: string, responseUrl: () => string, text: string): () => Shot {
  const ts = String(Math.floor(Date.now() / 1000)); // valid for the 5 minutes the run takes
  let n = 0;
  return () => {
    n += 1;
    return signedCommand(signingSecret, ts, { text, response_url: responseUrl(), trigger_id: `${n}.1.sim` });
  };
}

export async function ackVsBare(options: {
  rates: number[];
  secondsPerRate: number;
  throughputSeconds: number;
}) {
  // The bare app: Bolt's defaults, including its in-memory conversation store.
  const bareSecret = randomBytes(16).toString('hex');
  const bareSlack = await createSlackSimulator({ botToken: 'xoxb-sim-bare-token' });
  const bare = new App({
    token: 'xoxb-sim-bare-token',
    signingSecret: bareSecret,
    clientOptions: { slackApiUrl: bareSlack.apiUrl },
  });
  bare.command('/smbcrm', async ({ ack }) => {
    await ack();
  });
  const barePort = ((await bare.start(0)) as { address(): { port: number } }).address().port;

  const stack = await startBenchStack({ smbcrm: { record: false } });
  const botOrigin = stack.origin;
  const botUrl = () => stack.slack.createResponseUrl({ channel: 'C0BENCH', user: 'U0BENCH' });
  const targets = {
    bare: {
      origin: `http://127.0.0.1:${barePort}`,
      shots: shotsFor(bareSecret, () => `${bareSlack.url}/response/none`, 'help'),
    },
    // The bot's ack-only path (help is answered in the ack), like for like with the bare app.
    botHelp: { origin: botOrigin, shots: shotsFor(stack.signingSecret, botUrl, 'help') },
    // The bot's full path: ack, then the lookup (two SMBcrm calls) and the response_url post, all on this machine.
    botLookup: {
      origin: botOrigin,
      shots: shotsFor(stack.signingSecret, botUrl, 'lookup jordan.lee@example.com'),
    },
  };
  const result: Record<string, unknown> = {};
  for (const [name, t] of Object.entries(targets)) {
    await closedLoop(t.origin, t.shots, 1_000); // warm-up
    const throughput = await closedLoop(t.origin, t.shots, options.throughputSeconds * 1000);
    const loads = [];
    for (const rate of options.rates)
      loads.push(await openLoop(t.origin, t.shots, rate, options.secondsPerRate * 1000));
    result[name] = { throughput, loads };
  }
  const authTests = stack.slack.calls.filter((c) => c.method === 'auth.test').length;
  await bare.stop();
  await bareSlack.close();
  await stack.stop();
  return { ...result, botAuthTestCalls: authTests };
}

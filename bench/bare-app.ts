import { App } from '@slack/bolt';

/**
 * The bare Bolt app the bot is compared with: Bolt's defaults (its own HTTPReceiver, the in-memory conversation
 * store, ignoreSelf), one listener that only acks. Run by bench/child.ts; /healthz only says it is up.
 */
const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  signingSecret: process.env.SLACK_SIGNING_SECRET,
  customRoutes: [{ path: '/healthz', method: ['GET'], handler: (_req, res) => res.end('ok') }],
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
});
app.command('/smbcrm', async ({ ack }) => {
  await ack();
});
// Events are acknowledged by Bolt before listeners run; this one does nothing more.
app.event('message', async () => {});
await app.start(Number(process.env.PORT));
process.on('SIGTERM', () => void app.stop().then(() => process.exit(0)));

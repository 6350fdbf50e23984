import { createServer } from 'node:http';
import { Redis } from 'ioredis';
import { Agent, request } from 'undici';
import { checkSlackSignature } from '../src/receiver/signature.js';

/**
 * The floor of a lookup on this machine: the bot's hops for `/smbcrm lookup <email>` and nothing else. No Bolt,
 * no validation, no card, no log line. Run by bench/child.ts like the bot; bench/completion.ts measures both with
 * the same load, so the bot's overhead can be read against what the machine and the harness allow.
 *
 * The hops, in the bot's order: the signed command read and checked, an empty ack, then twice a Redis script
 * (the shared SMBcrm budget) followed by an SMBcrm call (the contact search, then the contact's open
 * opportunities), then one POST to the response_url.
 */
const env = (name: string) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
const secret = env('SLACK_SIGNING_SECRET');
const base = env('SMBCRM_BASE_URL');
const location = env('SMBCRM_LOCATION_ID');
const headers = {
  authorization: `Bearer ${env('SMBCRM_TOKEN')}`,
  version: '2021-07-28',
  accept: 'application/json',
};
const redis = new Redis(env('REDIS_URL'), { enableAutoPipelining: false });
redis.defineCommand('take', {
  numberOfKeys: 1,
  lua: "local n = redis.call('INCR', KEYS[1]) redis.call('PEXPIRE', KEYS[1], 10000) return n",
});
const take = (key: string) => (redis as unknown as { take(k: string): Promise<number> }).take(key);
const pool = new Agent({ keepAliveTimeout: 30_000, connections: 128 });

async function smbcrm(method: 'GET' | 'POST', url: string, body?: unknown) {
  await take('{floor}:budget');
  const res = await request(url, {
    dispatcher: pool,
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return JSON.parse(await res.body.text());
}

async function lookup(form: URLSearchParams) {
  const email = (form.get('text') ?? '').split(' ')[1] ?? '';
  const found = await smbcrm('POST', `${base}/contacts/search`, {
    locationId: location,
    pageLimit: 10,
    filters: [{ field: 'email', operator: 'eq', value: email }],
  });
  const contact = found.contacts[0];
  const q = new URLSearchParams({
    location_id: location,
    contact_id: contact.id,
    status: 'open',
    limit: '100',
  });
  const opps = await smbcrm('GET', `${base}/opportunities/search?${q}`);
  const text = `*${contact.firstName} ${contact.lastName}*: ${opps.opportunities.length} open`;
  const res = await request(form.get('response_url') ?? '', {
    dispatcher: pool,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      response_type: 'ephemeral',
      text,
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
    }),
  });
  await res.body.text();
}

const server = createServer((req, res) => {
  if (req.url === '/healthz') return void res.end('ok');
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const rawBody = Buffer.concat(chunks);
    const check = checkSlackSignature({
      signingSecret: secret,
      timestamp: req.headers['x-slack-request-timestamp'] as string | undefined,
      signature: req.headers['x-slack-signature'] as string | undefined,
      rawBody,
    });
    res.writeHead(check.ok ? 200 : 401);
    res.end();
    if (check.ok)
      lookup(new URLSearchParams(rawBody.toString())).catch((err: Error) =>
        process.stderr.write(`floor-app: ${err.message}\n`),
      );
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => void redis.quit().then(() => process.exit(0))));

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResponseUrlPoster, ResponseUrlError } from '../../services/slack/response-url.js';

/** A response_url endpoint that records what it got and answers as told by the path. */
interface Seen {
  path: string;
  contentType: string | undefined;
  body: unknown;
}

let server: Server;
let origin: string;
const seen: Seen[] = [];

const read = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let data = '';
    req.on('data', (c: Buffer) => {
      data += c.toString();
    });
    req.on('end', () => resolve(data));
  });

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const raw = await read(req);
    seen.push({ path: req.url ?? '', contentType: req.headers['content-type'], body: JSON.parse(raw) });
    if (req.url === '/used') {
      res.writeHead(404).end('used_url');
      return;
    }
    res.writeHead(200).end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('the response_url poster', () => {
  const poster = createResponseUrlPoster({ timeoutMs: 2_000 });
  afterAll(() => poster.close());

  it("posts a message as JSON to the request's response_url", async () => {
    await poster.for({ response_url: `${origin}/cmd` })({ response_type: 'ephemeral', text: 'hi' });
    expect(seen.at(-1)).toEqual({
      path: '/cmd',
      contentType: 'application/json',
      body: { response_type: 'ephemeral', text: 'hi' },
    });
  });

  it('sends a plain string as { text }, as Bolt does', async () => {
    await poster.for({ response_url: `${origin}/text` })('plain words');
    expect(seen.at(-1)?.body).toEqual({ text: 'plain words' });
  });

  it("uses the first of a modal submission's response_urls", async () => {
    await poster.for({ response_urls: [{ response_url: `${origin}/modal` }] })('from a modal');
    expect(seen.at(-1)?.path).toBe('/modal');
  });

  it("fails with Slack's reason when the URL is used up or expired", async () => {
    const post = poster.for({ response_url: `${origin}/used` })('too late');
    await expect(post).rejects.toBeInstanceOf(ResponseUrlError);
    await expect(post).rejects.toMatchObject({ status: 404, reason: 'used_url' });
  });

  it('fails plainly, sending nothing, for a request that has no response_url', async () => {
    const before = seen.length;
    await expect(poster.for({})('nowhere')).rejects.toThrow('this request has no response_url');
    expect(seen).toHaveLength(before);
  });
});

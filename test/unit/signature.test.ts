import { describe, expect, it } from 'vitest';
import { signature } from '../../sim/slack/driver.js';
import { checkSlackSignature } from '../../src/receiver/signature.js';

const secret = 'unit-test-signing-secret';
const nowMs = 1_764_000_000_000;
const now = String(nowMs / 1000);
const body = 'token=x&team_id=T0SIM&command=%2Fsmbcrm&text=help';
const check = (over: Partial<Parameters<typeof checkSlackSignature>[0]> = {}) =>
  checkSlackSignature({
    signingSecret: secret,
    timestamp: now,
    signature: signature(secret, now, body),
    rawBody: Buffer.from(body),
    nowMs,
    ...over,
  });

describe('checkSlackSignature', () => {
  it('accepts what Slack signs', () => {
    expect(check()).toEqual({ ok: true });
  });

  it('accepts a timestamp up to five minutes either side of our clock', () => {
    for (const skew of [-300, 300]) {
      const ts = String(nowMs / 1000 + skew);
      expect(check({ timestamp: ts, signature: signature(secret, ts, body) })).toEqual({ ok: true });
    }
  });

  it.each([
    ['another secret', { signature: signature('another-secret', now, body) }, 'signature mismatch'],
    ['a body changed after signing', { rawBody: Buffer.from(`${body}x`) }, 'signature mismatch'],
    ['no signature', { signature: undefined }, 'missing signature headers'],
    ['no timestamp', { timestamp: undefined }, 'missing signature headers'],
    ['a timestamp that is not a number', { timestamp: '17640000O0' }, 'malformed timestamp'],
    ['a version other than v0', { signature: `v1=${'a'.repeat(64)}` }, 'unknown signature version'],
    ['a short digest', { signature: 'v0=abcd' }, 'malformed signature'],
    [
      'an upper-case digest',
      { signature: signature(secret, now, body).toUpperCase().replace('V0', 'v0') },
      'malformed signature',
    ],
    ['junk after the digest', { signature: `${signature(secret, now, body)}00` }, 'malformed signature'],
  ])('refuses %s', (_name, over, reason) => {
    expect(check(over)).toEqual({ ok: false, reason });
  });

  it.each([
    ['stale', -301],
    ['from the future', 301],
  ])('refuses a %s timestamp even when correctly signed', (_name, skew) => {
    const ts = String(nowMs / 1000 + skew);
    expect(check({ timestamp: ts, signature: signature(secret, ts, body) })).toEqual({
      ok: false,
      reason: 'timestamp outside the five-minute window',
    });
  });
});

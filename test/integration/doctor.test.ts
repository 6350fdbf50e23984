import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import type { CheckResult } from '../../services/domain/doctor/checks.js';
import { messageText } from '../../sim/slack/block-kit.js';
import { LIMITED_TOKEN, OTHER_LOCATION_ID } from '../../sim/smbcrm/seed.js';
import { withHarness } from '../helpers/harness.js';
import { freePort } from '../helpers/redis-server.js';

/**
 * The setup doctor against the simulators, each fault injected: the check that fails says so, with its fix, and
 * the others still run.
 */
const byName = (results: CheckResult[]) => Object.fromEntries(results.map((r) => [r.name, r]));
const failed = (results: CheckResult[]) => results.filter((r) => r.status === 'fail').map((r) => r.name);

describe('the setup doctor', () => {
  it('all good: the token and every scope, the agent, Redis, the Slack token and its scopes', async () => {
    await withHarness({}, async (h) => {
      const results = await h.bot.services.doctor();
      expect(failed(results)).toEqual([]);
      const r = byName(results);
      for (const scope of [
        'contacts.readonly',
        'opportunities.readonly',
        'users.readonly',
        'contacts.write',
        'opportunities.write',
        'agent-studio.readonly',
        'agent-studio.write',
        'locations/tasks.readonly',
      ])
        expect(r[`SMBcrm scope ${scope}`]?.status).toBe('ok');
      expect(r['Agent Studio agent']).toMatchObject({
        status: 'ok',
        detail: 'Front Desk Assistant, Active and published',
      });
      expect(r['Slack scopes']?.status).toBe('ok');
      expect(r['Workflow webhooks']?.status).toBe('skip');
      // Nothing was written: the write probes went to an id that cannot exist, with a body SMBcrm refuses.
      const writes = h.smbcrm.exchanges.filter((e) => e.method !== 'GET' && !e.path.endsWith('/search'));
      expect(writes.map((e) => e.status).every((s) => s >= 400 && s !== 401)).toBe(true);
    });
  });

  it('a token SMBcrm does not know: one failure that names the usual causes', async () => {
    await withHarness({ env: { SMBCRM_TOKEN: 'pit-00000000-0000-4000-8000-0000000fa4e0' } }, async (h) => {
      const r = byName(await h.bot.services.doctor());
      expect(r['SMBcrm token and sub-account']?.status).toBe('fail');
      expect(r['SMBcrm token and sub-account']?.fix).toContain(
        'invalid, revoked or rotated, or of another environment',
      );
      expect(r['SMBcrm token and sub-account']?.fix).toContain('`Bearer` prefix or `Version` header');
      expect((r.Redis ?? r['Redis Cluster'])?.status).toBe('ok'); // the other checks still ran
    });
  });

  it('a location id of another sub-account: names SMBCRM_LOCATION_ID', async () => {
    await withHarness({ env: { SMBCRM_LOCATION_ID: OTHER_LOCATION_ID } }, async (h) => {
      const r = byName(await h.bot.services.doctor());
      expect(r['SMBcrm token and sub-account']?.fix).toContain('`SMBCRM_LOCATION_ID` is not the sub-account');
    });
  });

  it('a token without most scopes: each missing one named, with where to add it', async () => {
    await withHarness({ env: { SMBCRM_TOKEN: LIMITED_TOKEN } }, async (h) => {
      const results = await h.bot.services.doctor();
      const r = byName(results);
      expect(r['SMBcrm token and sub-account']?.status).toBe('ok');
      expect(r['SMBcrm scope users.readonly']?.status).toBe('ok');
      expect(r['SMBcrm scope contacts.readonly']).toMatchObject({ status: 'fail' });
      expect(r['SMBcrm scope contacts.readonly']?.fix).toContain(
        'Add the `contacts.readonly` scope to the Private Integration',
      );
      expect(failed(results)).toContain('SMBcrm scope agent-studio.write');
      expect(r['SMBcrm scope contacts.write']?.fix).toContain('Add the `contacts.write` scope');
      // The probe wrote nothing: no note exists in the simulator.
      expect(h.smbcrm.db.notes).toHaveLength(0);
    });
  });

  it('an inactive agent', async () => {
    await withHarness({ env: { SMBCRM_AGENT_ID: 'AgtSimOff000000003' } }, async (h) => {
      const r = byName(await h.bot.services.doctor());
      expect(r['Agent Studio agent']).toMatchObject({ status: 'fail', detail: 'not Active' });
      expect(r['Agent Studio agent']?.fix).toContain('publish a Production version');
    });
  });

  it('Redis down', async () => {
    await withHarness(
      { env: { REDIS_URL: `redis://127.0.0.1:${await freePort()}`, REDIS_CLUSTER_NODES: '' } },
      async (h) => {
        const r = byName(await h.bot.services.doctor());
        expect(r.Redis).toMatchObject({ status: 'fail' });
        expect(r.Redis?.fix).toContain('`REDIS_URL`');
      },
    );
  });

  it('a Slack token installed without a scope the manifest lists', async () => {
    await withHarness({ slack: { scopes: ['commands', 'chat:write'] } }, async (h) => {
      const r = byName(await h.bot.services.doctor());
      expect(r['Slack bot token']?.status).toBe('ok');
      expect(r['Slack scopes']).toMatchObject({ status: 'fail' });
      expect(r['Slack scopes']?.detail).toContain('usergroups:read');
      expect(r['Slack scopes']?.fix).toContain('reinstall it');
    });
  });

  it('webhooks turned on without a channel to post to', async () => {
    await withHarness({ env: { SMBCRM_WEBHOOK_SECRETS: 'doctor-secret-0123456789abcdef' } }, async (h) => {
      const r = byName(await h.bot.services.doctor());
      expect(r['Workflow webhooks']).toMatchObject({ status: 'fail', detail: 'no channel to post to' });
    });
  });
});

describe('/smbcrm status', () => {
  it('shows the checks to someone who may approve; refuses anyone else', async () => {
    await withHarness({ env: { SMBCRM_APPROVERS: 'U0BOB' } }, async (h) => {
      const bob = messageText((await h.command('status', 'U0BOB')).reply?.body ?? {});
      expect(bob).toContain('Setup check: all good');
      expect(bob).toContain('✓ *SMBcrm scope contacts.readonly*');
      const alice = messageText((await h.command('status', 'U0ALICE')).reply?.body ?? {});
      expect(alice).toContain('is for the people who may approve');
      expect(alice).not.toContain('SMBcrm scope');
    });
  });
});

describe('npm run doctor', () => {
  const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
  const run = (env: Record<string, string>) =>
    new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/doctor.ts'], {
        cwd: root,
        env: { PATH: process.env.PATH ?? '', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d) => {
        out += String(d);
      });
      child.stderr.on('data', (d) => {
        out += String(d);
      });
      child.on('exit', (code) => resolve({ code, out }));
    });

  it('prints one line per check and exits 0 when all pass, 1 with the fix when one fails, 78 on bad settings', async () => {
    await withHarness({}, async (h) => {
      const env = { ...h.env, REDIS_URL: inject('redisUrl'), REDIS_CLUSTER_NODES: '' };
      const ok = await run(env);
      expect(ok.out).toContain('✓ Settings');
      expect(ok.out).toContain('✓ SMBcrm scope contacts.readonly');
      expect(ok.out).toContain('All checks passed.');
      expect(ok.code).toBe(0);
      const bad = await run({ ...env, SMBCRM_AGENT_ID: 'AgtSimOff000000003' });
      expect(bad.out).toContain('✗ Agent Studio agent — not Active');
      expect(bad.out).toContain('    fix: In Agent Studio, make the agent Active');
      expect(bad.code).toBe(1);
      const broken = await run({ ...env, SMBCRM_LOCATION_ID: '' });
      expect(broken.out).toContain('✗ Settings');
      expect(broken.code).toBe(78);
    });
  }, 40_000);
});

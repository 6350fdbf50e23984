import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load.js';

const valid = {
  SLACK_BOT_TOKEN: 'xoxb-1-2-abc',
  SLACK_SIGNING_SECRET: 'sign-secret-value',
  SMBCRM_TOKEN: 'pit-0000000A-0000-4000-8000-000000000001',
  SMBCRM_LOCATION_ID: 'Loc123',
  REDIS_URL: 'redis://127.0.0.1:6379',
};

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const c = loadConfig(valid);
    expect(c.smbcrm.baseUrl).toBe('https://services.smbcrm.com');
    expect(c.port).toBe(3000);
    expect(c.logLevel).toBe('info');
    expect(c.defaultPhoneRegion).toBe('US');
    expect(c.slack.socketMode).toBe(false);
    expect(c.smbcrm.currency).toBe('USD');
  });

  it('names every problem at once', () => {
    const found = problems({
      SLACK_BOT_TOKEN: 'xoxp-user-token',
      PORT: 'eighty',
      DEFAULT_PHONE_REGION: 'ZZ',
    });
    expect(found).toEqual(
      expect.arrayContaining([
        'SLACK_BOT_TOKEN must start with "xoxb-"',
        'SMBCRM_TOKEN is required',
        'SMBCRM_LOCATION_ID is required',
        'REDIS_URL is required (or REDIS_CLUSTER_NODES for a cluster, or REDIS_SENTINELS with REDIS_SENTINEL_NAME)',
        'PORT must be a whole number',
        'DEFAULT_PHONE_REGION must be a two-letter country code such as US',
        'SLACK_SIGNING_SECRET is required in HTTP mode (set SLACK_APP_TOKEN for Socket Mode instead)',
      ]),
    );
  });

  it('never echoes a value in its message', () => {
    const secretish = 'xoxp-SECRET-VALUE-123';
    try {
      loadConfig({
        ...valid,
        SLACK_BOT_TOKEN: secretish,
        REDIS_URL: 'http://user:hunter2@host',
        SMBCRM_BASE_URL: 'ftp://hunter3',
      });
      expect.unreachable();
    } catch (err) {
      const msg = (err as Error).message;
      expect(msg).toContain('REDIS_URL must be a redis:// or rediss:// URL');
      expect(msg).toContain('SMBCRM_BASE_URL must be an http(s) URL');
      expect(msg).not.toMatch(/SECRET-VALUE|hunter2|hunter3/);
    }
  });

  it('switches to Socket Mode when SLACK_APP_TOKEN is set, and then needs no signing secret', () => {
    const { SLACK_SIGNING_SECRET: _, ...rest } = valid;
    const c = loadConfig({ ...rest, SLACK_APP_TOKEN: 'xapp-1-abc' });
    expect(c.slack.socketMode).toBe(true);
    expect(problems({ ...valid, SLACK_APP_TOKEN: 'xoxb-wrong' })).toContain(
      'SLACK_APP_TOKEN must start with "xapp-" (an app-level token with connections:write)',
    );
  });

  it('normalises URLs: SLACK_API_URL gets its trailing slash, SMBCRM_BASE_URL loses it', () => {
    const c = loadConfig({
      ...valid,
      SLACK_API_URL: 'https://slack-gov.com/api',
      SMBCRM_BASE_URL: 'http://127.0.0.1:9/',
    });
    expect(c.slack.apiUrl).toBe('https://slack-gov.com/api/');
    expect(c.smbcrm.baseUrl).toBe('http://127.0.0.1:9');
  });

  it('takes a Redis Cluster or Sentinel instead of REDIS_URL', () => {
    const { REDIS_URL: _, ...noUrl } = valid;
    const cluster = loadConfig({ ...noUrl, REDIS_CLUSTER_NODES: '10.0.0.1:7000, 10.0.0.2:7001' });
    expect(cluster.redis.clusterNodes).toEqual(['10.0.0.1:7000', '10.0.0.2:7001']);
    const sentinel = loadConfig({
      ...noUrl,
      REDIS_SENTINELS: 's1:26379,s2:26379',
      REDIS_SENTINEL_NAME: 'smbcrm',
    });
    expect(sentinel.redis).toMatchObject({ sentinels: ['s1:26379', 's2:26379'], sentinelName: 'smbcrm' });
    expect(problems({ ...noUrl, REDIS_SENTINELS: 's1:26379' })).toContain(
      'REDIS_SENTINEL_NAME is required with REDIS_SENTINELS',
    );
    expect(problems({ ...noUrl, REDIS_CLUSTER_NODES: 'not a node' })).toContain(
      'REDIS_CLUSTER_NODES must list host:port seed nodes, comma-separated',
    );
  });

  it('treats empty optional settings as unset', () => {
    expect(loadConfig({ ...valid, SLACK_APP_TOKEN: '', SMBCRM_AGENT_ID: '' }).slack.socketMode).toBe(false);
  });

  describe('the approval policy and user map files, validated at start-up', () => {
    const dir = mkdtempSync(join(tmpdir(), 'smbcrm-config-'));
    const file = (name: string, text: string) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };

    it('reads a policy by kind of write; kinds it does not name keep the defaults', () => {
      const c = loadConfig({
        ...valid,
        SMBCRM_APPROVAL_POLICY: file(
          'policy.yml',
          'note: { approve: approvers }\nassign: { approve: approvers, approvers: [U0BOSS, S0MANAGERS], self: false }\n',
        ),
      });
      expect(c.approvals.policy).toEqual({
        note: { approve: 'approvers' },
        assign: { approve: 'approvers', approvers: ['U0BOSS', 'S0MANAGERS'], self: false },
      });
    });

    it('refuses an unknown kind, an unknown mode or a bad approver id, naming the setting and the entry', () => {
      const p = problems({
        ...valid,
        SMBCRM_APPROVAL_POLICY: file('bad.yml', 'notes: { approve: requester }\nmove: { approve: anyone }\n'),
      });
      expect(p.join('\n')).toContain('SMBCRM_APPROVAL_POLICY: ');
      expect(p.join('\n')).toContain('Unrecognized key: "notes"');
      expect(p.join('\n')).toContain('move.approve');
      const ids = problems({
        ...valid,
        SMBCRM_APPROVAL_POLICY: file(
          'ids.json',
          '{"status": {"approve": "approvers", "approvers": ["maya"]}}',
        ),
      });
      expect(ids.join('\n')).toContain('status.approvers.0: must be a Slack user (U…) or user-group (S…) id');
      expect(problems({ ...valid, SMBCRM_APPROVAL_POLICY: join(dir, 'missing.yml') }).join('\n')).toContain(
        'SMBCRM_APPROVAL_POLICY: cannot read',
      );
    });

    it('reads a user map (YAML or JSON) and refuses entries that are not ids', () => {
      const c = loadConfig({ ...valid, SMBCRM_USER_MAP: file('map.yml', 'U0CAROL: UsrSimSam000000002\n') });
      expect(c.userMap).toEqual({ U0CAROL: 'UsrSimSam000000002' });
      const p = problems({
        ...valid,
        SMBCRM_USER_MAP: file('map.json', '{"carol@example.com": "UsrSimSam000000002"}'),
      });
      expect(p.join('\n')).toContain('SMBCRM_USER_MAP: carol@example.com: must be a Slack user id');
    });
  });
});

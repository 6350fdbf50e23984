import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REQUIRED_SLACK_SCOPES } from '../../services/platform/slack/scopes.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const schemaDir = resolve(
  process.env.SLACK_MANIFEST_SCHEMA_DIR ?? join(root, 'test/contract/fixtures/slack'),
);
const manifest = parse(readFileSync(join(root, 'manifest.yml'), 'utf8'));

/**
 * Slack's manifest.schema.json dispatches on `_metadata.major_version` to the per-version schemas it `$ref`s by URL;
 * both are in test/contract/fixtures/slack (copied from slackapi/manifest-schema), so the full check runs on every
 * clone.
 */
function loadSchema() {
  const dispatcher = JSON.parse(readFileSync(join(schemaDir, 'manifest.schema.json'), 'utf8'));
  const refs = [
    ...new Set(JSON.stringify(dispatcher).match(/https:[^"]+manifest\.schema\.\d\.\d\.\d\.json/g) ?? []),
  ];
  const ajv = new Ajv({ strict: false, allErrors: true });
  for (const url of refs) {
    const local = join(schemaDir, url.split('/').at(-1) as string);
    ajv.addSchema({ ...JSON.parse(readFileSync(local, 'utf8')), $id: url });
  }
  return { validate: ajv.compile(dispatcher), ajv, refs };
}
const schema = loadSchema();

describe('manifest.yml', () => {
  it("passes Slack's full manifest schema (the dispatcher and the v1 schema it refers to)", () => {
    expect(schema.refs.map((r) => r.split('/').at(-1))).toContain('manifest.schema.1.0.0.json');
    const ok = schema.validate(manifest);
    expect(schema.ajv.errorsText(schema.validate.errors)).toBe('No errors');
    expect(ok).toBe(true);
  });

  it('the check can fail: a command without its slash, an unknown major version, agent_view with unknown keys', () => {
    const broken = structuredClone(manifest);
    broken.features.slash_commands[0].command = 'smbcrm';
    expect(schema.validate(broken)).toBe(false);
    expect(schema.validate({ ...manifest, _metadata: { major_version: 7 } })).toBe(false);
    const agent = structuredClone(manifest);
    agent.features.agent_view.assistant_description = 'the legacy key';
    expect(schema.validate(agent)).toBe(false);
  });

  it("uses Slack's agent messaging experience (agent_view), not the legacy assistant_view", () => {
    expect(manifest.features.agent_view.agent_description.length).toBeLessThanOrEqual(300);
    expect(manifest.features.agent_view.suggested_prompts.length).toBeLessThanOrEqual(4);
    expect(manifest.features.assistant_view).toBeUndefined();
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
    expect(manifest.features.app_home.messages_tab_read_only_enabled).toBe(false);
  });

  // Limits from the Slack platform reference (§8), beyond what the schema says.
  it('keeps within the documented manifest limits', () => {
    const d = manifest.display_information;
    expect(d.name.length).toBeGreaterThanOrEqual(1);
    expect(d.name.length).toBeLessThanOrEqual(35);
    expect(d.description.length).toBeLessThanOrEqual(140);
    expect(manifest.features.bot_user.display_name.length).toBeLessThanOrEqual(80);
    for (const c of manifest.features.slash_commands) {
      expect(c.command).toMatch(/^\/[a-z0-9_-]{1,31}$/);
      expect(c.description.length).toBeLessThanOrEqual(2000);
      expect(c.usage_hint.length).toBeLessThanOrEqual(1000);
      expect(c.url.length).toBeLessThanOrEqual(3000);
    }
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it('declares /smbcrm and sends commands and interactivity to /slack/events', () => {
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual(['/smbcrm']);
    expect(manifest.features.slash_commands[0].url).toMatch(/\/slack\/events$/);
    expect(manifest.settings.interactivity.request_url).toMatch(/\/slack\/events$/);
  });

  it('asks for exactly the scopes the bot uses (least privilege), and subscribes to the events it handles', () => {
    // Exactly the scopes the code declares (services/platform/slack/scopes.ts), which the setup doctor checks the token has.
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...REQUIRED_SLACK_SCOPES].sort());
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(
      [
        'app_mention',
        'message.channels',
        'message.groups',
        'message.im',
        'app_home_opened',
        'link_shared',
      ].sort(),
    );
    expect(manifest.settings.event_subscriptions.request_url).toMatch(/\/slack\/events$/);
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const schemaDir = resolve(process.env.SLACK_MANIFEST_SCHEMA_DIR ?? join(root, '../shared/reference/slack'));
const dispatcherPath = join(schemaDir, 'manifest.schema.json');
const manifest = parse(readFileSync(join(root, 'manifest.yml'), 'utf8'));

/**
 * Slack's manifest.schema.json only dispatches on `_metadata.major_version` to per-version schemas it `$ref`s by
 * URL. Those are used when they sit beside it (as manifest.schema.1.0.0.json …); otherwise the dispatcher is
 * checked with the version schema left open, and the full check reports itself skipped.
 */
function loadSchema() {
  const dispatcher = JSON.parse(readFileSync(dispatcherPath, 'utf8'));
  const refs = [
    ...new Set(JSON.stringify(dispatcher).match(/https:[^"]+manifest\.schema\.\d\.\d\.\d\.json/g) ?? []),
  ];
  const ajv = new Ajv({ strict: false, allErrors: true });
  const missing: string[] = [];
  for (const url of refs) {
    const local = join(schemaDir, url.split('/').at(-1) as string);
    if (existsSync(local)) ajv.addSchema({ ...JSON.parse(readFileSync(local, 'utf8')), $id: url });
    else {
      missing.push(url.split('/').at(-1) as string);
      ajv.addSchema({ $id: url }); // open: accepts anything
    }
  }
  return { validate: ajv.compile(dispatcher), ajv, missing };
}

const haveDispatcher = existsSync(dispatcherPath);
const schema = haveDispatcher ? loadSchema() : undefined;
const v1Missing = schema?.missing.includes('manifest.schema.1.0.0.json') ?? true;

describe('manifest.yml', () => {
  it.skipIf(!haveDispatcher)(
    `passes Slack's manifest.schema.json${haveDispatcher ? '' : ` — skipped: no ${dispatcherPath}`}`,
    () => {
      const ok = schema?.validate(manifest);
      expect(schema?.ajv.errorsText(schema.validate.errors)).toBe('No errors');
      expect(ok).toBe(true);
      // The dispatcher itself can fail: an unknown major version matches none of its branches.
      expect(schema?.validate({ ...manifest, _metadata: { major_version: 7 } })).toBe(false);
    },
  );

  it.skipIf(v1Missing)(
    `passes Slack's full v1 manifest schema${v1Missing ? ` — skipped: manifest.schema.1.0.0.json is not in ${schemaDir}` : ''}`,
    () => {
      expect(schema?.validate(manifest)).toBe(true);
      const broken = structuredClone(manifest);
      broken.features.slash_commands[0].command = 'smbcrm';
      expect(schema?.validate(broken)).toBe(false);
    },
  );

  // Limits from shared/reference/slack-platform.md §8, checked whether or not the full schema is at hand.
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
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(
      [
        'commands', // /smbcrm and response_urls
        'chat:write', // chat.postMessage / chat.update in threads, assistant.threads.setStatus
        'app_mentions:read', // app_mention
        'channels:history', // message.channels
        'groups:history', // message.groups
        'im:history', // message.im
        'users:read', // users.info (services/slack/names.ts)
        'channels:read', // conversations.info for public channels
        'groups:read', // conversations.info for private channels
        'assistant:write', // assistant.threads.setSuggestedPrompts / setTitle
        'usergroups:read', // usergroups.users.list, for approvers named by user group
      ].sort(),
    );
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(
      [
        'app_mention',
        'message.channels',
        'message.groups',
        'message.im',
        'assistant_thread_started',
        'assistant_thread_context_changed',
      ].sort(),
    );
    expect(manifest.settings.event_subscriptions.request_url).toMatch(/\/slack\/events$/);
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
    expect(manifest.features.assistant_view.suggested_prompts.length).toBeLessThanOrEqual(4);
  });
});

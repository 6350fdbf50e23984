/**
 * A slash command's text as Slack sends it, from what the person typed: `&`, `<` and `>` as entities, always;
 * and, with the command's `should_escape` on (manifest.yml), mentions of known people and channels as markup with
 * their ids, emails as mailto links and web addresses as links.
 * https://docs.slack.dev/interactivity/implementing-slash-commands#creating_commands ("Escape channels, users, and
 * links sent to your app"), https://docs.slack.dev/messaging/formatting-message-text#escaping
 */
export function asSlackSends(
  typed: string,
  options: {
    shouldEscape: boolean;
    users: { id: string; name: string }[];
    channels: { id: string; name: string }[];
  },
): string {
  const entities = typed.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  if (!options.shouldEscape) return entities;
  return entities
    .replace(/(^|\s)@([a-z0-9._-]+)/gi, (m, pre: string, name: string) => {
      const u = options.users.find((x) => x.name.toLowerCase() === name.toLowerCase());
      return u ? `${pre}<@${u.id}|${u.name}>` : m;
    })
    .replace(/(^|\s)#([a-z0-9_-]+)/gi, (m, pre: string, name: string) => {
      const c = options.channels.find((x) => x.name === name.toLowerCase());
      return c ? `${pre}<#${c.id}|${c.name}>` : m;
    })
    .replace(/\bhttps?:\/\/[^\s<>|]+/g, (url) => `<${url}>`)
    .replace(
      /(^|[\s(])([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})/g,
      (_m, pre: string, email: string) => `${pre}<mailto:${email}|${email}>`,
    );
}

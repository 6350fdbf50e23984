import { clean } from './format.js';

/**
 * The agent's answer, made safe to post under the bot's name in a `markdown` block. Anything that can steer the
 * agent (a lead's name or note it summarises) can steer what it writes, so its answer is data like any other:
 * - `<` becomes `&lt;`: Slack's control sequences (`<!channel>`, `<@U…>`, `<https://x|label>`) all start with it,
 *   and stay live inside a markdown block; `&lt;` shows as `<` there and is not read again (observed by PostHog,
 *   https://github.com/PostHog/posthog/pull/95054). `&` and `>` are left alone: `&` is not decoded in a markdown
 *   block, and `>` starts a quote.
 * - A Markdown link keeps its label and shows where it goes, `label (host)`, unless its host is the SMBcrm app
 *   or one of the configured hosts: the bot must not post a "Reset your password" link to anywhere.
 * - Invisible and direction-changing characters are removed, as everywhere else.
 * https://docs.slack.dev/reference/block-kit/blocks/markdown-block
 */
export interface AgentLinkPolicy {
  /** Hosts whose links stay links (lower case): the SMBcrm app's, and SMBCRM_AGENT_LINK_HOSTS. */
  allowedHosts: readonly string[];
}

// [label](destination "title"), and images ![alt](destination); labels may hold one level of brackets.
const INLINE_LINK =
  /(!?)\[((?:[^[\]\n]|\[[^[\]\n]*\])*)\]\(\s*<?([^()\s>]*(?:\([^()\s]*\)[^()\s>]*)*)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g;
// A reference definition, `[id]: destination`, which would turn `[label][id]` elsewhere into a live link.
const REFERENCE_DEFINITION = /^( {0,3})\[([^\]\n]+)\]:/gm;

function hostOf(destination: string): string | undefined {
  if (!URL.canParse(destination)) return undefined;
  const u = new URL(destination);
  return u.protocol === 'http:' || u.protocol === 'https:' ? u.hostname.toLowerCase() : undefined;
}

const allowed = (host: string, policy: AgentLinkPolicy) =>
  policy.allowedHosts.some((h) => host === h || host.endsWith(`.${h}`));

export function safeAgentMarkdown(text: string, policy: AgentLinkPolicy): string {
  const visible = clean(text, { keepNewlines: true }).replace(/</g, '&lt;');
  return visible
    .replace(INLINE_LINK, (whole, _bang: string, label: string, destination: string) => {
      const host = hostOf(destination);
      if (host && allowed(host, policy)) return whole;
      const shown = label.trim() === '' ? destination : label;
      return host ? `${shown} (${host})` : shown;
    })
    .replace(REFERENCE_DEFINITION, '$1\\[$2\\]:');
}

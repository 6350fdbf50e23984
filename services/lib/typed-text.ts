import { decodeEntities } from './clean-text.js';

/**
 * What the person typed, back from Slack's escaping: a slash command's text arrives with `&`, `<` and `>` as
 * entities and, with `should_escape` on, mentions, channels and links as markup (`<@U0123|maya>`,
 * `<#C0123|sales>`, `<mailto:a@b.c|a@b.c>`, `<https://x.test|x.test>`). A note or a task is sent to SMBcrm as
 * the person wrote it, so the markup goes back to its label and the entities to their characters.
 * https://docs.slack.dev/messaging/formatting-message-text#escaping
 */
export function typedText(text: string): string {
  return text
    .replace(/<@([UW][A-Z0-9]+)\|([^>]*)>/g, '@$2')
    .replace(/<#([CG][A-Z0-9]+)\|([^>]*)>/g, '#$2')
    .replace(/<!subteam\^[A-Z0-9]+\|([^>]*)>/g, '$1')
    .replace(/<(?:mailto:|tel:)?[^|>]*\|([^>]*)>/g, '$1')
    .replace(/<((?:https?|mailto|tel):[^>]*)>/g, (_, url: string) => url.replace(/^(mailto|tel):/, ''))
    .replace(/&(lt|gt|amp);/g, (m) => decodeEntities(m))
    .trim();
}

/**
 * What a person typed in a slash command or message, as plain text: Slack's link markup for emails and phone
 * numbers (`<mailto:a@b.c|a@b.c>`, `<tel:…|…>`) resolved to its text, Slack's entities (`&amp;`, `&lt;`, `&gt;`:
 * it escapes those three in everything it sends) back to their characters, control and format characters turned
 * into spaces, runs of spaces collapsed. Mentions (`<@U…|name>`) are kept: `assign … to @maya` needs the id.
 * https://docs.slack.dev/messaging/formatting-message-text#escaping
 */
export function cleanText(text: string): string {
  // Most commands are plain printable ASCII, with nothing for the Unicode and link rules below to do.
  if (/^[\x20-\x25\x27-\x3b\x3d-\x7e]*$/.test(text)) return text.replace(/ {2,}/g, ' ').trim();
  return decodeEntities(
    text
      .replace(/<(?:mailto:|tel:)[^|>]*\|([^>]*)>/g, '$1')
      .replace(/<(?:mailto:|tel:)([^>]*)>/g, '$1')
      .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

/** Slack's three entities back to their characters (`&amp;` last, so `&amp;lt;` stays the text `&lt;`). */
export const decodeEntities = (s: string) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

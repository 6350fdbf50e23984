/**
 * What a person typed in a slash command or message, as plain text: Slack's link markup for emails and phone
 * numbers (`<mailto:a@b.c|a@b.c>`, `<tel:…|…>`) resolved to its text, control and format characters turned into
 * spaces, runs of spaces collapsed.
 */
export function cleanText(text: string): string {
  // Most commands are plain printable ASCII, with nothing for the Unicode and link rules below to do.
  if (/^[\x20-\x3b\x3d-\x7e]*$/.test(text)) return text.replace(/ {2,}/g, ' ').trim();
  return text
    .replace(/<(?:mailto:|tel:)[^|>]*\|([^>]*)>/g, '$1')
    .replace(/<(?:mailto:|tel:)([^>]*)>/g, '$1')
    .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A name as people type it when they do not type it exactly: case, accents and punctuation folded away, so
 * "chloe" matches "Chloé", "hernandez" "Hernández" and "obrien" "O'Brien". For the bot's own matching only; what is
 * shown and sent to SMBcrm keeps the spelling it has.
 */
export function fold(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]+/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Three-letter pieces of a folded word that SMBcrm's `contains` filters can find in a stored name whatever
 * accent or apostrophe sits elsewhere in it ("obrien" → obr, bri, rie, ien; "o'brien" holds the last three).
 * At most `max`, spread over the word.
 */
export function trigrams(word: string, max = 6): string[] {
  if (word.length <= 3) return [word];
  const all = Array.from({ length: word.length - 2 }, (_, i) => word.slice(i, i + 3));
  if (all.length <= max) return all;
  const step = (all.length - 1) / (max - 1);
  return [...new Set(Array.from({ length: max }, (_, i) => all[Math.round(i * step)] as string))];
}

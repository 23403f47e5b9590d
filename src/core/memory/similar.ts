// When two lessons say the same thing: equal after normalizing, or nearly the same set of words.

/** Lower case, punctuation to spaces, whitespace collapsed. */
export function normalizeText(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const STOP = new Set(['a', 'an', 'the', 'of', 'to', 'in', 'on', 'and', 'or', 'is', 'are', 'it', 'its', 'be']);

export function words(s: string): Set<string> {
  return new Set(
    normalizeText(s)
      .split(' ')
      .filter((w) => w && !STOP.has(w)),
  );
}

/** Jaccard similarity of the content words (of two texts, or of two word sets). */
export function similarity(a: string | Set<string>, b: string | Set<string>): number {
  const A = typeof a === 'string' ? words(a) : a;
  const B = typeof b === 'string' ? words(b) : b;
  if (!A.size && !B.size) return 1;
  let both = 0;
  for (const w of A) if (B.has(w)) both++;
  return both / (A.size + B.size - both);
}

export const DUPLICATE_SIMILARITY = 0.8;

export function sameLesson(a: string, b: string): boolean {
  return normalizeText(a) === normalizeText(b) || similarity(a, b) >= DUPLICATE_SIMILARITY;
}

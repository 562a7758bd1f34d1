/** Words too common to tell articles apart: English function words and the small talk of support requests. */
const STOP_WORDS = new Set(
  `a about above after again against all also am an and any are as at be because been before being below between both
  but by can cannot could did do does doing down during each few for from further had has have having he her here hers
  herself him himself his how i if in into is it its itself just me more most my myself no nor not of off on once only
  or other our ours ourselves out over own same she should so some such than that the their theirs them themselves then
  there these they this those through to too under until up very was we were what when where which while who whom why
  will with would you your yours yourself yourselves get gets got use used using via etc e g eg ie
  please thanks thank hi hello dear regards help need needs want wants trying tried try way ways since still yet
  cannot don doesn isn won didn see seems much many lot lots left say says said know like one every anyone
  someone something anything everything now today keep keeps always never able unable issue problem question`
    .split(/\s+/)
    .filter(Boolean),
);

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const TOKEN = /[\p{L}\p{N}\p{M}]+/gu;

/** The words of `text`, lower-cased; runs of CJK characters as overlapping pairs (a lone one as itself). */
function tokens(text: string): string[] {
  const out: string[] = [];
  for (const [word] of text.toLowerCase().matchAll(TOKEN)) {
    let latin = "";
    let cjk = "";
    const flush = () => {
      if (latin) out.push(latin);
      if (cjk.length === 1) out.push(cjk);
      for (let i = 0; i + 1 < cjk.length; i++) out.push(cjk.slice(i, i + 2));
      latin = "";
      cjk = "";
    };
    for (const char of word) {
      if (CJK.test(char)) {
        if (latin) flush();
        cjk += char;
      } else {
        if (cjk) flush();
        latin += char;
      }
    }
    flush();
  }
  return out;
}

/**
 * The terms that say what a case is about, best first, at most `max`: the words of its
 * subject (weighted 3) and description (1) without stop words and one-letter words, scored
 * by weighted count, ties broken by first appearance. Each term holds only letters, digits
 * and marks, so it is a plain word to the search's query parser.
 *
 * @example `salientTerms("Printer jams on tray 2", "The printer jams every morning")` → `["printer", "jams", "tray", "morning"]`
 */
export function salientTerms(subject: string, description: string, max: number): string[] {
  const scores = new Map<string, { score: number; first: number }>();
  let position = 0;
  for (const [text, weight] of [
    [subject, 3],
    [description, 1],
  ] as const) {
    for (const token of tokens(text)) {
      position += 1;
      const isCjk = CJK.test(token);
      if (!isCjk && (token.length < 2 || STOP_WORDS.has(token))) continue;
      const entry = scores.get(token) ?? { score: 0, first: position };
      entry.score += weight;
      scores.set(token, entry);
    }
  }
  return [...scores.entries()]
    .sort(([, a], [, b]) => b.score - a.score || a.first - b.first)
    .slice(0, max)
    .map(([token]) => token);
}

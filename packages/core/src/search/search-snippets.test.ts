import { describe, expect, it } from "vitest";
import { HIGHLIGHT_END as E, HIGHLIGHT_START as S } from "./search-dialect.js";
import { SNIPPET_LENGTH, snippetHtml, titleHtml } from "./search-snippets.js";

describe("snippets and titles", () => {
  it("escapes the text and marks the matches, side-by-side matches in one mark", () => {
    expect(titleHtml(`<b>${S}Fox${E}</b> & "dog"`)).toBe("&lt;b&gt;<mark>Fox</mark>&lt;/b&gt; &amp; &quot;dog&quot;");
    expect(titleHtml(`全文${S}检${E}\u2009${S}索${E}`)).toBe("全文<mark>检索</mark>");
    expect(titleHtml(null)).toBe("");
  });

  it("cuts long text around the first match, at spaces, with ellipses", () => {
    const words = Array.from({ length: 100 }, (_, i) => `word${i}`);
    words[50] = `${S}target${E}`;
    const snippet = snippetHtml([null, words.join(" ")]);
    expect(snippet.startsWith("…word")).toBe(true);
    expect(snippet.endsWith("…")).toBe(true);
    expect(snippet).toContain("<mark>target</mark>");
    expect(snippet.replace(/<\/?mark>|…/g, "").length).toBeLessThanOrEqual(SNIPPET_LENGTH);
  });

  it("takes the first text with a match, else the first text, and closes a mark the cut leaves open", () => {
    expect(snippetHtml(["no match here", `a ${S}hit${E}`])).toBe("a <mark>hit</mark>");
    expect(snippetHtml(["no match here", null])).toBe("no match here");
    expect(snippetHtml([null, null])).toBe("");
    const long = `${S}${"x".repeat(300)}${E}`;
    expect(snippetHtml([long])).toBe(`<mark>${"x".repeat(SNIPPET_LENGTH)}</mark>…`);
  });
});

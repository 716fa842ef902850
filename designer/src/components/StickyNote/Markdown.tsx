/**
 * A note's markdown as React elements. `marked` only tokenises; this file turns a small set of tokens into elements,
 * so nothing is ever written as HTML: raw HTML in a note shows as its text, links keep only http(s) and mailto
 * addresses, and images show their alt text (a note cannot make the browser fetch anything). No innerHTML, so no
 * sanitiser is needed to keep a shared flow's notes from running script.
 */
import { lexer, type Token, type Tokens } from "marked";
import { Fragment, type ReactNode, useMemo } from "react";

const SAFE_LINK = /^(https?:|mailto:)/i;

/** Children of a token that holds inline tokens, else its text. */
function inline(tokens: readonly Token[] | undefined, fallback: string): ReactNode {
  return tokens && tokens.length > 0 ? render(tokens) : fallback;
}

function renderToken(token: Token, key: number): ReactNode {
  const t = token as Tokens.Generic;
  switch (token.type) {
    case "heading": {
      // Note headings sit inside the canvas, so they are styled text, not document headings (which would break the
      // page's heading outline for screen readers).
      const depth = Math.min(Math.max((token as Tokens.Heading).depth, 1), 6);
      return (
        <p key={key} className={`md-heading md-h${depth}`}>
          {inline(t.tokens, t.text)}
        </p>
      );
    }
    case "paragraph":
      return <p key={key}>{inline(t.tokens, t.text)}</p>;
    case "list": {
      const list = token as Tokens.List;
      const items = list.items.map((item, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: list items have no identity beyond their place
        <li key={i}>
          {item.task ? <input type="checkbox" checked={item.checked === true} readOnly aria-label="done" /> : null}
          {render(item.tokens)}
        </li>
      ));
      return list.ordered ? (
        <ol key={key} start={typeof list.start === "number" ? list.start : undefined}>
          {items}
        </ol>
      ) : (
        <ul key={key}>{items}</ul>
      );
    }
    case "blockquote":
      return <blockquote key={key}>{render((token as Tokens.Blockquote).tokens)}</blockquote>;
    case "code":
      return (
        <pre key={key}>
          <code>{(token as Tokens.Code).text}</code>
        </pre>
      );
    case "hr":
      return <hr key={key} />;
    case "strong":
      return <strong key={key}>{inline(t.tokens, t.text)}</strong>;
    case "em":
      return <em key={key}>{inline(t.tokens, t.text)}</em>;
    case "del":
      return <del key={key}>{inline(t.tokens, t.text)}</del>;
    case "codespan":
      return <code key={key}>{t.text}</code>;
    case "br":
      return <br key={key} />;
    case "link": {
      const link = token as Tokens.Link;
      if (!SAFE_LINK.test(link.href.trim())) return <span key={key}>{inline(link.tokens, link.text)}</span>;
      return (
        <a key={key} href={link.href} target="_blank" rel="noopener noreferrer nofollow">
          {inline(link.tokens, link.text)}
        </a>
      );
    }
    case "image":
      return <span key={key}>{(token as Tokens.Image).text}</span>;
    case "space":
    case "def":
      return null;
    default: {
      // text, escape, html, tables and anything newer: their text, which React escapes.
      const text = typeof t.text === "string" ? t.text : String(t.raw ?? "");
      return t.tokens && t.tokens.length > 0 ? <Fragment key={key}>{render(t.tokens)}</Fragment> : text;
    }
  }
}

function render(tokens: readonly Token[]): ReactNode[] {
  return tokens.map(renderToken);
}

export interface MarkdownProps {
  text: string;
}

/** Markdown rendered without HTML: headings, emphasis, lists, task lists, quotes, code and safe links. */
export function Markdown({ text }: MarkdownProps) {
  const tokens = useMemo(() => lexer(text, { gfm: true, breaks: true }), [text]);
  return <div className="markdown">{render(tokens)}</div>;
}

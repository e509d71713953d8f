import * as React from 'react';

const URL_RE = /(https?:\/\/[^\s<>"']+)/g;
const TRAILING = /[.,;:!?)\]]+$/;

export type Segment = { type: 'text'; value: string } | { type: 'link'; value: string };

/** Splits text into plain and URL segments (trailing punctuation stays text). */
export function splitLinks(text: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    const start = m.index ?? 0;
    let url = m[0];
    const trail = url.match(TRAILING)?.[0] ?? '';
    if (trail) url = url.slice(0, -trail.length);
    if (start > last) out.push({ type: 'text', value: text.slice(last, start) });
    out.push({ type: 'link', value: url });
    last = start + url.length;
  }
  if (last < text.length) out.push({ type: 'text', value: text.slice(last) });
  return out;
}

/** Text with its http(s) URLs rendered as links. */
export function Linkified({ text }: { text: string }) {
  return (
    <>
      {splitLinks(text).map((s, i) =>
        s.type === 'link' ? (
          <a
            key={i}
            href={s.value}
            target="_blank"
            rel="noreferrer noopener"
            className="break-all font-medium text-link underline underline-offset-2"
            data-testid="email-link"
          >
            {s.value}
          </a>
        ) : (
          <React.Fragment key={i}>{s.value}</React.Fragment>
        ),
      )}
    </>
  );
}

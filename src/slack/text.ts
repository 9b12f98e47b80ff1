/**
 * Slack's text as people typed it. Slack escapes `&`, `<` and `>` as entities, wraps links and
 * mentions in `<...>` markup, and clients turn straight quotes into curly ones; all of that is
 * undone before the command is parsed, so `db.schema."My Table"` reaches the name parser intact.
 */

const CURLY_DOUBLE = /[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/g;
const CURLY_SINGLE = /[\u2018\u2019\u201a\u201b\u2032]/g;

/** `<https://x|label>` -> label, `<https://x>` -> https://x, `<@U1|ann>` -> @ann, `<#C1|ops>` -> #ops. */
function unlink(markup: string): string {
  const bar = markup.indexOf('|');
  const target = bar === -1 ? markup : markup.slice(0, bar);
  const label = bar === -1 ? undefined : markup.slice(bar + 1);
  if (target.startsWith('@') || target.startsWith('#')) return label ? `${target[0]}${label}` : target;
  if (target.startsWith('!')) return label ?? `@${target.slice(1).split('^')[0]}`;
  return label ?? target.replace(/^mailto:/, '');
}

/** The command text as the person typed it. */
export function unescapeSlack(text: string): string {
  return text
    .replace(/<([^<>]*)>/g, (_, inner: string) => unlink(inner))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(CURLY_DOUBLE, '"')
    .replace(CURLY_SINGLE, "'")
    .replace(/\u00a0/g, ' ');
}

/** Escapes text for Slack's mrkdwn (the three characters Slack itself escapes). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts text to at most `max` characters, ending with an ellipsis when it was cut. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1))}…`;
}

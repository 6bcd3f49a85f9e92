// SQL syntax highlighting on the server, with the engine's own PostgreSQL lexer: strings,
// dollar-quoted bodies and comments are recognised exactly as PostgreSQL reads them.
import { lexSql } from '../engine';

/** A run of text and its class: k keyword, t type, s string, c comment, n number, i quoted identifier, d dollar quote, '' plain. */
export type Segment = [cls: '' | 'k' | 't' | 's' | 'c' | 'n' | 'i' | 'd', text: string];

const KEYWORDS = new Set(
  `add all alter always and as asc atomic before begin between by cascade case check column comment commit concurrently constraint
   create cross current_date current_timestamp default deferrable deferred delete desc distinct do drop each else end enum exception
   exists execute false for foreign from function generated grant group having identity if immutable in index initially inherits
   inner insert into is join key language left like limit materialized not notify null nulls of offset on or order outer owned
   partition perform plpgsql policy primary procedure raise references rename replace restrict return returning returns revoke
   right row rollback schema select sequence set stable statement table then to trigger true truncate type union unique unlogged
   update using vacuum values view volatile when where with without new old elsif loop while declare found security definer
   extension materialized refresh cluster analyze reindex tablespace collate no action restart`.split(/\s+/),
);

const TYPES = new Set(
  `bigint bigserial bit boolean bool bytea char character cidr date decimal double float int int2 int4 int8 integer interval
   json jsonb money numeric real serial smallint smallserial text time timestamp timestamptz timetz tsvector uuid varchar varying
   zone precision inet macaddr citext trigger void record`.split(/\s+/),
);

export function highlightSql(sql: string): Segment[] {
  const out: Segment[] = [];
  const push = (cls: Segment[0], text: string) => {
    const last = out[out.length - 1];
    if (last && last[0] === cls) last[1] += text;
    else out.push([cls, text]);
  };
  const tokens = lexSql(sql);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const text = sql.slice(t.start, t.end);
    switch (t.kind) {
      case 'line-comment':
      case 'block-comment':
        push('c', text);
        break;
      case 'string':
        push('s', text);
        break;
      case 'quoted-identifier':
        push('i', text);
        break;
      case 'dollar-string': {
        const tag = /^\$[^$]*\$/.exec(text)?.[0] ?? '$$';
        const closed = !t.unterminated && text.length >= tag.length * 2;
        push('d', tag);
        for (const seg of highlightSql(text.slice(tag.length, closed ? text.length - tag.length : text.length))) push(seg[0], seg[1]);
        if (closed) push('d', tag);
        break;
      }
      case 'word': {
        const lower = text.toLowerCase();
        push(KEYWORDS.has(lower) ? 'k' : TYPES.has(lower) ? 't' : '', text);
        break;
      }
      case 'other':
        push(/[0-9]/.test(text) && !/[A-Za-z_]$/.test(out[out.length - 1]?.[1] ?? '') ? 'n' : '', text);
        break;
      default:
        push('', text);
    }
  }
  return out;
}

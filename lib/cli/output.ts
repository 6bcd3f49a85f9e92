// How the CLI talks to people: aligned tables, colour only where it helps, nothing secret.
import pc from 'picocolors';
import { redact } from '../db/redact';
import type { FileProblem } from '../migrations';

export const color = pc;

const ANSI = /\x1b\[[0-9;]*m/g;
const visibleLength = (s: string) => s.replace(ANSI, '').length;

export interface Column<T> {
  header: string;
  value: (row: T) => string;
  align?: 'left' | 'right';
}

export function formatTable<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = rows.map((row) => columns.map((c) => c.value(row)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => visibleLength(r[i]))));
  const pad = (text: string, i: number) => {
    const gap = ' '.repeat(widths[i] - visibleLength(text));
    return columns[i].align === 'right' ? gap + text : text + gap;
  };
  const header = columns.map((c, i) => pc.bold(pad(c.header, i))).join('  ');
  const body = cells.map((r) => r.map(pad).join('  ').trimEnd());
  return [header.trimEnd(), ...body].join('\n');
}

export function formatProblems(problems: readonly FileProblem[]): string {
  return problems
    .map((p) => `${pc.red('error')} ${pc.bold(p.line ? `${p.file}:${p.line}` : p.file)}: ${p.message}\n      ${pc.dim('fix:')} ${p.hint}`)
    .join('\n');
}

/** Everything printed goes through here, so a password can never slip out. */
export function out(text: string): void {
  process.stdout.write(redact(text) + '\n');
}

export function err(text: string): void {
  process.stderr.write(redact(text) + '\n');
}

export function printJson(value: unknown): void {
  process.stdout.write(redact(JSON.stringify(value, null, 2)) + '\n');
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

export function duration(ms: number): string {
  return ms < 1_000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

// How the CLI talks to people: aligned tables, colour only where it helps, nothing secret.
import pc from 'picocolors';
import { redact } from '../util/redact';
import { fileLocation, problemText, type FileProblem, type Problem } from '../engine';

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

/** File problems like a compiler's: `error tenant/003_x.sql:7: message`, the fix below. */
export function formatProblems(problems: readonly (FileProblem | Problem)[]): string {
  return problems
    .map((p) => `${pc.red('error')} ${pc.bold(fileLocation({ column: null, ...p, file: p.file ?? '' }) ?? '')}: ${p.message}\n      ${pc.dim('fix:')} ${p.hint}`)
    .join('\n');
}

/** A database's problem for people: `acme [23505]: message (file:line)` and the fix below it. */
export function formatProblem(p: Problem, indent = '  '): string {
  const who = p.database ? `${pc.red(p.database)}${p.sqlstate ? pc.dim(` [${p.sqlstate}]`) : ''}: ` : '';
  return who + problemText(p).replace(/\n/g, `\n${indent}`).replace(/\n(\s*)fix: /, `\n$1${pc.dim('fix:')} `);
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

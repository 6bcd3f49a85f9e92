// Pure: helpers the converters share to read other tools' files.
import { firstInvalidUtf8Byte, normaliseText } from '../migrations/parse';
import type { FileProblem } from '../migrations/types';
import type { SourceFile } from './types';

/** The file's text (BOM removed, CRLF → LF), or a problem when it is not UTF-8. */
export function sourceText(file: SourceFile, problems: FileProblem[]): string | null {
  if (typeof file.content === 'string') return normaliseText(file.content);
  const bad = firstInvalidUtf8Byte(file.content);
  if (bad !== null) {
    problems.push({
      file: file.path,
      line: null,
      message: `the file is not UTF-8 (invalid byte at byte ${bad})`,
      hint: 'Save it as UTF-8 (e.g. with `iconv -f LATIN1 -t UTF-8`) before importing.',
    });
    return null;
  }
  return normaliseText(new TextDecoder('utf-8').decode(file.content));
}

/** The last part of a `/`-separated path. */
export const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** 1-based line of a string index. */
export function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Problems for every version used by more than one file; the tools themselves refuse or misorder those. */
export function duplicateVersions<T extends { version: number; file: string }>(entries: readonly T[], tool: string): FileProblem[] {
  const byVersion = new Map<number, T[]>();
  for (const e of entries) byVersion.set(e.version, [...(byVersion.get(e.version) ?? []), e]);
  const problems: FileProblem[] = [];
  for (const [version, same] of byVersion) {
    if (same.length < 2) continue;
    const files = same.map((e) => e.file);
    problems.push({
      file: files[1],
      line: null,
      message: `version ${version} is used by ${files.length} ${tool} migrations: ${files.join(', ')}`,
      hint: 'A version is unique in FastMigrate: give all but one of them another version (keeping the order) before importing.',
    });
  }
  return problems;
}

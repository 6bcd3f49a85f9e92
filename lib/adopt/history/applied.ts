// Pure: a tool's history of one database, matched with the versions of that database's stream in
// our migration set: the versions to record as applied (baseline), or what does not match.
import type { ToolHistory } from './types';

export interface AppliedInStream {
  /** Versions of the stream the tool applied here, ascending. */
  versions: number[];
  /** Versions the tool applied that no file of the stream has (imported into another folder, or left out). */
  unknown: number[];
}

export function appliedInStream(history: Extract<ToolHistory, { ok: true }>, streamVersions: readonly number[]): AppliedInStream {
  const inStream = new Set(streamVersions);
  const applied = new Set(history.applied.filter((v) => inStream.has(v)));
  if (history.upTo !== null) for (const v of streamVersions) if (v <= history.upTo) applied.add(v);
  const unknown = history.applied.filter((v) => !inStream.has(v));
  return { versions: [...applied].sort((a, b) => a - b), unknown: unknown.sort((a, b) => a - b) };
}

// Pure: where in its file a PostgreSQL error points.
import { lineOfOffset } from './sql-lexer';
import type { PlannedStep } from './types';

/**
 * PostgreSQL reports a 1-based character position in the text it was sent; `positionOffset` is
 * the length of what we sent before the step's SQL. Null when there is no position to map.
 */
export function errorLine(error: unknown, step: PlannedStep | undefined, positionOffset = 0): number | null {
  const position = Number((error as { position?: string } | null)?.position) - positionOffset;
  if (!step || step.startLine === null || !(position > 0) || position > step.sql.length + 1) return null;
  return step.startLine + lineOfOffset(step.sql, position - 1) - 1;
}

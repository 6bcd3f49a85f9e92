// Per database, the versions another tool recorded as applied there (read-only), as the baseline
// request that records exactly those — or why that database is refused (dirty, no table, …).
import { withClient, type DatabaseTarget, type Servers } from '../db/connection';
import { describeFailure } from '../db/failure';
import { appliedInStream, readToolHistory } from '../adopt/history';
import type { Tool } from '../adopt/types';
import type { BaselineRequest, MigrationSet } from '../migrations/types';
import { mapBounded } from '../util/concurrency';

export interface HistoryRefusalOf {
  target: DatabaseTarget;
  message: string;
  hint: string;
}

export interface BaselinesFromHistory {
  requests: Record<string, BaselineRequest>;
  refused: HistoryRefusalOf[];
}

export async function baselinesFromHistory(
  servers: Servers,
  set: MigrationSet,
  targets: readonly DatabaseTarget[],
  tool: Tool,
  concurrency: number,
): Promise<BaselinesFromHistory> {
  const requests: Record<string, BaselineRequest> = {};
  const refused: HistoryRefusalOf[] = [];
  await mapBounded(
    targets,
    concurrency,
    async (target) => {
      const stream = target.kind === 'host' ? set.host : set.tenant;
      let history;
      try {
        history = await withClient(servers.clientConfig(target), (client) => readToolHistory(tool, client));
      } catch (error) {
        const f = describeFailure(error, { database: target.id });
        refused.push({ target, message: f.message, hint: f.hint ?? 'check that the database can be reached' });
        return;
      }
      if (!history.ok) {
        refused.push({ target, message: `${history.table}: ${history.message}`, hint: history.hint });
        return;
      }
      const { versions, unknown } = appliedInStream(history, stream.map((m) => m.version));
      if (unknown.length) {
        refused.push({
          target,
          message: `${tool} applied version${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} here, which no file of the ${target.kind} migrations has`,
          hint: `import that tool's migrations into the ${target.kind === 'host' ? 'host' : 'tenant'} folder first (fastmigrate import ${tool} DIR --scope ${target.kind})`,
        });
        return;
      }
      requests[target.id] = { action: 'baseline', versions };
    },
    (t) => servers.serverOf(t),
  );
  return { requests, refused };
}

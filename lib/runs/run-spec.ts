// What a run asks of every database: stored with the run (runs.request), so any executor can carry it out.
import type { Timeouts } from '../migrations/database-runner';
import type { PlanOptions, PlanRequest } from '../migrations/types';

export interface RunSpec {
  request: PlanRequest;
  planOptions: PlanOptions;
  timeouts?: Partial<Timeouts>;
  /** A request of its own for some databases (`baseline --from-history`: each at the version it has). */
  perDatabase?: Record<string, PlanRequest>;
}

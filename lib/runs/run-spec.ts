// What a run asks of every database: stored with the run (runs.request), so any executor can carry it out.
import type { Timeouts } from '../migrations/database-runner';
import type { PlanOptions, PlanRequest } from '../migrations/types';

export interface RunSpec {
  request: PlanRequest;
  planOptions: PlanOptions;
  timeouts?: Partial<Timeouts>;
}

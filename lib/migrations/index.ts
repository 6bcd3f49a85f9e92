// The engine's public API: the CLI and the dashboard import from here and nowhere deeper.
export { Engine, UsageError, HostUnreachableError, ALL_DATABASES, DEFAULT_CONCURRENCY, latestVersions } from './engine';
export type { Selection, StatusReport, DatabasePreview, SelectedDatabases } from './engine';
export type { DatabaseStatus, DatabaseState } from './status';
export { MigrationFilesError } from './load';
export { DEFAULT_TIMEOUTS } from './runner';
export type { Timeouts, DatabaseOutcome, RunnerEvent } from './runner';
export type { ExecutorEvent } from '../runs/executor';
export type { RunSpec, DatabaseResult } from '../runs/run-log';
export { ConfigError, loadConfig } from '../config';
export type * from './types';

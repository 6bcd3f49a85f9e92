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
export { rehearse, transactionControl, DEFAULT_REHEARSAL_OPTIONS } from './rehearse';
export type { RehearsalOptions, RehearsalOutcome, RehearsalReport, DatabaseRehearsal, RehearsedStep, RehearsalError } from './rehearse';
export { diffSnapshots, isEmptyDiff, summarizeDiff } from './schema-snapshot';
export type { SchemaDiff, SchemaObject, SchemaObjectKind, SchemaChange, SchemaSnapshot, AddedOrRemoved } from './schema-snapshot';
export { lexSql } from './sql-lexer';
export type { SqlToken, SqlTokenKind } from './sql-lexer';

// I/O: `fastmigrate import` — read another tool's migrations folder, convert it, and write our files
// into the migrations folder: every file or none.
import fs from 'node:fs/promises';
import path from 'node:path';
import { SCOPE_FOLDERS } from '../migrations/load';
import type { FileProblem, Scope } from '../migrations/types';
import { CONVERTERS, READS_SUBFOLDERS } from './converters';
import { planImport, type ExistingFile, type PlannedWrite } from './plan-import';
import { loadSqlParser } from './sql-inspect';
import type { IgnoredFile, SourceFile, Tool } from './types';

export interface ImportRequest {
  tool: Tool;
  /** The other tool's migrations folder, as the user gave it. */
  sourceDir: string;
  /** Our migrations folder (host/, tenant/, both/ inside). */
  migrationsDir: string;
  scope: Scope;
  dryRun: boolean;
}

export interface ImportReport extends ImportRequest {
  /** What is (or, on a dry run or a refusal, would be) written, in version order. */
  writes: PlannedWrite[];
  written: boolean;
  ignored: IgnoredFile[];
  /** Source files as `sourceDir/…`, our files as `migrationsDir/…`. Non-empty means nothing was written. */
  problems: FileProblem[];
}

export async function importMigrations(request: ImportRequest): Promise<ImportReport> {
  const report: ImportReport = { ...request, writes: [], written: false, ignored: [], problems: [] };
  const source = await readSourceFolder(request.sourceDir, READS_SUBFOLDERS[request.tool]);
  if ('problem' in source) {
    report.problems.push(source.problem);
    return report;
  }
  await loadSqlParser();
  const converted = CONVERTERS[request.tool](source.files, { scope: request.scope });
  const inSource = (p: FileProblem) => ({ ...p, file: path.join(request.sourceDir, p.file) });
  report.ignored = [...source.ignored, ...converted.ignored].map((i) => ({ ...i, file: path.join(request.sourceDir, i.file) }));
  report.problems.push(...converted.problems.map(inSource));
  if (converted.migrations.length === 0 && converted.problems.length === 0) {
    report.problems.push({
      file: request.sourceDir,
      line: null,
      message: `there are no ${request.tool} migrations in this folder`,
      hint: `Give the folder that holds the ${request.tool} migration files${report.ignored.length ? ` (the files here were ignored: see above)` : ''}.`,
    });
  }

  const planned = planImport(converted.migrations, request.scope, await existingFiles(request.migrationsDir));
  report.writes = planned.writes;
  report.problems.push(...planned.problems.map((p) => ({ ...p, file: path.join(request.migrationsDir, p.file) })));
  if (report.problems.length || request.dryRun) return report;

  await writeAll(request.migrationsDir, planned.writes);
  report.written = true;
  return report;
}

async function readSourceFolder(
  dir: string,
  recursive: boolean,
): Promise<{ files: SourceFile[]; ignored: IgnoredFile[] } | { problem: FileProblem }> {
  const stat = await fs.stat(dir).catch(() => null);
  if (!stat?.isDirectory()) {
    return {
      problem: {
        file: dir,
        line: null,
        message: stat ? 'the source is not a folder' : 'the source folder does not exist',
        hint: "Give the folder that holds the other tool's migration files, e.g. `fastmigrate import dbmate db/migrations`.",
      },
    };
  }
  const files: SourceFile[] = [];
  const ignored: IgnoredFile[] = [];
  const entries = await fs.readdir(dir, { withFileTypes: true, recursive });
  for (const entry of entries) {
    const relative = path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/');
    // Hidden files and folders are never migrations (node-pg-migrate's default ignore pattern, Flyway's scanner).
    if (relative.split('/').some((part) => part.startsWith('.'))) continue;
    const isFile = entry.isFile() || (entry.isSymbolicLink() && (await fs.stat(path.join(dir, relative)).catch(() => null))?.isFile());
    if (isFile) files.push({ path: relative, content: await fs.readFile(path.join(dir, relative)) });
    else if (entry.isDirectory() && !recursive) ignored.push({ file: `${relative}/`, reason: 'a sub-folder, which this tool does not read' });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, ignored };
}

async function existingFiles(migrationsDir: string): Promise<ExistingFile[]> {
  const existing: ExistingFile[] = [];
  for (const folder of SCOPE_FOLDERS) {
    const names = await fs.readdir(path.join(migrationsDir, folder)).catch(() => [] as string[]);
    for (const fileName of names) if (fileName.toLowerCase().endsWith('.sql')) existing.push({ folder, fileName });
  }
  return existing;
}

/** Writes every file or none: a file that already exists is never overwritten, and a failure removes what was written. */
async function writeAll(migrationsDir: string, writes: readonly PlannedWrite[]): Promise<void> {
  const done: string[] = [];
  try {
    for (const write of writes) {
      const target = path.join(migrationsDir, write.path);
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, write.migration.content, { flag: 'wx' });
      done.push(target);
    }
  } catch (error) {
    await Promise.all(done.map((file) => fs.rm(file, { force: true })));
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      `could not write ${(error as NodeJS.ErrnoException).path ?? 'a migration file'} (${code ?? (error as Error).message}); ` +
        `nothing was imported (the ${done.length} file${done.length === 1 ? '' : 's'} written before it were removed)`,
    );
  }
}

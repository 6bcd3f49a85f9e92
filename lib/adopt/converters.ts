// Pure: the converter of each tool `fastmigrate import` knows.
import { convertDbmate } from './dbmate';
import { convertFlyway } from './flyway';
import { convertGolangMigrate } from './golang-migrate';
import { convertNodePgMigrate } from './node-pg-migrate';
import type { Converter, Tool } from './types';

export const CONVERTERS: Record<Tool, Converter> = {
  'golang-migrate': convertGolangMigrate,
  dbmate: convertDbmate,
  flyway: convertFlyway,
  'node-pg-migrate': convertNodePgMigrate,
};

/** Whether the tool reads sub-folders of its migrations folder (Flyway scans its locations recursively). */
export const READS_SUBFOLDERS: Record<Tool, boolean> = {
  'golang-migrate': false,
  dbmate: false,
  flyway: true,
  'node-pg-migrate': false,
};

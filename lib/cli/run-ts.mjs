#!/usr/bin/env node
// Runs a TypeScript entry point of ours (scripts such as the benchmark) through tsx.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
await import(pathToFileURL(path.resolve(process.argv[2])).href);

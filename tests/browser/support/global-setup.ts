import type { TestProject } from 'vitest/node';
import { buildWebForRun } from './web.ts';

/** One `next build` for every browser test file of the run (each file used to build its own). */
export default async function setup(project: TestProject): Promise<() => void> {
  const build = await buildWebForRun();
  project.provide('bmmWebDistDir', build.distDir);
  return () => build.remove();
}

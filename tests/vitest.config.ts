import { defineProject } from 'vitest/config';
import { bmmProject } from '../vitest.shared.ts';

export default defineProject(bmmProject('e2e', { include: ['**/*.test.ts'], testTimeout: 120_000 }));

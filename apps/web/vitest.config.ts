import { defineProject } from 'vitest/config';
import { bmmProject } from '../../vitest.shared.ts';

// Unit tests of the browser-side helpers; the pages themselves are tested in Chromium (tests/browser).
export default defineProject(bmmProject('web', { include: ['lib/**/*.test.ts', 'components/**/*.test.ts'] }));

import { defineProject } from 'vitest/config';
import { bmmProject } from '../../vitest.shared.ts';

export default defineProject(bmmProject('telemetry'));

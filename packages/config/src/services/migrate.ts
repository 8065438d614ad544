import { z } from 'zod';
import { database, logging } from '../common.js';

export const migrateConfigSchema = z.object({ ...database, ...logging });

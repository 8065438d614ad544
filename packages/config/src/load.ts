import { z } from 'zod';

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    readonly service: string,
    readonly problems: string[],
  ) {
    super(
      `${service} cannot start: ${problems.length} configuration problem${problems.length === 1 ? '' : 's'}\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
    );
  }
}

/**
 * Parses the environment once against a service's schema and reports every problem together,
 * one line per variable, never echoing a value (it may be a secret).
 */
export function loadConfig<S extends z.ZodObject>(
  schema: S,
  service: string,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  // Treat empty strings as unset so `FOO=` in an .env file falls back to the default.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(environment)';
    const missing = issue.code === 'invalid_type' && cleaned[name] === undefined;
    return `${name}: ${missing ? 'is required' : issue.message}`;
  });
  throw new ConfigError(service, problems);
}

/** One variable of a schema, for the generated configuration table. */
export interface VariableDoc {
  name: string;
  required: boolean;
  default: string | undefined;
  description: string;
}

export function describeSchema(schema: z.ZodObject): VariableDoc[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    const f = field as z.ZodType;
    const def = f instanceof z.ZodDefault ? f.def.defaultValue : undefined;
    return {
      name,
      required: !f.safeParse(undefined).success,
      default: def === undefined ? undefined : String(typeof def === 'function' ? def() : def),
      description: f.description ?? '',
    };
  });
}

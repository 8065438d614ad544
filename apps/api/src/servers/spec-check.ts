import { badRequest } from '@bmm/http';
import { type ServerSpec, validateSpec } from '@bmm/spec';

/** Validates a submitted spec and ties it to the server's slug; 400 lists every issue as a field. */
export function checkSpec(input: unknown, slug: string): ServerSpec {
  const result = validateSpec(input);
  if (!result.ok) {
    throw badRequest(
      'invalid_spec',
      `The spec has ${result.issues.length} problem(s): ${result.issues
        .slice(0, 5)
        .map((i) => `${i.path} ${i.message}`)
        .join('; ')}`,
      result.issues.map((i) => ({
        field: `body.spec${i.path === '/' ? '' : i.path.replaceAll('/', '.')}`,
        message: i.message,
      })),
    );
  }
  if (result.spec.slug !== slug) {
    throw badRequest('slug_mismatch', `spec.slug must be "${slug}", the server's slug.`, [
      { field: 'body.spec.slug', message: `must equal "${slug}"` },
    ]);
  }
  return result.spec;
}

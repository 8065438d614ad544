import SwaggerParser from '@apidevtools/swagger-parser';
import { parse as parseYaml } from 'yaml';
import { PlannerError } from '../types.js';

/** Largest OpenAPI document accepted (pasted or uploaded). */
export const MAX_OPENAPI_BYTES = 5 * 1024 * 1024;

export type OpenApiVersion = '2.0' | '3.0' | '3.1';

export interface ParsedOpenApi {
  version: OpenApiVersion;
  /** The document with every local `$ref` replaced by its target (recursive schemas become cyclic objects). */
  doc: Record<string, any>;
  /** `$ref`s that point outside the document; never fetched. */
  externalRefs: string[];
}

function parseText(text: string): unknown {
  const trimmed = text.trim();
  if (!trimmed) throw new PlannerError('invalid_openapi', 'The OpenAPI document is empty.');
  if (Buffer.byteLength(text) > MAX_OPENAPI_BYTES)
    throw new PlannerError('invalid_openapi', 'The OpenAPI document is larger than 5 MiB.', 413);
  try {
    return trimmed.startsWith('{') ? JSON.parse(trimmed) : parseYaml(trimmed, { maxAliasCount: 1000 });
  } catch (err) {
    throw new PlannerError(
      'invalid_openapi',
      `The OpenAPI document is neither valid JSON nor valid YAML. The YAML reader says: ${sentence((err as Error).message.split('\n')[0] ?? '')}`,
    );
  }
}

function detectVersion(doc: Record<string, unknown>): OpenApiVersion {
  if (doc.swagger === '2.0') return '2.0';
  if (typeof doc.openapi === 'string') {
    if (/^3\.0\.\d+/.test(doc.openapi)) return '3.0';
    if (/^3\.1\.\d+/.test(doc.openapi)) return '3.1';
  }
  throw new PlannerError(
    'invalid_openapi',
    `Unsupported document: expected "openapi: 3.0.x", "openapi: 3.1.x" or "swagger: '2.0"' (got ${JSON.stringify(doc.openapi ?? doc.swagger ?? null)}).`,
  );
}

function collectExternalRefs(value: unknown, out: Set<string>, depth = 0): void {
  if (depth > 200 || !value || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const v of value) collectExternalRefs(v, out, depth + 1);
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    if (k === '$ref' && typeof v === 'string' && !v.startsWith('#')) out.add(v);
    else collectExternalRefs(v, out, depth + 1);
  }
}

/**
 * Parses JSON or YAML text and resolves local `$ref`s with swagger-parser. External references
 * (files, URLs) are never fetched: they are reported and left unresolved.
 */
export async function parseOpenApi(text: string): Promise<ParsedOpenApi> {
  const raw = parseText(text);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw new PlannerError('invalid_openapi', 'The OpenAPI document must be an object.');
  const version = detectVersion(raw as Record<string, unknown>);
  if (!(raw as Record<string, unknown>).paths || typeof (raw as Record<string, unknown>).paths !== 'object')
    throw new PlannerError('invalid_openapi', 'The OpenAPI document has no "paths".');
  const external = new Set<string>();
  collectExternalRefs(raw, external);
  try {
    const doc = (await SwaggerParser.dereference(
      structuredClone(raw) as never,
      {
        resolve: { external: false, file: false, http: false },
        dereference: { circular: true },
        continueOnError: false,
      } as never,
    )) as unknown as Record<string, any>;
    return { version, doc, externalRefs: [...external] };
  } catch (err) {
    throw new PlannerError(
      'invalid_openapi',
      `The OpenAPI document has a broken $ref: ${(err as Error).message.split('\n')[0]}`,
    );
  }
}

/** A parser's message as a whole sentence: capital first letter, one full stop at the end. */
function sentence(text: string): string {
  const t = text.trim().replace(/[.:;,\s]+$/, '');
  return t ? `${t[0]!.toUpperCase()}${t.slice(1)}.` : 'It could not be read.';
}

import { renderString, type TemplateContext } from '@bmm/spec';
import { ToolError } from './errors.js';

/** The path of an absolute URL string, as written (no parsing, so no dot-segment removal). */
function pathOf(url: string): string {
  const authority = url.match(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i)?.[0].length ?? 0;
  return url.slice(authority).split(/[?#]/, 1)[0]!;
}

function decodesToDotSegment(segment: string): boolean {
  let decoded = segment;
  try {
    decoded = decodeURIComponent(segment);
  } catch {}
  return decoded === '.' || decoded === '..';
}

/**
 * Renders an http tool's URL template with every substituted value percent-encoded (`/`, `?`, `#`,
 * `%`, `\\` …), so an input can never add a path segment, a query or a fragment. A value cannot be made harmless when a path
 * segment it fills comes out as `.` or `..` (RFC 3986 §5.2.4): WHATWG URL parsers, fetch and most
 * servers treat `%2E%2E` exactly like `..`, so such an input is refused instead of sent.
 */
export function renderUrlTemplate(template: string, context: TemplateContext): string {
  const rendered = renderString(template, context, encodeURIComponent);
  const templateSegments = pathOf(template).split('/');
  const renderedSegments = pathOf(rendered).split('/');
  renderedSegments.forEach((segment, i) => {
    if (templateSegments[i]?.includes('{{') && decodesToDotSegment(segment))
      throw new ToolError(
        `the input makes the URL path segment "${segment}", which would change the route; refused`,
      );
  });
  return rendered;
}

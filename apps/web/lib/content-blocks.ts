/**
 * How the playground shows an MCP tool result's content blocks (text, image, audio, resource link,
 * embedded resource). Everything here comes from a remote server: only http(s) URIs become links,
 * only image/audio types render inline, and other binaries download as application/octet-stream so
 * the browser never renders them.
 */

export type BinaryView =
  | { kind: 'image'; src: string; mimeType: string }
  | { kind: 'audio'; src: string; mimeType: string }
  | { kind: 'download'; href: string; filename: string; mimeType: string; bytes: number }
  | { kind: 'invalid'; reason: string };

export type BlockView =
  | { kind: 'text'; text: string }
  | BinaryView
  | {
      kind: 'link';
      uri: string;
      href: string | null;
      title: string;
      description: string | null;
      mimeType: string | null;
    }
  | {
      kind: 'resource';
      uri: string;
      mimeType: string | null;
      body: { kind: 'text'; text: string } | BinaryView;
    }
  | { kind: 'unknown'; type: string; raw: unknown };

const IMAGE_TYPE = /^image\/[a-z0-9.+-]+$/i;
const AUDIO_TYPE = /^audio\/[a-z0-9.+-]+$/i;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** A link target only for http(s); `javascript:`, `data:`, `file:` and the like stay text. */
export function safeHref(uri: string): string | null {
  try {
    const url = new URL(uri);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

export function binaryView(data: string, mimeType: string | null, name: string): BinaryView {
  const compact = data.replace(/\s/g, '');
  if (!BASE64.test(compact) || compact.length % 4 === 1)
    return { kind: 'invalid', reason: 'The server sent data that is not base64.' };
  if (mimeType && IMAGE_TYPE.test(mimeType))
    return { kind: 'image', src: `data:${mimeType};base64,${compact}`, mimeType };
  if (mimeType && AUDIO_TYPE.test(mimeType))
    return { kind: 'audio', src: `data:${mimeType};base64,${compact}`, mimeType };
  const padding = compact.endsWith('==') ? 2 : compact.endsWith('=') ? 1 : 0;
  return {
    kind: 'download',
    href: `data:application/octet-stream;base64,${compact}`,
    filename: name.split('/').pop() || 'resource',
    mimeType: mimeType ?? 'application/octet-stream',
    bytes: Math.floor((compact.length * 3) / 4) - padding,
  };
}

export function viewBlock(block: unknown, index: number): BlockView {
  const b = (block && typeof block === 'object' ? block : {}) as Record<string, unknown>;
  const type = str(b.type) ?? 'unknown';
  if (type === 'text') return { kind: 'text', text: str(b.text) ?? '' };
  if (type === 'image' || type === 'audio')
    return binaryView(str(b.data) ?? '', str(b.mimeType), `${type}-${index + 1}`);
  if (type === 'resource_link') {
    const uri = str(b.uri) ?? '';
    return {
      kind: 'link',
      uri,
      href: safeHref(uri),
      title: str(b.title) ?? str(b.name) ?? uri,
      description: str(b.description),
      mimeType: str(b.mimeType),
    };
  }
  if (type === 'resource' && b.resource && typeof b.resource === 'object') {
    const r = b.resource as Record<string, unknown>;
    const uri = str(r.uri) ?? '';
    const mimeType = str(r.mimeType);
    const text = str(r.text);
    return {
      kind: 'resource',
      uri,
      mimeType,
      body: text !== null ? { kind: 'text', text } : binaryView(str(r.blob) ?? '', mimeType, uri),
    };
  }
  return { kind: 'unknown', type, raw: block };
}

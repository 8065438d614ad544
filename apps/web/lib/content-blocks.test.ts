import { describe, expect, it } from 'vitest';
import { binaryView, safeHref, viewBlock } from './content-blocks';

const PNG_1PX =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

describe('viewBlock', () => {
  it('shows text, images and audio inline', () => {
    expect(viewBlock({ type: 'text', text: 'hi' }, 0)).toEqual({ kind: 'text', text: 'hi' });
    expect(viewBlock({ type: 'image', data: PNG_1PX, mimeType: 'image/png' }, 0)).toEqual({
      kind: 'image',
      src: `data:image/png;base64,${PNG_1PX}`,
      mimeType: 'image/png',
    });
    expect(viewBlock({ type: 'audio', data: 'AAAA', mimeType: 'audio/wav' }, 1)).toMatchObject({
      kind: 'audio',
      src: 'data:audio/wav;base64,AAAA',
    });
  });

  it('never renders what is not an image or audio: it downloads as octet-stream', () => {
    const html = Buffer.from('<script>alert(1)</script>').toString('base64');
    expect(viewBlock({ type: 'image', data: html, mimeType: 'text/html' }, 0)).toEqual({
      kind: 'download',
      href: `data:application/octet-stream;base64,${html}`,
      filename: 'image-1',
      mimeType: 'text/html',
      bytes: 25,
    });
    // A mime type that smuggles parameters into the data URL is not an image type.
    expect(viewBlock({ type: 'image', data: 'AAAA', mimeType: 'image/png;charset=x,<b>' }, 0).kind).toBe(
      'download',
    );
    expect(viewBlock({ type: 'image', data: 'not base64!', mimeType: 'image/png' }, 0)).toEqual({
      kind: 'invalid',
      reason: 'The server sent data that is not base64.',
    });
  });

  it('links resource links only to http(s) targets', () => {
    expect(
      viewBlock({ type: 'resource_link', uri: 'https://example.com/a', name: 'a', description: 'd' }, 0),
    ).toEqual({
      kind: 'link',
      uri: 'https://example.com/a',
      href: 'https://example.com/a',
      title: 'a',
      description: 'd',
      mimeType: null,
    });
    for (const uri of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'file:///etc/passwd', 'notes://1'])
      expect(viewBlock({ type: 'resource_link', uri, name: 'x' }, 0)).toMatchObject({ href: null, uri });
    expect(safeHref(' JavaScript:alert(1)')).toBeNull();
  });

  it('shows embedded resources as text or as a binary with its uri', () => {
    expect(
      viewBlock(
        { type: 'resource', resource: { uri: 'file:///notes.md', mimeType: 'text/markdown', text: '# Hi' } },
        0,
      ),
    ).toEqual({
      kind: 'resource',
      uri: 'file:///notes.md',
      mimeType: 'text/markdown',
      body: { kind: 'text', text: '# Hi' },
    });
    expect(
      viewBlock(
        {
          type: 'resource',
          resource: { uri: 'mem://files/report.pdf', mimeType: 'application/pdf', blob: 'JVBERi0=' },
        },
        0,
      ),
    ).toMatchObject({
      kind: 'resource',
      body: { kind: 'download', filename: 'report.pdf', mimeType: 'application/pdf', bytes: 5 },
    });
  });

  it('keeps unknown blocks for the JSON view', () => {
    expect(viewBlock({ type: 'hologram', x: 1 }, 0)).toEqual({
      kind: 'unknown',
      type: 'hologram',
      raw: { type: 'hologram', x: 1 },
    });
    expect(viewBlock(null, 0)).toMatchObject({ kind: 'unknown', type: 'unknown' });
  });
});

describe('binaryView', () => {
  it('counts bytes without padding', () => {
    expect(binaryView('YQ==', null, 'a')).toMatchObject({ bytes: 1, mimeType: 'application/octet-stream' });
    expect(binaryView('YWI=', null, 'a')).toMatchObject({ bytes: 2 });
    expect(binaryView('YWJj', null, 'a')).toMatchObject({ bytes: 3 });
  });
});

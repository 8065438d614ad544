import { connect } from 'node:net';

export interface RawAnswer {
  /** Status line and headers, as received. */
  head: string;
  body: string;
  /** The socket error the client saw (EPIPE, ECONNRESET …), or '' when none. */
  error: string;
}

/**
 * Sends a whole POST before reading anything, as Python's http.client and many SDKs do, over a raw
 * socket, so a server that closes with unread bytes (a TCP reset under the writer) shows as `error`.
 */
export function postWholeBodyThenRead(
  url: string,
  body: { size: number; chunked?: boolean; contentType?: string; headers?: Record<string, string> },
): Promise<RawAnswer> {
  const { hostname, port, pathname, search } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let response = '';
    let error = '';
    let written = false;
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      const at = response.indexOf('\r\n\r\n');
      resolve({
        head: at < 0 ? response : response.slice(0, at),
        body: at < 0 ? '' : response.slice(at + 4),
        error,
      });
      socket.destroy();
    };
    // Done once the answer is complete and the whole body went out (or the socket failed/closed).
    const check = () => {
      const at = response.indexOf('\r\n\r\n');
      const length = Number(response.slice(0, at).match(/\r\ncontent-length: *(\d+)/i)?.[1] ?? Number.NaN);
      if (written && at >= 0 && Buffer.byteLength(response.slice(at + 4)) >= length) finish();
    };
    socket.setEncoding('utf8');
    socket.on('data', (d) => {
      response += d;
      check();
    });
    socket.on('error', (e) => (error = (e as NodeJS.ErrnoException).code ?? e.message));
    socket.on('close', finish);
    const extra = Object.entries(body.headers ?? {})
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    const framing = body.chunked ? 'transfer-encoding: chunked' : `content-length: ${body.size}`;
    socket.write(
      `POST ${pathname}${search} HTTP/1.1\r\nhost: ${hostname}:${port}\r\n` +
        `content-type: ${body.contentType ?? 'application/json'}\r\n${extra}${framing}\r\n\r\n`,
    );
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    const write = () => {
      while (sent < body.size) {
        const piece = chunk.subarray(0, Math.min(chunk.length, body.size - sent));
        sent += piece.length;
        const data = body.chunked
          ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')])
          : piece;
        if (!socket.write(data)) return void socket.once('drain', write);
      }
      socket.write(body.chunked ? '0\r\n\r\n' : '', () => {
        written = true;
        check();
      });
    };
    write();
  });
}

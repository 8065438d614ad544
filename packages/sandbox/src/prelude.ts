/**
 * Evaluated once per QuickJS context before the tool module: captures the host bridges, removes them
 * from the global object and returns the function that runs one call. Results cross the boundary as
 * JSON strings so no guest object is ever handed to the host.
 */
export const PRELUDE = `(() => {
  const hostFetch = globalThis.__bmmFetch;
  const hostLog = globalThis.__bmmLog;
  const hostProgress = globalThis.__bmmProgress;
  const hostUpstream = globalThis.__bmmUpstream;
  delete globalThis.__bmmUpstream;
  delete globalThis.__bmmFetch;
  delete globalThis.__bmmLog;
  delete globalThis.__bmmProgress;
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const format = (args) => args.map((a) => (typeof a === 'string' ? a : stringify(a))).join(' ');
  const makeLog = () => {
    const log = (...a) => hostLog('info', format(a));
    log.debug = (...a) => hostLog('debug', format(a));
    log.info = (...a) => hostLog('info', format(a));
    log.warn = (...a) => hostLog('warning', format(a));
    log.warning = log.warn;
    log.error = (...a) => hostLog('error', format(a));
    return Object.freeze(log);
  };
  const log = makeLog();
  globalThis.console = Object.freeze({ log, info: log.info, debug: log.debug, warn: log.warn, error: log.error });
  const makeResponse = (r) => Object.freeze({
    status: r.status,
    statusText: r.statusText,
    ok: r.status >= 200 && r.status < 300,
    url: r.url,
    headers: Object.freeze({
      get: (name) => r.headers[String(name).toLowerCase()] ?? null,
      has: (name) => String(name).toLowerCase() in r.headers,
      entries: () => Object.entries(r.headers),
    }),
    text: async () => r.body,
    json: async () => parse(r.body),
  });
  const fetch = async (url, init) => {
    const options = init ? { method: init.method, headers: init.headers, body: init.body } : {};
    if (options.body !== undefined && typeof options.body !== 'string') options.body = stringify(options.body);
    return makeResponse(parse(await hostFetch(String(url), stringify(options))));
  };
  const upstream = async (id) => {
    const c = parse(await hostUpstream(String(id)));
    return Object.freeze({ ...c, scopes: Object.freeze(c.scopes), account: c.account && Object.freeze(c.account) });
  };
  const progress = (value, total, message) =>
    hostProgress(Number(value), total === undefined ? undefined : Number(total), message === undefined ? undefined : String(message));
  return (fn, inputJson, secretsJson) =>
    Promise.resolve().then(async () => {
      const ctx = Object.freeze({ secrets: Object.freeze(parse(secretsJson)), fetch, log, progress, upstream });
      const out = await fn(parse(inputJson), ctx);
      const text = stringify(out === undefined ? null : out);
      return text === undefined ? 'null' : text;
    });
})()`;

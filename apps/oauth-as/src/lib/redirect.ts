/** Appends response parameters to a redirect URI, keeping its own query (RFC 6749 §3.1.2). */
export function buildRedirect(
  redirectUri: string,
  params: Record<string, string | null | undefined>,
): string {
  const u = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined) u.searchParams.append(k, v);
  return u.toString();
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);

/** The app's look (apps/web/app/globals.css), inline: the page's CSP allows inline styles only. */
const PAGE_STYLE = `*{box-sizing:border-box}body{margin:0;min-height:100vh;background:#f7f7f9;color:#15171c;
font:15px/1.55 ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
header{background:#fff;border-bottom:1px solid #dcdfe6}header div,main{max-width:1120px;margin:0 auto;padding:14px 20px}
.brand{font-weight:700;color:#15171c;text-decoration:none;display:inline-flex;align-items:center;gap:8px}
.mark{width:26px;height:26px;border-radius:7px;background:linear-gradient(135deg,#3b3fd8,#7c4ddb);color:#fff;
display:inline-grid;place-items:center;font-size:13px}main{padding-top:40px}
.card{max-width:34rem;margin:0 auto;background:#fff;border:1px solid #dcdfe6;border-radius:10px;padding:24px;
box-shadow:0 1px 2px rgb(16 24 40/6%),0 1px 3px rgb(16 24 40/8%)}h1{font-size:1.4rem;line-height:1.25;margin:0 0 .5em}
.alert{background:#fdecea;color:#b42318;border-radius:6px;padding:10px 12px;margin:0 0 1em;overflow-wrap:anywhere}
code{font:13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f1f2f6;padding:1px 5px;border-radius:4px}
.muted{color:#545b69}a{color:#3b3fd8}p{margin:0 0 1em}`;

/**
 * The page shown when we cannot trust the redirect URI: never redirect then (open-redirect
 * defence). It looks like the web app and links back to it (`webUrl`).
 */
export function errorPage(error: string, description: string, webUrl?: string): string {
  const home = webUrl ? escapeHtml(webUrl.replace(/\/+$/, '')) : null;
  const brand = `<span class="mark" aria-hidden="true">M</span>BuildMyMCPServer`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Authorization error · BuildMyMCPServer</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">
<link rel="icon" href="data:,">
<style>${PAGE_STYLE}</style></head>
<body><header><div>${home ? `<a class="brand" href="${home}/">${brand}</a>` : `<span class="brand">${brand}</span>`}</div></header>
<main><div class="card"><h1>This app's sign-in request is invalid</h1>
<p class="alert" role="alert">${escapeHtml(description)}</p>
<p class="muted">Error code: <code>${escapeHtml(error)}</code></p>
<p>Nothing was shared. Close this window and tell the app's developer${home ? `, or go to <a href="${home}/">BuildMyMCPServer</a>` : ''}.</p>
</div></main></body></html>`;
}

// Sources of the code-tool templates: ES modules run in the QuickJS sandbox (no Intl, no URL, no eval).

export const calculatorSource = String.raw`
const FUNCS = {
  sqrt: Math.sqrt, abs: Math.abs, round: Math.round, floor: Math.floor, ceil: Math.ceil,
  sin: Math.sin, cos: Math.cos, tan: Math.tan, asin: Math.asin, acos: Math.acos, atan: Math.atan,
  ln: Math.log, log: Math.log10, log2: Math.log2, exp: Math.exp, min: Math.min, max: Math.max, pow: Math.pow,
};
const CONSTS = { pi: Math.PI, e: Math.E, tau: 2 * Math.PI };

function tokenize(text) {
  const tokens = [];
  const re = /\s*(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+|[A-Za-z_][A-Za-z0-9_]*|\*\*|[-+*/%^(),])/y;
  let i = 0;
  while (i < text.length) {
    if (/^\s+$/.test(text.slice(i))) break;
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) throw new Error('Unexpected character at position ' + (i + 1) + ': "' + text[i] + '"');
    tokens.push(m[1] === '**' ? '^' : m[1]);
    i = re.lastIndex;
  }
  return tokens;
}

// Recursive descent: expr = term (('+'|'-') term)*; term = unary (('*'|'/'|'%') unary)*;
// unary = '-' unary | power; power = atom ('^' unary)?; atom = number | name | name '(' args ')' | '(' expr ')'.
function parse(tokens) {
  let pos = 0;
  const peek = () => tokens[pos];
  const take = (t) => {
    if (tokens[pos] !== t) throw new Error('Expected "' + t + '" but found ' + (tokens[pos] === undefined ? 'the end' : '"' + tokens[pos] + '"'));
    pos++;
  };
  function expr() {
    let v = term();
    while (peek() === '+' || peek() === '-') v = tokens[pos++] === '+' ? v + term() : v - term();
    return v;
  }
  function term() {
    let v = unary();
    while (peek() === '*' || peek() === '/' || peek() === '%') {
      const op = tokens[pos++];
      const r = unary();
      if ((op === '/' || op === '%') && r === 0) throw new Error('Division by zero');
      v = op === '*' ? v * r : op === '/' ? v / r : v % r;
    }
    return v;
  }
  function unary() {
    if (peek() === '-') { pos++; return -unary(); }
    if (peek() === '+') { pos++; return unary(); }
    return power();
  }
  function power() {
    const base = atom();
    if (peek() === '^') { pos++; return Math.pow(base, unary()); }
    return base;
  }
  function atom() {
    const t = tokens[pos++];
    if (t === undefined) throw new Error('The expression ends too early');
    if (t === '(') { const v = expr(); take(')'); return v; }
    if (/^[\d.]/.test(t)) return Number(t);
    if (/^[A-Za-z_]/.test(t)) {
      const name = t.toLowerCase();
      if (peek() === '(') {
        const fn = FUNCS[name];
        if (!fn) throw new Error('Unknown function "' + t + '"');
        pos++;
        const args = [];
        if (peek() !== ')') { args.push(expr()); while (peek() === ',') { pos++; args.push(expr()); } }
        take(')');
        return fn.apply(null, args);
      }
      if (name in CONSTS) return CONSTS[name];
      throw new Error('Unknown name "' + t + '"');
    }
    throw new Error('Unexpected "' + t + '"');
  }
  const value = expr();
  if (pos < tokens.length) throw new Error('Unexpected "' + tokens[pos] + '"');
  return value;
}

export default async function (input) {
  const expression = String(input.expression);
  try {
    const result = parse(tokenize(expression));
    if (!Number.isFinite(result)) throw new Error('The result is not a finite number');
    const rounded = Number.parseFloat(result.toPrecision(15));
    return { expression, result: rounded };
  } catch (err) {
    return { content: [{ type: 'text', text: 'Cannot evaluate "' + expression + '": ' + err.message }], isError: true };
  }
}
`;

export const timezonesSource = String.raw`
// Standard offset in minutes and daylight-saving rule per zone (rules as in force since 2007).
const ZONES = {
  UTC: [0, null], 'Europe/London': [0, 'EU'], 'Europe/Dublin': [0, 'EU'], 'Europe/Lisbon': [0, 'EU'],
  'Europe/Paris': [60, 'EU'], 'Europe/Berlin': [60, 'EU'], 'Europe/Madrid': [60, 'EU'], 'Europe/Rome': [60, 'EU'],
  'Europe/Amsterdam': [60, 'EU'], 'Europe/Zurich': [60, 'EU'], 'Europe/Stockholm': [60, 'EU'], 'Europe/Warsaw': [60, 'EU'],
  'Europe/Vienna': [60, 'EU'], 'Europe/Prague': [60, 'EU'], 'Europe/Athens': [120, 'EU'], 'Europe/Helsinki': [120, 'EU'],
  'Europe/Kyiv': [120, 'EU'], 'Europe/Istanbul': [180, null], 'Europe/Moscow': [180, null],
  'America/New_York': [-300, 'US'], 'America/Toronto': [-300, 'US'], 'America/Chicago': [-360, 'US'],
  'America/Denver': [-420, 'US'], 'America/Phoenix': [-420, null], 'America/Los_Angeles': [-480, 'US'],
  'America/Vancouver': [-480, 'US'], 'America/Anchorage': [-540, 'US'], 'Pacific/Honolulu': [-600, null],
  'America/Mexico_City': [-360, null], 'America/Bogota': [-300, null], 'America/Lima': [-300, null],
  'America/Sao_Paulo': [-180, null], 'America/Argentina/Buenos_Aires': [-180, null], 'America/Halifax': [-240, 'US'],
  'Africa/Lagos': [60, null], 'Africa/Cairo': [120, null], 'Africa/Johannesburg': [120, null], 'Africa/Nairobi': [180, null],
  'Asia/Dubai': [240, null], 'Asia/Karachi': [300, null], 'Asia/Kolkata': [330, null], 'Asia/Kathmandu': [345, null],
  'Asia/Dhaka': [360, null], 'Asia/Bangkok': [420, null], 'Asia/Jakarta': [420, null], 'Asia/Singapore': [480, null],
  'Asia/Shanghai': [480, null], 'Asia/Hong_Kong': [480, null], 'Asia/Taipei': [480, null], 'Asia/Manila': [480, null],
  'Asia/Seoul': [540, null], 'Asia/Tokyo': [540, null], 'Australia/Perth': [480, null], 'Australia/Adelaide': [570, 'AU'],
  'Australia/Brisbane': [600, null], 'Australia/Sydney': [600, 'AU'], 'Australia/Melbourne': [600, 'AU'],
  'Pacific/Auckland': [720, 'NZ'],
};
const ALIASES = { GMT: 'UTC', Z: 'UTC', 'Asia/Calcutta': 'Asia/Kolkata', 'Europe/Kiev': 'Europe/Kyiv', 'US/Eastern': 'America/New_York', 'US/Central': 'America/Chicago', 'US/Mountain': 'America/Denver', 'US/Pacific': 'America/Los_Angeles' };

function zone(name) {
  const key = ALIASES[name] || name;
  const z = ZONES[key];
  if (!z) throw new Error('Unknown time zone "' + name + '". Known: ' + Object.keys(ZONES).join(', '));
  return { name: key, std: z[0], rule: z[1] };
}
// UTC midnight of the n-th (1-based; -1 = last) Sunday of a month (0-based).
function sunday(year, month, n) {
  if (n > 0) {
    const first = new Date(Date.UTC(year, month, 1)).getUTCDay();
    return Date.UTC(year, month, 1 + ((7 - first) % 7) + 7 * (n - 1));
  }
  const lastDay = new Date(Date.UTC(year, month + 1, 0));
  return Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay());
}
const H = 3600000;
function isDst(z, utc) {
  const y = new Date(utc).getUTCFullYear();
  const std = z.std * 60000;
  if (z.rule === 'EU') return utc >= sunday(y, 2, -1) + H && utc < sunday(y, 9, -1) + H;
  if (z.rule === 'US') return utc >= sunday(y, 2, 2) + 2 * H - std && utc < sunday(y, 10, 1) + 2 * H - std - H;
  if (z.rule === 'AU') return utc >= sunday(y, 9, 1) + 2 * H - std || utc < sunday(y, 3, 1) + 3 * H - std - H;
  if (z.rule === 'NZ') return utc >= sunday(y, 8, -1) + 2 * H - std || utc < sunday(y, 3, 1) + 3 * H - std - H;
  return false;
}
function offsetAt(z, utc) { return z.std + (isDst(z, utc) ? 60 : 0); }
function pad(n) { return (n < 10 ? '0' : '') + n; }
function formatOffset(min) { const s = min < 0 ? '-' : '+'; const a = Math.abs(min); return s + pad(Math.floor(a / 60)) + ':' + pad(a % 60); }
function localIso(utc, offset) {
  const d = new Date(utc + offset * 60000);
  return d.getUTCFullYear() + '-' + pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate()) + 'T' + pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes()) + ':' + pad(d.getUTCSeconds()) + formatOffset(offset);
}
function describe(z, utc) {
  const offset = offsetAt(z, utc);
  return { timezone: z.name, datetime: localIso(utc, offset), utc_offset: formatOffset(offset), dst: offset !== z.std };
}

export default async function (input) {
  if (input.time === undefined) {
    const z = zone(input.timezone || 'UTC');
    return describe(z, Date.now());
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(String(input.time));
  if (!m) throw new Error('time must look like 2026-01-15T09:30 (local time in from_timezone)');
  const from = zone(input.from_timezone);
  const to = zone(input.to_timezone);
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] || 0));
  // The offset depends on the instant; two passes settle it except inside a DST gap.
  let utc = wall - from.std * 60000;
  utc = wall - offsetAt(from, utc) * 60000;
  return { from: describe(from, utc), to: describe(to, utc) };
}
`;

export const urlFetcherSource = String.raw`
function decode(text) {
  return text.replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&#(\d+);/g, function (_m, n) { return String.fromCharCode(+n); });
}
function htmlToText(html) {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html);
  const body = html
    .replace(/<(script|style|noscript|svg|head)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<(br|\/p|\/div|\/li|\/h\d|\/tr)[^>]*>/gi, '\n')
    .replace(/<[^>]+>/g, ' ');
  const text = decode(body).replace(/[ \t\f\v\r]+/g, ' ').replace(/\s*\n\s*/g, '\n').trim();
  return { title: title ? decode(title[1]).trim() : null, text: text };
}

export default async function (input, ctx) {
  const url = String(input.url);
  if (!/^https:\/\/[^\/?#\s]+/i.test(url)) throw new Error('url must be an https:// URL');
  const max = input.max_chars || 20000;
  const res = await ctx.fetch(url, { headers: { accept: 'text/html, text/plain, application/json;q=0.9' } });
  const type = (res.headers && res.headers.get && res.headers.get('content-type')) || '';
  const raw = await res.text();
  let page = { title: null, text: raw };
  if (/html/i.test(type) || /^\s*<(!doctype|html)/i.test(raw)) page = htmlToText(raw);
  ctx.log.info('fetched ' + url + ' (' + res.status + ', ' + raw.length + ' chars)');
  return {
    url: url,
    status: res.status,
    contentType: type,
    title: page.title,
    text: page.text.slice(0, max),
    truncated: page.text.length > max,
  };
}
`;

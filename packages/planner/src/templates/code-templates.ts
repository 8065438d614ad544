import { calculatorSource, timezonesSource, urlFetcherSource } from './code-sources.js';
import type { Template } from './types.js';

const pure = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
} as const;

export const timezones: Template = {
  id: 'time-zones',
  name: 'Time zones',
  description: 'Current time in a time zone and conversions between zones, with daylight-saving rules.',
  keywords: {
    'time zone': 2,
    'time zones': 2,
    timezone: 2,
    timezones: 2,
    'what time': 2,
    utc: 1,
    dst: 2,
    'daylight saving': 2,
    meeting: 1,
    clock: 1,
  },
  spec: {
    description: 'Time-zone arithmetic without any upstream API (offsets and DST rules of ~55 common zones).',
    secrets: [],
    tools: [
      {
        name: 'current_time',
        title: 'Current time',
        description:
          'The current local time, UTC offset and DST state of an IANA time zone (e.g. Europe/Berlin).',
        inputSchema: {
          type: 'object',
          properties: {
            timezone: { type: 'string', minLength: 1, default: 'UTC', description: 'IANA zone name.' },
          },
          required: ['timezone'],
          additionalProperties: false,
        },
        annotations: { ...pure, idempotentHint: false },
        impl: { kind: 'code', source: timezonesSource },
        examples: [{ input: { timezone: 'Asia/Tokyo' }, expect: { contains: '+09:00' } }],
      },
      {
        name: 'convert_time',
        title: 'Convert a time',
        description: 'Converts a local date-time from one time zone to another (DST-aware).',
        inputSchema: {
          type: 'object',
          properties: {
            time: {
              type: 'string',
              pattern: '^\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2})?$',
              description: 'Local time, e.g. 2026-01-15T09:30.',
            },
            from_timezone: { type: 'string', minLength: 1 },
            to_timezone: { type: 'string', minLength: 1 },
          },
          required: ['time', 'from_timezone', 'to_timezone'],
          additionalProperties: false,
        },
        annotations: pure,
        impl: { kind: 'code', source: timezonesSource },
        examples: [
          {
            input: {
              time: '2026-07-15T09:00',
              from_timezone: 'America/New_York',
              to_timezone: 'Europe/Berlin',
            },
            expect: { contains: '2026-07-15T15:00:00+02:00' },
          },
        ],
      },
    ],
  },
};

export const calculator: Template = {
  id: 'calculator',
  name: 'Calculator',
  description: 'Evaluates arithmetic expressions exactly as written (no code execution).',
  keywords: {
    calculator: 2,
    calculate: 2,
    arithmetic: 2,
    math: 2,
    maths: 2,
    compute: 1,
    expression: 1,
    sum: 1,
    percent: 1,
  },
  spec: {
    description: 'A safe calculator: + - * / % ^, parentheses, sqrt, trig, logs, min/max, pi and e.',
    secrets: [],
    tools: [
      {
        name: 'calculate',
        title: 'Calculate',
        description: 'Evaluates an arithmetic expression such as "2 * (3 + 4) ^ 2" or "sqrt(2) * pi".',
        inputSchema: {
          type: 'object',
          properties: { expression: { type: 'string', minLength: 1, maxLength: 1000 } },
          required: ['expression'],
          additionalProperties: false,
        },
        annotations: pure,
        impl: { kind: 'code', source: calculatorSource },
        examples: [{ input: { expression: '2 * (3 + 4) ^ 2' }, expect: { contains: '98' } }],
      },
    ],
  },
};

export const urlFetcher: Template = {
  id: 'url-fetcher',
  name: 'URL fetcher',
  description: 'Fetches a web page from an allow-list of hosts and returns its readable text.',
  keywords: {
    fetch: 2,
    'web page': 2,
    webpage: 2,
    url: 2,
    scrape: 2,
    website: 1,
    browse: 1,
    read: 1,
    docs: 1,
  },
  spec: {
    description: 'Reads web pages as text, only from the hosts listed in allowedHosts (edit them to yours).',
    secrets: [],
    allowedHosts: ['example.com', 'en.wikipedia.org', 'developer.mozilla.org'],
    tools: [
      {
        name: 'fetch_url',
        title: 'Fetch a page',
        description:
          'Downloads an https URL on an allowed host and returns its title and text (HTML stripped).',
        inputSchema: {
          type: 'object',
          properties: {
            url: { type: 'string', pattern: '^https://', description: 'https URL on an allowed host.' },
            max_chars: { type: 'integer', minimum: 100, maximum: 100000, default: 20000 },
          },
          required: ['url'],
          additionalProperties: false,
        },
        annotations: { readOnlyHint: true, openWorldHint: true },
        impl: { kind: 'code', source: urlFetcherSource },
        examples: [
          {
            input: { url: 'https://example.com/' },
            expect: { contains: 'Example Domain' },
            mockResponse: {
              status: 200,
              headers: { 'content-type': 'text/html; charset=utf-8' },
              body: '<!doctype html><html><head><title>Example Domain</title></head><body><h1>Example Domain</h1><p>This domain is for use in examples.</p></body></html>',
            },
          },
        ],
      },
    ],
  },
};

import { presetUpstream, upstreamTokenRef } from '../upstreams.js';
import type { Template } from './types.js';

const readOnly = { readOnlyHint: true, openWorldHint: true } as const;

export const weather: Template = {
  id: 'weather',
  name: 'Weather (Open-Meteo)',
  description: 'Current weather and daily forecasts for any place, plus city lookup; no API key needed.',
  keywords: {
    weather: 2,
    forecast: 2,
    temperature: 2,
    rain: 1,
    wind: 1,
    'open-meteo': 2,
    climate: 1,
    sunny: 1,
    snow: 1,
  },
  spec: {
    description: 'Weather forecasts from Open-Meteo (free, no key): look up a city, then get its forecast.',
    instructions: 'Call geocode_city to turn a place name into coordinates, then get_forecast with them.',
    secrets: [],
    tools: [
      {
        name: 'geocode_city',
        title: 'Find a city',
        description: 'Finds places by name and returns their latitude, longitude, country and time zone.',
        inputSchema: {
          type: 'object',
          properties: {
            name: { type: 'string', minLength: 2, description: 'City or place name, e.g. "Berlin".' },
            count: { type: 'integer', minimum: 1, maximum: 10, default: 3 },
          },
          required: ['name'],
          additionalProperties: false,
        },
        annotations: readOnly,
        impl: {
          kind: 'http',
          method: 'GET',
          url: 'https://geocoding-api.open-meteo.com/v1/search',
          query: { name: '{{input.name}}', count: '{{input.count}}', format: 'json' },
          response: { pick: 'results' },
        },
        examples: [
          {
            input: { name: 'Berlin' },
            expect: { contains: 'Berlin' },
            mockResponse: {
              status: 200,
              body: {
                results: [
                  {
                    name: 'Berlin',
                    latitude: 52.52437,
                    longitude: 13.41053,
                    country: 'Germany',
                    timezone: 'Europe/Berlin',
                  },
                ],
              },
            },
          },
        ],
      },
      {
        name: 'get_forecast',
        title: 'Weather forecast',
        description:
          'Current conditions and a daily forecast (min/max temperature, precipitation, wind) for coordinates.',
        inputSchema: {
          type: 'object',
          properties: {
            latitude: { type: 'number', minimum: -90, maximum: 90 },
            longitude: { type: 'number', minimum: -180, maximum: 180 },
            days: { type: 'integer', minimum: 1, maximum: 16, default: 3, description: 'Forecast days.' },
          },
          required: ['latitude', 'longitude'],
          additionalProperties: false,
        },
        annotations: readOnly,
        impl: {
          kind: 'http',
          method: 'GET',
          url: 'https://api.open-meteo.com/v1/forecast',
          query: {
            latitude: '{{input.latitude}}',
            longitude: '{{input.longitude}}',
            forecast_days: '{{input.days}}',
            current: 'temperature_2m,wind_speed_10m,weather_code',
            daily: 'temperature_2m_max,temperature_2m_min,precipitation_sum,wind_speed_10m_max',
            timezone: 'auto',
          },
        },
        examples: [
          {
            input: { latitude: 52.52, longitude: 13.41 },
            expect: { contains: 'temperature_2m' },
            mockResponse: {
              status: 200,
              body: {
                latitude: 52.52,
                longitude: 13.41,
                current: {
                  time: '2026-01-15T09:30',
                  temperature_2m: 3.1,
                  wind_speed_10m: 12.4,
                  weather_code: 3,
                },
                daily: {
                  time: ['2026-01-15'],
                  temperature_2m_max: [4.2],
                  temperature_2m_min: [-0.8],
                  precipitation_sum: [0.4],
                  wind_speed_10m_max: [18.0],
                },
              },
            },
          },
        ],
      },
    ],
  },
};

const githubSignIn = presetUpstream('github', ['repo', 'read:user']);
const github = {
  Authorization: `Bearer ${upstreamTokenRef('github')}`,
  Accept: 'application/vnd.github+json',
  'X-GitHub-Api-Version': '2022-11-28',
};
const repoProps = {
  owner: {
    type: 'string',
    pattern: '^[A-Za-z0-9_.-]{1,100}$',
    description: 'Repository owner (user or org).',
  },
  repo: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,100}$', description: 'Repository name.' },
};

export const githubIssues: Template = {
  id: 'github-issues',
  name: 'GitHub issues',
  description: 'List, read, create and comment on issues of a GitHub repository.',
  keywords: { github: 2, issue: 2, issues: 2, 'pull request': 1, repository: 1, repo: 1, bug: 1, ticket: 1 },
  spec: {
    description:
      'Work with GitHub issues through the GitHub REST API, as the person who connects (each user signs in to GitHub).',
    secrets: githubSignIn.secrets,
    upstreams: [githubSignIn.upstream],
    tools: [
      {
        name: 'list_issues',
        title: 'List issues',
        description:
          'Lists issues of a repository, newest first (pull requests are included by GitHub and marked).',
        inputSchema: {
          type: 'object',
          properties: {
            ...repoProps,
            state: { type: 'string', enum: ['open', 'closed', 'all'], default: 'open' },
            labels: { type: 'string', description: 'Comma-separated label names.' },
            per_page: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
          },
          required: ['owner', 'repo'],
          additionalProperties: false,
        },
        annotations: readOnly,
        impl: {
          kind: 'http',
          method: 'GET',
          url: 'https://api.github.com/repos/{{input.owner}}/{{input.repo}}/issues',
          headers: github,
          query: { state: '{{input.state}}', labels: '{{input.labels}}', per_page: '{{input.per_page}}' },
        },
        examples: [
          {
            input: { owner: 'octocat', repo: 'hello-world' },
            expect: { contains: 'Found a bug' },
            mockResponse: {
              status: 200,
              body: [
                {
                  number: 1347,
                  title: 'Found a bug',
                  state: 'open',
                  html_url: 'https://github.com/octocat/hello-world/issues/1347',
                },
              ],
            },
          },
        ],
      },
      {
        name: 'get_issue',
        title: 'Get an issue',
        description: 'Reads one issue with its body, labels, assignees and state.',
        inputSchema: {
          type: 'object',
          properties: { ...repoProps, number: { type: 'integer', minimum: 1 } },
          required: ['owner', 'repo', 'number'],
          additionalProperties: false,
        },
        annotations: readOnly,
        impl: {
          kind: 'http',
          method: 'GET',
          url: 'https://api.github.com/repos/{{input.owner}}/{{input.repo}}/issues/{{input.number}}',
          headers: github,
        },
        examples: [
          {
            input: { owner: 'octocat', repo: 'hello-world', number: 1347 },
            expect: { contains: '1347' },
            mockResponse: {
              status: 200,
              body: {
                number: 1347,
                title: 'Found a bug',
                body: "I'm having a problem with this.",
                state: 'open',
              },
            },
          },
        ],
      },
      {
        name: 'create_issue',
        title: 'Create an issue',
        description: 'Opens a new issue in a repository.',
        inputSchema: {
          type: 'object',
          properties: {
            ...repoProps,
            title: { type: 'string', minLength: 1, maxLength: 256 },
            body: { type: 'string', description: 'Markdown body.' },
            labels: { type: 'array', items: { type: 'string' } },
          },
          required: ['owner', 'repo', 'title'],
          additionalProperties: false,
        },
        annotations: {
          readOnlyHint: false,
          destructiveHint: false,
          idempotentHint: false,
          openWorldHint: true,
        },
        impl: {
          kind: 'http',
          method: 'POST',
          url: 'https://api.github.com/repos/{{input.owner}}/{{input.repo}}/issues',
          headers: github,
          body: { title: '{{input.title}}', body: '{{input.body}}', labels: '{{input.labels}}' },
        },
        examples: [
          {
            input: { owner: 'octocat', repo: 'hello-world', title: 'Found a bug' },
            expect: { contains: 'html_url' },
            mockResponse: {
              status: 201,
              body: {
                number: 1348,
                title: 'Found a bug',
                html_url: 'https://github.com/octocat/hello-world/issues/1348',
              },
            },
          },
        ],
      },
      {
        name: 'comment_on_issue',
        title: 'Comment on an issue',
        description: 'Adds a comment to an issue or pull request.',
        inputSchema: {
          type: 'object',
          properties: {
            ...repoProps,
            number: { type: 'integer', minimum: 1 },
            body: { type: 'string', minLength: 1 },
          },
          required: ['owner', 'repo', 'number', 'body'],
          additionalProperties: false,
        },
        annotations: {
          readOnlyHint: false,
          destructiveHint: false,
          idempotentHint: false,
          openWorldHint: true,
        },
        impl: {
          kind: 'http',
          method: 'POST',
          url: 'https://api.github.com/repos/{{input.owner}}/{{input.repo}}/issues/{{input.number}}/comments',
          headers: github,
          body: { body: '{{input.body}}' },
        },
        examples: [
          {
            input: { owner: 'octocat', repo: 'hello-world', number: 1347, body: 'Thanks, looking into it.' },
            expect: { contains: 'Thanks' },
            mockResponse: { status: 201, body: { id: 1, body: 'Thanks, looking into it.' } },
          },
        ],
      },
    ],
  },
};

// Notion's OAuth has no scopes: a person picks the pages to share while signing in.
const notionSignIn = presetUpstream('notion', []);
const notion = { Authorization: `Bearer ${upstreamTokenRef('notion')}`, 'Notion-Version': '2022-06-28' };

export const notionSearch: Template = {
  id: 'notion-search',
  name: 'Notion search',
  description: 'Search the Notion pages and databases a person shares when signing in, and read a page.',
  keywords: { notion: 2, wiki: 1, notes: 1, 'knowledge base': 1, workspace: 1 },
  spec: {
    description:
      'Search and read Notion pages through the Notion API, as the person who connects (each user signs in to Notion).',
    secrets: notionSignIn.secrets,
    upstreams: [notionSignIn.upstream],
    tools: [
      {
        name: 'notion_search',
        title: 'Search Notion',
        description: 'Searches page and database titles shared with the integration.',
        inputSchema: {
          type: 'object',
          properties: {
            query: { type: 'string', description: 'Text to look for in titles.' },
            page_size: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
          },
          required: ['query'],
          additionalProperties: false,
        },
        annotations: readOnly,
        impl: {
          kind: 'http',
          method: 'POST',
          url: 'https://api.notion.com/v1/search',
          headers: notion,
          body: { query: '{{input.query}}', page_size: '{{input.page_size}}' },
        },
        examples: [
          {
            input: { query: 'Roadmap' },
            expect: { contains: 'Roadmap' },
            mockResponse: {
              status: 200,
              body: {
                object: 'list',
                results: [
                  {
                    object: 'page',
                    id: '59833787-2cf9-4fdf-8782-e53db20768a5',
                    url: 'https://www.notion.so/Roadmap-598337872cf94fdf8782e53db20768a5',
                  },
                ],
              },
            },
          },
        ],
      },
      {
        name: 'notion_get_page_content',
        title: 'Read a Notion page',
        description: 'Returns the blocks (paragraphs, headings, lists) of a page.',
        inputSchema: {
          type: 'object',
          properties: {
            page_id: {
              type: 'string',
              minLength: 32,
              maxLength: 36,
              description: 'Page id (with or without dashes).',
            },
          },
          required: ['page_id'],
          additionalProperties: false,
        },
        annotations: readOnly,
        impl: {
          kind: 'http',
          method: 'GET',
          url: 'https://api.notion.com/v1/blocks/{{input.page_id}}/children',
          headers: notion,
          query: { page_size: '100' },
        },
        examples: [
          {
            input: { page_id: '59833787-2cf9-4fdf-8782-e53db20768a5' },
            expect: { contains: 'paragraph' },
            mockResponse: {
              status: 200,
              body: {
                object: 'list',
                results: [{ type: 'paragraph', paragraph: { rich_text: [{ plain_text: 'Q1 goals' }] } }],
              },
            },
          },
        ],
      },
    ],
  },
};

export const hackerNews: Template = {
  id: 'hacker-news',
  name: 'Hacker News',
  description: 'Top stories, items and full-text search on Hacker News.',
  keywords: { 'hacker news': 2, hackernews: 2, hn: 2, 'tech news': 2, news: 1, stories: 1, ycombinator: 2 },
  spec: {
    description:
      'Read Hacker News: top stories, single items and search (official Firebase API and Algolia search).',
    secrets: [],
    tools: [
      {
        name: 'hn_top_stories',
        title: 'Top stories',
        description: 'Ids of the current top stories (up to 500); read each with hn_get_item.',
        inputSchema: { type: 'object', properties: {}, additionalProperties: false },
        annotations: readOnly,
        impl: { kind: 'http', method: 'GET', url: 'https://hacker-news.firebaseio.com/v0/topstories.json' },
        examples: [
          {
            input: {},
            expect: { contains: '8863' },
            mockResponse: { status: 200, body: [8863, 8265, 8142] },
          },
        ],
      },
      {
        name: 'hn_get_item',
        title: 'Get an item',
        description: 'A story, comment, job or poll by id: title, url, score, author, time and child ids.',
        inputSchema: {
          type: 'object',
          properties: { id: { type: 'integer', minimum: 1 } },
          required: ['id'],
          additionalProperties: false,
        },
        annotations: readOnly,
        impl: {
          kind: 'http',
          method: 'GET',
          url: 'https://hacker-news.firebaseio.com/v0/item/{{input.id}}.json',
        },
        examples: [
          {
            input: { id: 8863 },
            expect: { contains: 'Dropbox' },
            mockResponse: {
              status: 200,
              body: {
                id: 8863,
                by: 'dhouston',
                title: 'My YC app: Dropbox - Throw away your USB drive',
                score: 111,
                type: 'story',
                url: 'http://www.getdropbox.com/u/2/screencast.html',
              },
            },
          },
        ],
      },
      {
        name: 'hn_search',
        title: 'Search Hacker News',
        description: 'Full-text search over stories (Algolia), most relevant first.',
        inputSchema: {
          type: 'object',
          properties: {
            query: { type: 'string', minLength: 1 },
            hitsPerPage: { type: 'integer', minimum: 1, maximum: 50, default: 10 },
          },
          required: ['query'],
          additionalProperties: false,
        },
        annotations: readOnly,
        impl: {
          kind: 'http',
          method: 'GET',
          url: 'https://hn.algolia.com/api/v1/search',
          query: { query: '{{input.query}}', tags: 'story', hitsPerPage: '{{input.hitsPerPage}}' },
          response: { pick: 'hits' },
        },
        examples: [
          {
            input: { query: 'sqlite' },
            expect: { contains: 'SQLite' },
            mockResponse: {
              status: 200,
              body: {
                hits: [
                  {
                    objectID: '1',
                    title: 'SQLite is not a toy database',
                    url: 'https://antonz.org/sqlite-is-not-a-toy-database/',
                    points: 900,
                  },
                ],
              },
            },
          },
        ],
      },
    ],
  },
};

export const currency: Template = {
  id: 'currency-rates',
  name: 'Currency rates (Frankfurter)',
  description:
    'Exchange rates and conversions from the European Central Bank reference rates; no key needed.',
  keywords: {
    currency: 2,
    currencies: 2,
    'exchange rate': 2,
    exchange: 1,
    forex: 2,
    convert: 1,
    euro: 1,
    dollar: 1,
    eur: 1,
    usd: 1,
    money: 1,
  },
  spec: {
    description: 'Currency exchange rates (ECB reference rates via Frankfurter, free, no key).',
    secrets: [],
    tools: [
      {
        name: 'convert_currency',
        title: 'Convert an amount',
        description: 'Converts an amount between currencies at the latest ECB reference rate.',
        inputSchema: {
          type: 'object',
          properties: {
            amount: { type: 'number', exclusiveMinimum: 0 },
            from: { type: 'string', pattern: '^[A-Z]{3}$', description: 'ISO 4217 code, e.g. EUR.' },
            to: {
              type: 'string',
              pattern: '^[A-Z]{3}(,[A-Z]{3})*$',
              description: 'One or more ISO codes, comma-separated.',
            },
          },
          required: ['amount', 'from', 'to'],
          additionalProperties: false,
        },
        annotations: readOnly,
        impl: {
          kind: 'http',
          method: 'GET',
          url: 'https://api.frankfurter.app/latest',
          query: { amount: '{{input.amount}}', from: '{{input.from}}', to: '{{input.to}}' },
        },
        examples: [
          {
            input: { amount: 100, from: 'EUR', to: 'USD' },
            expect: { contains: 'USD' },
            mockResponse: {
              status: 200,
              body: { amount: 100, base: 'EUR', date: '2026-01-15', rates: { USD: 108.52 } },
            },
          },
        ],
      },
      {
        name: 'list_currencies',
        title: 'List currencies',
        description: 'The currency codes with their names.',
        inputSchema: { type: 'object', properties: {}, additionalProperties: false },
        annotations: readOnly,
        impl: { kind: 'http', method: 'GET', url: 'https://api.frankfurter.app/currencies' },
        examples: [
          {
            input: {},
            expect: { contains: 'Euro' },
            mockResponse: { status: 200, body: { EUR: 'Euro', USD: 'United States Dollar' } },
          },
        ],
      },
    ],
  },
};

export const wikipedia: Template = {
  id: 'wikipedia',
  name: 'Wikipedia',
  description: 'Article summaries and search on Wikipedia.',
  keywords: { wikipedia: 2, encyclopedia: 2, article: 1, wiki: 1 },
  spec: {
    description: 'Search Wikipedia and read article summaries (Wikimedia REST API).',
    secrets: [],
    tools: [
      {
        name: 'wikipedia_summary',
        title: 'Article summary',
        description: 'The lead summary of an English Wikipedia article by title.',
        inputSchema: {
          type: 'object',
          properties: {
            title: { type: 'string', minLength: 1, description: 'Article title, e.g. "Ada Lovelace".' },
          },
          required: ['title'],
          additionalProperties: false,
        },
        annotations: readOnly,
        impl: {
          kind: 'http',
          method: 'GET',
          url: 'https://en.wikipedia.org/api/rest_v1/page/summary/{{input.title}}',
        },
        examples: [
          {
            input: { title: 'Ada Lovelace' },
            expect: { contains: 'mathematician' },
            mockResponse: {
              status: 200,
              body: {
                title: 'Ada Lovelace',
                extract: 'Augusta Ada King, Countess of Lovelace was an English mathematician and writer.',
              },
            },
          },
        ],
      },
      {
        name: 'wikipedia_search',
        title: 'Search Wikipedia',
        description: 'Article titles matching a query.',
        inputSchema: {
          type: 'object',
          properties: {
            query: { type: 'string', minLength: 1 },
            limit: { type: 'integer', minimum: 1, maximum: 20, default: 5 },
          },
          required: ['query'],
          additionalProperties: false,
        },
        annotations: readOnly,
        impl: {
          kind: 'http',
          method: 'GET',
          url: 'https://en.wikipedia.org/w/rest.php/v1/search/title',
          query: { q: '{{input.query}}', limit: '{{input.limit}}' },
          response: { pick: 'pages' },
        },
        examples: [
          {
            input: { query: 'Lovelace' },
            expect: { contains: 'Ada Lovelace' },
            mockResponse: {
              status: 200,
              body: { pages: [{ id: 974, key: 'Ada_Lovelace', title: 'Ada Lovelace' }] },
            },
          },
        ],
      },
    ],
  },
};

export const publicHolidays: Template = {
  id: 'public-holidays',
  name: 'Public holidays (Nager.Date)',
  description: 'Public holidays of 100+ countries by year; no key needed.',
  keywords: { holiday: 2, holidays: 2, 'day off': 1, vacation: 1, calendar: 1 },
  spec: {
    description: 'Public holidays by country and year (Nager.Date, free, no key).',
    secrets: [],
    tools: [
      {
        name: 'public_holidays',
        title: 'Public holidays',
        description: 'The public holidays of a country in a year (date, local and English name).',
        inputSchema: {
          type: 'object',
          properties: {
            year: { type: 'integer', minimum: 1975, maximum: 2075 },
            countryCode: {
              type: 'string',
              pattern: '^[A-Z]{2}$',
              description: 'ISO 3166-1 alpha-2, e.g. DE.',
            },
          },
          required: ['year', 'countryCode'],
          additionalProperties: false,
        },
        annotations: readOnly,
        impl: {
          kind: 'http',
          method: 'GET',
          url: 'https://date.nager.at/api/v3/PublicHolidays/{{input.year}}/{{input.countryCode}}',
        },
        examples: [
          {
            input: { year: 2026, countryCode: 'DE' },
            expect: { contains: 'Neujahr' },
            mockResponse: {
              status: 200,
              body: [{ date: '2026-01-01', localName: 'Neujahr', name: "New Year's Day", countryCode: 'DE' }],
            },
          },
        ],
      },
    ],
  },
};

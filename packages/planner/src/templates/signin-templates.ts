import { presetUpstream, upstreamTokenRef } from '../upstreams.js';
import type { Template } from './types.js';

/** Templates on APIs where each person signs in to the provider (per-user upstream OAuth). */

const readOnly = { readOnlyHint: true, openWorldHint: true } as const;
const writes = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true };

const CALENDAR_READ = 'https://www.googleapis.com/auth/calendar.readonly';
const CALENDAR_EVENTS = 'https://www.googleapis.com/auth/calendar.events';
const googleSignIn = presetUpstream('google', ['openid', 'email', CALENDAR_READ]);
const google = { Authorization: `Bearer ${upstreamTokenRef('google')}` };

export const googleCalendar: Template = {
  id: 'google-calendar',
  name: 'Google Calendar',
  description: 'List upcoming events and create events in the Google Calendar of the person who connects.',
  keywords: {
    google: 2,
    calendar: 2,
    gcal: 2,
    event: 1,
    events: 1,
    meeting: 1,
    meetings: 1,
    schedule: 1,
    appointment: 1,
  },
  spec: {
    description:
      'Google Calendar through the Calendar API v3, as the person who connects (each user signs in to Google).',
    instructions:
      'Times are RFC 3339 (2026-01-15T09:00:00+01:00). list_events reads the primary calendar; create_event asks for write access the first time it is used.',
    secrets: googleSignIn.secrets,
    upstreams: [googleSignIn.upstream],
    tools: [
      {
        name: 'list_events',
        title: 'Upcoming events',
        description: 'Events of the primary calendar from a start time on, soonest first.',
        inputSchema: {
          type: 'object',
          properties: {
            timeMin: {
              type: 'string',
              format: 'date-time',
              description: 'Only events ending after this time (RFC 3339).',
            },
            maxResults: { type: 'integer', minimum: 1, maximum: 50, default: 10 },
          },
          required: ['timeMin'],
          additionalProperties: false,
        },
        annotations: readOnly,
        impl: {
          kind: 'http',
          method: 'GET',
          url: 'https://www.googleapis.com/calendar/v3/calendars/primary/events',
          headers: google,
          query: {
            timeMin: '{{input.timeMin}}',
            maxResults: '{{input.maxResults}}',
            singleEvents: 'true',
            orderBy: 'startTime',
          },
          response: { pick: 'items' },
        },
        examples: [
          {
            input: { timeMin: '2026-01-15T00:00:00Z' },
            expect: { contains: 'Team sync' },
            mockResponse: {
              status: 200,
              body: {
                items: [
                  {
                    id: 'evt1',
                    summary: 'Team sync',
                    start: { dateTime: '2026-01-15T09:00:00Z' },
                    end: { dateTime: '2026-01-15T09:30:00Z' },
                  },
                ],
              },
            },
          },
        ],
      },
      {
        name: 'create_event',
        title: 'Create an event',
        description: 'Adds an event to the primary calendar.',
        inputSchema: {
          type: 'object',
          properties: {
            summary: { type: 'string', minLength: 1, maxLength: 300, description: 'Event title.' },
            start: { type: 'string', format: 'date-time', description: 'Start (RFC 3339).' },
            end: { type: 'string', format: 'date-time', description: 'End (RFC 3339).' },
            description: { type: 'string', maxLength: 8000 },
          },
          required: ['summary', 'start', 'end'],
          additionalProperties: false,
        },
        annotations: writes,
        upstreamScopes: { google: [CALENDAR_EVENTS] },
        impl: {
          kind: 'http',
          method: 'POST',
          url: 'https://www.googleapis.com/calendar/v3/calendars/primary/events',
          headers: google,
          body: {
            summary: '{{input.summary}}',
            description: '{{input.description}}',
            start: { dateTime: '{{input.start}}' },
            end: { dateTime: '{{input.end}}' },
          },
        },
        examples: [
          {
            input: { summary: 'Dentist', start: '2026-01-20T10:00:00Z', end: '2026-01-20T11:00:00Z' },
            expect: { contains: 'htmlLink' },
            mockResponse: {
              status: 200,
              body: {
                id: 'evt2',
                summary: 'Dentist',
                htmlLink: 'https://www.google.com/calendar/event?eid=evt2',
              },
            },
          },
        ],
      },
    ],
  },
};

const slackSignIn = presetUpstream('slack', ['channels:read', 'chat:write', 'search:read']);
const slack = { Authorization: `Bearer ${upstreamTokenRef('slack')}` };

export const slackMessages: Template = {
  id: 'slack',
  name: 'Slack',
  description: 'List channels, search messages and post as the person who connects to Slack.',
  keywords: { slack: 2, channel: 1, channels: 1, message: 1, messages: 1, chat: 1, workspace: 1 },
  spec: {
    description: 'Slack through the Web API, as the person who connects (each user signs in to Slack).',
    instructions:
      'Slack answers HTTP 200 with "ok": false on errors; read the "error" field. Channel ids look like C0123456789.',
    secrets: slackSignIn.secrets,
    upstreams: [slackSignIn.upstream],
    tools: [
      {
        name: 'list_channels',
        title: 'List channels',
        description: 'Public channels of the workspace: id, name, topic and member count.',
        inputSchema: {
          type: 'object',
          properties: { limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
          additionalProperties: false,
        },
        annotations: readOnly,
        impl: {
          kind: 'http',
          method: 'GET',
          url: 'https://slack.com/api/conversations.list',
          headers: slack,
          query: { limit: '{{input.limit}}', exclude_archived: 'true', types: 'public_channel' },
          response: { pick: 'channels' },
        },
        examples: [
          {
            input: {},
            expect: { contains: 'general' },
            mockResponse: {
              status: 200,
              body: { ok: true, channels: [{ id: 'C0123456789', name: 'general', num_members: 12 }] },
            },
          },
        ],
      },
      {
        name: 'search_messages',
        title: 'Search messages',
        description: 'Messages matching a query (Slack search syntax, e.g. "in:#general deploy").',
        inputSchema: {
          type: 'object',
          properties: {
            query: { type: 'string', minLength: 1, maxLength: 500 },
            count: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
          },
          required: ['query'],
          additionalProperties: false,
        },
        annotations: readOnly,
        impl: {
          kind: 'http',
          method: 'GET',
          url: 'https://slack.com/api/search.messages',
          headers: slack,
          query: { query: '{{input.query}}', count: '{{input.count}}' },
          response: { pick: 'messages.matches' },
        },
        examples: [
          {
            input: { query: 'deploy' },
            expect: { contains: 'deploy' },
            mockResponse: {
              status: 200,
              body: {
                ok: true,
                messages: { matches: [{ text: 'deploy is done', channel: { name: 'general' } }] },
              },
            },
          },
        ],
      },
      {
        name: 'post_message',
        title: 'Post a message',
        description: 'Posts a message to a channel as the connected person.',
        inputSchema: {
          type: 'object',
          properties: {
            channel: { type: 'string', minLength: 1, maxLength: 80, description: 'Channel id or #name.' },
            text: { type: 'string', minLength: 1, maxLength: 4000 },
          },
          required: ['channel', 'text'],
          additionalProperties: false,
        },
        annotations: writes,
        impl: {
          kind: 'http',
          method: 'POST',
          url: 'https://slack.com/api/chat.postMessage',
          headers: slack,
          body: { channel: '{{input.channel}}', text: '{{input.text}}' },
        },
        examples: [
          {
            input: { channel: 'C0123456789', text: 'Hello' },
            expect: { contains: '"ok":true' },
            mockResponse: {
              status: 200,
              body: { ok: true, channel: 'C0123456789', ts: '1700000000.000100' },
            },
          },
        ],
      },
    ],
  },
};

const linearSignIn = presetUpstream('linear', ['read']);
const linear = { Authorization: `Bearer ${upstreamTokenRef('linear')}` };

export const linearIssues: Template = {
  id: 'linear',
  name: 'Linear issues',
  description: 'Read the issues assigned to the person who connects to Linear, and create issues.',
  keywords: { linear: 2, 'linear.app': 2, backlog: 1, sprint: 1, cycle: 1, triage: 1 },
  spec: {
    description: 'Linear through its GraphQL API, as the person who connects (each user signs in to Linear).',
    instructions: 'linear_create_issue needs a team id: linear_list_teams gives them.',
    secrets: linearSignIn.secrets,
    upstreams: [linearSignIn.upstream],
    tools: [
      {
        name: 'linear_my_issues',
        title: 'My issues',
        description: 'Issues assigned to the connected person: identifier, title, state and URL.',
        inputSchema: {
          type: 'object',
          properties: { first: { type: 'integer', minimum: 1, maximum: 100, default: 25 } },
          additionalProperties: false,
        },
        annotations: readOnly,
        impl: {
          kind: 'http',
          method: 'POST',
          url: 'https://api.linear.app/graphql',
          headers: linear,
          body: {
            query:
              'query($first: Int) { viewer { assignedIssues(first: $first) { nodes { identifier title url state { name } } } } }',
            variables: { first: '{{input.first}}' },
          },
          response: { pick: 'data.viewer.assignedIssues.nodes' },
        },
        examples: [
          {
            input: {},
            expect: { contains: 'ENG-42' },
            mockResponse: {
              status: 200,
              body: {
                data: {
                  viewer: {
                    assignedIssues: {
                      nodes: [
                        {
                          identifier: 'ENG-42',
                          title: 'Fix login',
                          url: 'https://linear.app/acme/issue/ENG-42',
                          state: { name: 'In Progress' },
                        },
                      ],
                    },
                  },
                },
              },
            },
          },
        ],
      },
      {
        name: 'linear_list_teams',
        title: 'List teams',
        description: 'Teams the connected person can see: id, key and name.',
        inputSchema: { type: 'object', properties: {}, additionalProperties: false },
        annotations: readOnly,
        impl: {
          kind: 'http',
          method: 'POST',
          url: 'https://api.linear.app/graphql',
          headers: linear,
          body: { query: '{ teams { nodes { id key name } } }' },
          response: { pick: 'data.teams.nodes' },
        },
        examples: [
          {
            input: {},
            expect: { contains: 'Engineering' },
            mockResponse: {
              status: 200,
              body: { data: { teams: { nodes: [{ id: 'team-1', key: 'ENG', name: 'Engineering' }] } } },
            },
          },
        ],
      },
      {
        name: 'linear_create_issue',
        title: 'Create an issue',
        description: 'Creates a Linear issue in a team.',
        inputSchema: {
          type: 'object',
          properties: {
            teamId: { type: 'string', minLength: 1, maxLength: 64, description: 'From list_teams.' },
            title: { type: 'string', minLength: 1, maxLength: 255 },
            description: { type: 'string', maxLength: 10000, description: 'Markdown.' },
          },
          required: ['teamId', 'title'],
          additionalProperties: false,
        },
        annotations: writes,
        upstreamScopes: { linear: ['issues:create'] },
        impl: {
          kind: 'http',
          method: 'POST',
          url: 'https://api.linear.app/graphql',
          headers: linear,
          body: {
            query:
              'mutation($input: IssueCreateInput!) { issueCreate(input: $input) { success issue { identifier url } } }',
            variables: {
              input: {
                teamId: '{{input.teamId}}',
                title: '{{input.title}}',
                description: '{{input.description}}',
              },
            },
          },
          response: { pick: 'data.issueCreate' },
        },
        examples: [
          {
            input: { teamId: 'team-1', title: 'Fix login' },
            expect: { contains: 'ENG-43' },
            mockResponse: {
              status: 200,
              body: {
                data: {
                  issueCreate: {
                    success: true,
                    issue: { identifier: 'ENG-43', url: 'https://linear.app/acme/issue/ENG-43' },
                  },
                },
              },
            },
          },
        ],
      },
    ],
  },
};

import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAnthropicClient } from '../src/index.js';
import { type FakeAnthropic, startFakeAnthropic } from '../src/testing/index.js';

let fake: FakeAnthropic;
let client: Anthropic;
const tools: Anthropic.Tool[] = [
  {
    name: 'add',
    description: 'Adds two numbers.',
    input_schema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } },
  },
];
const base = { model: 'claude-sonnet-5-5', max_tokens: 1024, tools };

beforeAll(async () => {
  fake = await startFakeAnthropic({ apiKey: 'sk-ant-stream' });
  client = createAnthropicClient({ apiKey: 'sk-ant-stream', baseURL: fake.url, maxRetries: 0 });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.requests.length = 0;
});

describe('the fake Messages API, streamed to the real SDK', () => {
  it('streams text and a tool call as the API does; the SDK assembles the message', async () => {
    fake.enqueue({
      content: [{ text: 'Let me add those.' }, { toolUse: { name: 'add', input: { a: 2, b: 40 } } }],
      stream: { chunkSize: 3 },
    });
    const events: string[] = [];
    const texts: string[] = [];
    const stream = client.messages.stream({
      ...base,
      messages: [{ role: 'user', content: 'What is 2 + 40?' }],
    });
    stream.on('streamEvent', (event) => events.push(event.type));
    stream.on('text', (delta) => texts.push(delta));
    const message = await stream.finalMessage();
    expect(fake.requests[0]!.body.stream).toBe(true);
    expect(events[0]).toBe('message_start');
    expect(events.at(-2)).toBe('message_delta');
    expect(events.at(-1)).toBe('message_stop');
    expect(events.filter((e) => e === 'content_block_start')).toHaveLength(2);
    expect(texts.length).toBeGreaterThan(3);
    expect(texts.join('')).toBe('Let me add those.');
    expect(message.stop_reason).toBe('tool_use');
    const use = message.content[1] as Anthropic.ToolUseBlock;
    expect(use).toMatchObject({ type: 'tool_use', name: 'add', input: { a: 2, b: 40 } });
    expect(use.id).toBe(fake.requests[0]!.toolUseIds![0]);
  });

  it('holds a tool-use conversation to the API’s rules: the next request must answer each tool_use', async () => {
    fake.enqueue({ content: [{ toolUse: { name: 'add', input: { a: 1, b: 2 }, id: 'toolu_fixed' } }] });
    const first = await client.messages.create({
      ...base,
      messages: [{ role: 'user', content: 'Add 1 and 2.' }],
    });
    const unanswered = client.messages.create({
      ...base,
      messages: [
        { role: 'user', content: 'Add 1 and 2.' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: 'never mind' },
      ],
    });
    await expect(unanswered).rejects.toMatchObject({ status: 400 });
    await expect(unanswered).rejects.toThrow(/toolu_fixed/);
    fake.enqueue({ text: 'It is 3.' });
    const answered = await client.messages.create({
      ...base,
      messages: [
        { role: 'user', content: 'Add 1 and 2.' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_fixed', content: '3' }] },
      ],
    });
    expect(answered.content).toEqual([{ type: 'text', text: 'It is 3.' }]);
    const stray = client.messages.create({
      ...base,
      messages: [
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_other', content: '3' }] },
      ],
    });
    await expect(stray).rejects.toThrow(/unexpected `tool_use_id`/);
  });

  it('notices a reader that aborts a stream before message_stop', async () => {
    fake.enqueue({ text: 'a long answer that stalls', stream: { chunkSize: 2, stallAfterDeltas: 2 } });
    const stream = client.messages.stream({ ...base, messages: [{ role: 'user', content: 'Talk.' }] });
    const first = new Promise<void>((resolve) => stream.once('text', () => resolve()));
    await first;
    stream.abort();
    await expect(stream.finalMessage()).rejects.toBeInstanceOf(Anthropic.APIUserAbortError);
    await expect.poll(() => fake.requests[0]!.closedEarly).toBe(true);
  });
});

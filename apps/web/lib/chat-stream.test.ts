import { describe, expect, it } from 'vitest';
import { parseEvents } from './chat-stream';

describe('parseEvents', () => {
  it('returns whole events and keeps an unfinished one for the next chunk', () => {
    const stream =
      'event: text\ndata: {"delta":"Hel"}\n\n: keep-alive\n\nevent: text\ndata: {"delta":"lo"}\n\nevent: done\ndata: {"messa';
    const first = parseEvents(stream);
    expect(first.events).toEqual([
      { event: 'text', data: { delta: 'Hel' } },
      { event: 'text', data: { delta: 'lo' } },
    ]);
    expect(first.rest).toBe('event: done\ndata: {"messa');
    const second = parseEvents(`${first.rest}ges":[],"stopReason":"end_turn","toolRounds":0}\n\n`);
    expect(second.events).toEqual([
      { event: 'done', data: { messages: [], stopReason: 'end_turn', toolRounds: 0 } },
    ]);
    expect(second.rest).toBe('');
  });

  it('drops unknown events and malformed data, and reads CRLF streams', () => {
    const { events } = parseEvents(
      'event: surprise\ndata: {}\n\nevent: text\ndata: {not json\n\r\n\r\nevent: tool_use\r\ndata: {"id":"t","name":"add","input":{},"round":1}\r\n\r\n',
    );
    expect(events).toEqual([{ event: 'tool_use', data: { id: 't', name: 'add', input: {}, round: 1 } }]);
  });
});

import { expect, it } from 'vitest';
import { installSnippets } from './snippets.js';

it('gives a snippet per client, all naming the server URL', () => {
  const url = 'https://run.example.com/weather/mcp';
  const snippets = installSnippets('My Weather!', url);
  expect(snippets.map((s) => s.id)).toEqual([
    'claude-code',
    'claude-desktop',
    'mcp-remote',
    'cursor',
    'vscode',
    'chatgpt',
    'windsurf',
    'curl',
  ]);
  for (const s of snippets) expect(s.code).toContain(url);
  expect(snippets[0]!.code).toBe(`claude mcp add --transport http my-weather ${url}`);
  expect(JSON.parse(snippets.find((s) => s.id === 'cursor')!.code)).toEqual({
    mcpServers: { 'my-weather': { url } },
  });
  expect(snippets.find((s) => s.id === 'vscode')!.code).toBe(
    `code --add-mcp '{"name":"my-weather","type":"http","url":"${url}"}'`,
  );
});

export interface InstallSnippet {
  client: string;
  /** Short id for tabs: `claude-code`, `cursor`, … */
  id: string;
  /** Where the snippet goes (a shell, a file, a settings screen). */
  where: string;
  language: 'shell' | 'json' | 'text';
  code: string;
}

/** How to connect each popular MCP client to a hosted server; all of them do OAuth on their own. */
export function installSnippets(name: string, url: string): InstallSnippet[] {
  const key =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'mcp-server';
  const json = (value: unknown) => JSON.stringify(value, null, 2);
  const q = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
  return [
    {
      client: 'Claude Code',
      id: 'claude-code',
      where: 'terminal',
      language: 'shell',
      code: `claude mcp add --transport http ${key} ${url}`,
    },
    {
      client: 'Claude Desktop / claude.ai',
      id: 'claude-desktop',
      where: 'Settings → Connectors → Add custom connector → Remote MCP server URL',
      language: 'text',
      code: url,
    },
    {
      client: 'mcp-remote (clients without remote support)',
      id: 'mcp-remote',
      where: 'the client’s MCP config file (e.g. claude_desktop_config.json)',
      language: 'json',
      code: json({ mcpServers: { [key]: { command: 'npx', args: ['-y', 'mcp-remote', url] } } }),
    },
    {
      client: 'Cursor',
      id: 'cursor',
      where: '~/.cursor/mcp.json (or .cursor/mcp.json in a project)',
      language: 'json',
      code: json({ mcpServers: { [key]: { url } } }),
    },
    {
      client: 'VS Code',
      id: 'vscode',
      where: 'terminal',
      language: 'shell',
      code: `code --add-mcp ${q(JSON.stringify({ name: key, type: 'http', url }))}`,
    },
    {
      client: 'ChatGPT',
      id: 'chatgpt',
      where: 'Settings → Apps & Connectors → Create → MCP server URL (authentication: OAuth)',
      language: 'text',
      code: url,
    },
    {
      client: 'Windsurf',
      id: 'windsurf',
      where: '~/.codeium/windsurf/mcp_config.json',
      language: 'json',
      code: json({ mcpServers: { [key]: { serverUrl: url } } }),
    },
    {
      client: 'curl (see the OAuth challenge)',
      id: 'curl',
      where: 'terminal',
      language: 'shell',
      code: [
        `curl -i -X POST ${url} \\`,
        `  -H 'content-type: application/json' -H 'accept: application/json, text/event-stream' \\`,
        `  -d '{"jsonrpc":"2.0","id":1,"method":"tools/list"}'`,
        '# → HTTP/1.1 401 with WWW-Authenticate: Bearer resource_metadata="…"',
      ].join('\n'),
    },
  ];
}

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { marked } from 'marked';
import type { Metadata } from 'next';
import { CodeBlock } from '@/components/client';

export const metadata: Metadata = { title: 'Self-hosting' };
// Rendered once at build time from the repository's own operator docs, so the two never drift.
export const dynamic = 'force-static';

const docsDir = path.join(process.cwd(), '..', '..', 'docs');

/** docs/<file> as HTML; links to configuration.md point at the table below. */
function renderDoc(file: string): string {
  const markdown = readFileSync(path.join(docsDir, file), 'utf8').replaceAll(
    '](configuration.md)',
    '](#configuration)',
  );
  // Code and wide tables scroll inside the column; focusable, so a keyboard can scroll them too.
  return marked
    .parse(markdown, { async: false, gfm: true })
    .replaceAll('<pre>', '<pre tabindex="0">')
    .replaceAll('<table>', '<table tabindex="0">');
}

export default function SelfHostingPage() {
  const configuration = { __html: renderDoc('configuration.md') };
  return (
    <>
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the repository's own docs, rendered at build time */}
      <div className="doc-markdown" dangerouslySetInnerHTML={{ __html: renderDoc('self-hosting.md') }} />
      <h2>On one machine</h2>
      <p>
        Needs Node.js 20.19 or newer. Postgres is embedded (kept in <code>.data/</code>) unless you set{' '}
        <code>DATABASE_URL</code>.
      </p>
      <CodeBlock
        language="shell"
        code={`git clone <this repository> && cd buildmymcpserver
npm i -g pnpm@10 && pnpm install
pnpm start          # web :3000, api :4000, oauth-as :4001, builder :4002, runner :4100`}
      />
      <p>
        <code>pnpm start</code> generates a master key into <code>.data/master.key</code> (mode 0600) on the
        first run, applies migrations, builds the web app once and prints every URL. Ctrl-C stops everything;
        data stays.
      </p>
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the repository's own docs, rendered at build time */}
      <section id="configuration" className="doc-markdown" dangerouslySetInnerHTML={configuration} />
    </>
  );
}

'use client';

import type { Tool } from '@/components/tool-editor';
import { Button, Card, Pill } from '@/components/ui';
import type { PersonalTokenOption, SignInStash, UpstreamLike } from '@/lib/upstream-switch';

/** Step 2's sign-in card: per-person provider sign-in, or one personal token instead. */
export function SignInCard({
  upstreams,
  tools,
  options,
  stashes,
  editing,
  onPersonalToken,
  onSignIn,
}: {
  upstreams: UpstreamLike[];
  tools: Tool[];
  options: PersonalTokenOption[];
  stashes: Record<string, SignInStash>;
  editing: boolean;
  onPersonalToken: (option: PersonalTokenOption) => void;
  onSignIn: (id: string) => void;
}) {
  return (
    <Card data-testid="upstreams">
      <h2>Sign-in</h2>
      <p className="muted small">
        Each person who connects signs in to the provider once, in the same browser flow as the consent page;
        the tools then act as them, never as you. The redirect URI to register in the provider’s OAuth app is
        on the server page once it is created.
      </p>
      <ul className="plain-list stack">
        {upstreams.map((u) => {
          const option = options.find((o) => o.upstreamId === u.id);
          // The sign-in asks for the base scopes plus what every tool adds.
          const scopes = [
            ...new Set([
              ...u.scopes,
              ...tools.flatMap((t) => (t.upstreamScopes?.[u.id] as string[] | undefined) ?? []),
            ]),
          ];
          return (
            <li key={u.id} data-testid={`upstream-${u.id}`}>
              <div className="row">
                <strong>{u.name}</strong>
                <Pill tone="accent">sign-in</Pill>
                {u.preset && <Pill>preset {u.preset}</Pill>}
              </div>
              <p className="small" style={{ margin: '6px 0' }}>
                Each person signs in to {u.name}
                {scopes.length ? (
                  <>
                    {' '}
                    with the scopes{' '}
                    {scopes.map((s) => (
                      <code key={s} style={{ marginRight: 4 }}>
                        {s}
                      </code>
                    ))}
                  </>
                ) : null}
                . The OAuth app’s credentials go in <code>{u.clientIdSecret}</code>
                {u.clientSecretSecret ? (
                  <>
                    {' '}
                    and <code>{u.clientSecretSecret}</code>
                  </>
                ) : null}
                {u.preset ? ' (optional if the platform provides an app).' : '.'}
              </p>
              {option && (
                <div className="row">
                  <Button
                    size="sm"
                    variant="secondary"
                    disabled={editing}
                    onClick={() => onPersonalToken(option)}
                  >
                    Use a personal token instead
                  </Button>
                  <span className="small muted">
                    One token, <code>{option.secret.name}</code>: everyone who connects acts as its owner.
                  </span>
                </div>
              )}
            </li>
          );
        })}
        {Object.values(stashes).map((stash) => (
          <li key={stash.upstream.id} data-testid={`upstream-${stash.upstream.id}`}>
            <div className="row">
              <strong>{stash.upstream.name}</strong>
              <Pill tone="warn">personal token</Pill>
            </div>
            <p className="small" style={{ margin: '6px 0' }}>
              Everyone who connects acts as the owner of <code>{stash.option.secret.name}</code>.
            </p>
            <Button
              size="sm"
              variant="secondary"
              disabled={editing}
              onClick={() => onSignIn(stash.upstream.id)}
            >
              Use {stash.upstream.name} sign-in instead
            </Button>
          </li>
        ))}
      </ul>
      {editing && <p className="small muted">Save or cancel the tool you are editing to switch.</p>}
    </Card>
  );
}

/** Server scenarios a ServerSpec cannot express (see everything-spec.ts); everything else must pass. */
export const NOT_EXPRESSIBLE = new Set([
  'completion-complete',
  'tools-call-sampling',
  'tools-call-elicitation',
  'elicitation-sep1034-defaults',
  'elicitation-sep1330-enums',
  'server-sse-polling',
  'server-sse-multiple-streams',
  'resources-read-binary',
  'resources-templates-read',
  'resources-subscribe',
  'resources-unsubscribe',
  'prompts-get-embedded-resource',
  'prompts-get-with-image',
]);

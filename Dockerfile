# Corkboard pod image: the NestJS backend, which also serves the Angular build.
# Build: docker build -t corkboard .    (docker-compose.yml does this for you)

ARG NODE_IMAGE=node:20-bookworm-slim

# --- 1. Build everything (needs the dev dependencies) -----------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV CI=true \
    NG_CLI_ANALYTICS=false \
    SCARF_ANALYTICS=false
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# --- 2. Production dependencies only ----------------------------------------
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
ENV SCARF_ANALYTICS=false
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# --- 3. Runtime --------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app
# Files stay owned by root and read-only for the app user. package.json is
# needed at runtime too: the server finds the project root (and its version) by it.
COPY package.json package-lock.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist

# The official image's unprivileged user (uid 1000).
# DATA_DIR of docker-compose: a named volume mounted here copies this owner.
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000

# Liveness only (readiness also depends on Redis). No curl in slim images: use node.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health/live',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

# The server drains on SIGTERM (readiness turns 503, SSE streams close).
STOPSIGNAL SIGTERM
CMD ["node", "dist/server/backend/src/main.js"]

# The API server and the worker share this image; docker-compose.yml picks the command.
# Stage 1 builds the studio (Vite, React, Monaco are build-time only); stage 2 runs the server.
FROM node:20-bookworm-slim AS studio
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY studio ./studio
COPY schemas ./schemas
COPY server/generated ./server/generated
COPY scripts/build-studio.ts ./scripts/
RUN npm run build

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY server ./server
COPY schemas ./schemas
COPY rules ./rules
COPY --from=studio /build/studio/dist ./studio/dist
# The data folder (the decision spool) belongs to the user the server runs as; a new named volume takes this ownership.
RUN mkdir -p /var/lib/policy-platform && chown node:node /var/lib/policy-platform
USER node
EXPOSE 3000
CMD ["node", "--import", "tsx", "server/main.ts"]

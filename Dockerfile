# The API server and the worker share this image; docker-compose.yml picks the command.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY server ./server
COPY schemas ./schemas
COPY rules ./rules
USER node
EXPOSE 3000
CMD ["node", "--import", "tsx", "server/main.ts"]

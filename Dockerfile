# syntax=docker/dockerfile:1
# Images for the API and the synth worker, on the current Node.js LTS.
#   docker build --target api -t chorus-api .
#   docker build --target worker -t chorus-worker .
#   docker build --target worker --build-arg ORT_INSTALL=cuda12 -t chorus-worker:cuda .   (GPU hosts)
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# skip: CPU only. cuda12: fetch onnxruntime's CUDA execution provider at install time.
ARG ORT_INSTALL=skip
ENV ONNXRUNTIME_NODE_INSTALL=${ORT_INSTALL}
COPY package.json package-lock.json .npmrc ./
RUN npm install --no-audit --no-fund --loglevel=error
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
RUN npm run build && npm prune --omit=dev

FROM ${NODE_IMAGE} AS runtime
RUN apt-get update \
  && apt-get install -y --no-install-recommends libespeak-ng1 espeak-ng-data tini \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production CHORUS_API_HOST=0.0.0.0 CHORUS_VOICES_DIR=/models/voices
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
USER node
ENTRYPOINT ["/usr/bin/tini", "--"]

FROM runtime AS api
EXPOSE 3000
CMD ["node", "dist/apps/api/src/main.js"]

FROM runtime AS worker
# Voices are mounted read-only at /models/voices.
CMD ["node", "dist/apps/synth-worker/src/main.js"]

# syntax=docker/dockerfile:1
# chorus images, one multi-stage build on the current Node.js LTS (24):
#   docker build --target api         -t chorus-api .
#   docker build --target worker-cpu  -t chorus-worker:cpu .
#   docker build --target worker-cuda -t chorus-worker:cuda .   (linux/amd64; NVIDIA driver >= 525 and the container toolkit)
# Voices are not baked in: mount a directory holding NAME.onnx, NAME.onnx.json and SHA256SUMS
# read-only at /models/voices; the worker's start script verifies every pinned file before it
# starts. Checked without Docker by `npm run validate:deploy` (tools/deploy/).

ARG NODE_IMAGE=node:24-bookworm-slim
# onnxruntime-node 1.30's CUDA execution provider is built for CUDA 12.x with cuDNN 9.x (any 12.x
# runtime works with it); Ubuntu 24.04 gives glibc 2.39 for Node 24 and the NuGet binaries.
ARG CUDA_IMAGE=nvidia/cuda:12.9.1-cudnn-runtime-ubuntu24.04

# ---- production node_modules, CPU execution provider only (the npm package ships it)
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV ONNXRUNTIME_NODE_INSTALL=skip
COPY package.json package-lock.json .npmrc ./
# The npm package carries onnxruntime for every OS; keep this platform's binaries only.
RUN npm install --omit=dev --no-audit --no-fund --loglevel=error \
  && keep="$(node -p 'process.platform + "/" + process.arch')" \
  && cd node_modules/onnxruntime-node/bin/napi-v6 \
  && for d in */*; do [ "$d" = "$keep" ] || rm -rf "$d"; done \
  && npm cache clean --force

# ---- the same plus onnxruntime's CUDA execution provider, fetched by onnxruntime-node's own
# install script at build time (run explicitly: npm's install-script policy may skip postinstall)
FROM deps AS deps-cuda
RUN ONNXRUNTIME_NODE_INSTALL=cuda12 node node_modules/onnxruntime-node/script/install.js \
  && test -f node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime_providers_cuda.so \
  && test -f node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime_providers_shared.so

# ---- compile the apps (dev dependencies stay in this stage)
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV ONNXRUNTIME_NODE_INSTALL=skip
COPY package.json package-lock.json .npmrc ./
RUN npm install --no-audit --no-fund --loglevel=error
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
RUN npm run build

# ---- slim Debian runtime: espeak-ng (loaded in-process by the speech runtime) and tini
FROM ${NODE_IMAGE} AS node-runtime
RUN apt-get update \
  && apt-get install -y --no-install-recommends libespeak-ng1 espeak-ng-data tini \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production CHORUS_API_HOST=0.0.0.0 CHORUS_VOICES_DIR=/models/voices

# ---- the API (the voice catalog and /v1/speech/preview read the voices too)
FROM node-runtime AS api
LABEL org.opencontainers.image.title="chorus-api" org.opencontainers.image.licenses="GPL-3.0-or-later"
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# uid 1000 is the base image's `node` user; the app's files stay root-owned and read-only to it.
USER 1000:1000
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:${CHORUS_API_PORT:-3000}/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/apps/api/src/main.js"]

# ---- a synth worker on CPU devices (DEVICES=cpu:0 or cpu:0,cpu:1)
FROM node-runtime AS worker-cpu
LABEL org.opencontainers.image.title="chorus-worker-cpu" org.opencontainers.image.licenses="GPL-3.0-or-later"
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY deploy/worker-entrypoint.sh ./deploy/
ENV DEVICES=cpu:0 CHORUS_WORKER_METRICS_PORT=9464
USER 1000:1000
EXPOSE 9464
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:${CHORUS_WORKER_METRICS_PORT:-9464}/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["deploy/worker-entrypoint.sh"]

# ---- a synth worker on one GPU: one process per GPU, the GPU the container is given is cuda:0
FROM ${CUDA_IMAGE} AS worker-cuda
LABEL org.opencontainers.image.title="chorus-worker-cuda" org.opencontainers.image.licenses="GPL-3.0-or-later"
RUN apt-get update \
  && apt-get install -y --no-install-recommends libespeak-ng1 espeak-ng-data tini \
  && rm -rf /var/lib/apt/lists/*
COPY --from=deps /usr/local/bin/node /usr/local/bin/node
WORKDIR /app
ENV NODE_ENV=production CHORUS_API_HOST=0.0.0.0 CHORUS_VOICES_DIR=/models/voices \
  DEVICES=cuda:0 CHORUS_WORKER_METRICS_PORT=9464
COPY --from=deps-cuda /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY deploy/worker-entrypoint.sh ./deploy/
# uid 1000 is the base image's `ubuntu` user.
USER 1000:1000
EXPOSE 9464
HEALTHCHECK --interval=10s --timeout=3s --start-period=120s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:${CHORUS_WORKER_METRICS_PORT:-9464}/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["deploy/worker-entrypoint.sh"]

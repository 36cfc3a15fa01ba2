#!/bin/sh
# The synth worker's start script: the command of both worker images (Dockerfile targets
# worker-cpu and worker-cuda) and how the local stack, the tests and `npm run narrate` start a
# worker. The environment is the worker's own (DEVICES, CHORUS_*; libs/config/src/config.schema.ts);
# nothing here adds a variable.
#
# 1. Preflight: the config parses, every file SHA256SUMS pins in CHORUS_VOICES_DIR has its
#    sha256 and the default voice is pinned, and a cuda:N device has onnxruntime's CUDA provider.
# 2. exec the worker, so it gets this process id and the signals (SIGTERM: finish the batch in
#    hand, commit, leave the group).
set -eu
cd "$(dirname "$0")/.."
node dist/apps/synth-worker/src/preflight.js
exec node dist/apps/synth-worker/src/main.js "$@"

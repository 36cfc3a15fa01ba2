#!/usr/bin/env node
// The `chorus` command: runs tools/cli/chorus.ts through tsx (installed with the repository),
// so it works right after `npm install`, without a build.
'use strict';
require('tsx/cjs/api').register();
require('../tools/cli/chorus.ts');

import { loadConfig, type ChorusConfig } from '@chorus/config';
import { resolve } from 'node:path';

/** Where the local stack keeps everything: one git-ignored folder. */
export interface StackContext {
  config: ChorusConfig;
  root: string;
  dir: (...parts: string[]) => string;
  logFile: (service: string) => string;
  pidFile: (service: string) => string;
  /** Files of ours that the stack reads (pom, templates, lock files). */
  asset: (...parts: string[]) => string;
  repo: string;
}

export function stackContext(): StackContext {
  const config = loadConfig();
  const repo = resolve(__dirname, '../..');
  const root = resolve(repo, config.stackDir);
  return {
    config,
    root,
    repo,
    dir: (...parts) => resolve(root, ...parts),
    logFile: (service) => resolve(root, 'logs', `${service}.log`),
    pidFile: (service) => resolve(root, 'run', `${service}.pid`),
    asset: (...parts) => resolve(__dirname, ...parts),
  };
}

/** One piece of the local stack. Every method is idempotent. */
export interface StackService {
  readonly name: string;
  /** Provisioned only when named (`npm run stack -- up asr`). */
  readonly optional?: boolean;
  /** Installs what is missing; quiet unless it fails. */
  provision(): Promise<void>;
  /** Starts the process if it is not running and waits until it is really ready. */
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): Promise<ServiceStatus>;
}

export interface ServiceStatus {
  name: string;
  state: 'ready' | 'running' | 'stopped' | 'provisioned' | 'missing';
  where: string;
}

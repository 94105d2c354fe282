// The fresh clone the README commands run in: `git clone` of this repository into a temporary
// folder, plus the working tree's uncommitted changes (tracked files and new, not ignored, ones),
// so what is about to be committed is what gets checked; in CI there are none. Then `npm ci`.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Variables of the outer run that must not reach the commands: a reader's shell has none of them. */
const OUTER_ONLY = /^(LUCO_|npm_|VITEST|FORCE_COLOR$|NODE_ENV$|NODE_OPTIONS$|INIT_CWD$|TEST$|XDG_|COLOR$)/;

/**
 * The environment every command gets: the machine's, without LUCO_* (the READMEs say which to
 * set), npm's script variables or the test runner's, with a home folder of its own (luco's config
 * and queue, npm's defaults) and npm pointed at the cache and configuration the outer install used.
 */
export function commandEnv({ home }) {
  const env = {};
  for (const [name, value] of Object.entries(process.env)) if (!OUTER_ONLY.test(name) && value !== undefined) env[name] = value;
  return {
    ...env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
    NO_COLOR: '1',
    npm_config_cache: process.env.npm_config_cache || join(homedir(), '.npm'),
    npm_config_userconfig: process.env.npm_config_userconfig || join(homedir(), '.npmrc'),
    npm_config_prefer_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
}

/** Clones `repo` into a new temporary folder and applies its uncommitted changes; returns the paths. */
export function cloneRepository(repo) {
  const root = mkdtempSync(join(tmpdir(), 'lucots-readme-'));
  const clone = join(root, 'lucots');
  execFileSync('git', ['clone', '--quiet', '--no-hardlinks', repo, clone], { stdio: ['ignore', 'ignore', 'pipe'] });
  const changed = [...new Set([...git(repo, ['diff', '--name-only', '-z', 'HEAD']), ...git(repo, ['ls-files', '-z', '--others', '--exclude-standard'])])];
  for (const file of changed) {
    const from = join(repo, file);
    const to = join(clone, file);
    if (existsSync(from)) {
      mkdirSync(dirname(to), { recursive: true });
      copyFileSync(from, to);
    } else {
      rmSync(to, { force: true });
    }
  }
  const home = join(root, 'home');
  const work = join(root, 'work');
  mkdirSync(home, { recursive: true });
  mkdirSync(work, { recursive: true });
  return { root, clone, home, work, uncommitted: changed };
}

/** File names git prints, NUL-separated. */
function git(repo, args) {
  return execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8' }).split('\0').filter(Boolean);
}

/**
 * better-sqlite3 compiles from source when its prebuilt binary cannot be downloaded, which takes
 * minutes on two cores. The outer install built the same version for this Node already: handed to
 * its installer as a local prebuild (prebuild-install's own option), the clone's `npm ci` runs
 * the same install script and skips the compile. Returns the variable that hands it over (for
 * `npm ci` only: npm warns about it on every other command), or nothing when there is none.
 */
export function localPrebuildEnv(repo, folder) {
  const pkg = join(repo, 'node_modules', 'better-sqlite3');
  const binary = join(pkg, 'build', 'Release', 'better_sqlite3.node');
  if (!existsSync(binary)) return {};
  const { version } = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));
  const stage = join(folder, 'stage');
  mkdirSync(join(stage, 'build', 'Release'), { recursive: true });
  copyFileSync(binary, join(stage, 'build', 'Release', 'better_sqlite3.node'));
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  const made = spawnSync('tar', ['-czf', join(folder, name), '-C', stage, 'build']);
  if (made.status !== 0) return {};
  // prebuild-install wants to read and write it.
  chmodSync(join(folder, name), 0o644);
  return { npm_config_better_sqlite3_local_prebuilds: folder };
}

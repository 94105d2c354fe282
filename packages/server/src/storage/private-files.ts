import { chmodSync, closeSync, constants, fchmodSync, fsyncSync, mkdirSync, openSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';

/** Owner read/write only: the database, its -wal/-shm files, the key file, the admin credentials. */
export const PRIVATE_FILE_MODE = 0o600;
/** Owner only: folders luco-server creates for those files. */
export const PRIVATE_FOLDER_MODE = 0o700;
/** The default data folder (`./.luco`) is luco-server's own, so an existing one is tightened too. */
const OWN_FOLDER_NAME = '.luco';
/** The sticky bit: in such a folder (like /tmp) only a file's owner may rename or delete it. */
const STICKY = 0o1000;

export type Warn = (message: string) => void;

const octal = (mode: number) => `0${(mode & 0o777).toString(8)}`;

function ownedByUs(stats: Stats): boolean {
  // Without uids (Windows) ownership cannot be told; modes mean little there anyway.
  return typeof process.getuid !== 'function' || stats.uid === process.getuid();
}

function statIfExists(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Makes `folder` exist. Folders created here are 0700 whatever the umask; an existing `.luco`
 * folder of ours is tightened to 0700. Any other existing folder (it may be shared, e.g. the
 * working directory) is left as it is: the files in it are 0600 on their own. A warning is given
 * only when group or others may write into it (they could replace or delete the files).
 */
export function preparePrivateFolder(folder: string, warn: Warn): void {
  const firstCreated = mkdirSync(folder, { recursive: true, mode: PRIVATE_FOLDER_MODE });
  if (firstCreated !== undefined) {
    // Every level from the first created folder down to `folder` is new, hence ours.
    const levels = relative(firstCreated, folder).split(sep).filter(Boolean);
    let path = firstCreated;
    chmodSync(path, PRIVATE_FOLDER_MODE);
    for (const level of levels) chmodSync((path = join(path, level)), PRIVATE_FOLDER_MODE);
    return;
  }
  const stats = statSync(folder);
  if (!stats.isDirectory()) return;
  if ((stats.mode & 0o077) !== 0 && basename(folder) === OWN_FOLDER_NAME && ownedByUs(stats)) {
    chmodSync(folder, PRIVATE_FOLDER_MODE);
    return;
  }
  const othersMayWrite = (stats.mode & 0o022) !== 0 && (stats.mode & STICKY) === 0;
  if (othersMayWrite) warn(`folder ${folder} is writable by group or others (mode ${octal(stats.mode)}): they could replace the database or key files in it; make it 0700`);
}

/**
 * Makes sure the file at `path` (if it exists) is no more open than 0600: tightened when it is
 * ours, a warning when it is not (we cannot chmod it; its owner should). True when it exists.
 */
export function tightenPrivateFile(path: string, warn: Warn): boolean {
  const stats = statIfExists(path);
  if (stats === undefined) return false;
  if ((stats.mode & 0o077) === 0) return true;
  if (ownedByUs(stats)) {
    try {
      chmodSync(path, PRIVATE_FILE_MODE);
      warn(`tightened ${path} from mode ${octal(stats.mode)} to 0600: it holds secrets`);
    } catch (error) {
      // e.g. a read-only mount of a secret: say so, but it is not ours to fix here.
      warn(`${path} is readable by group or others (mode ${octal(stats.mode)}) and could not be made 0600: ${(error as Error).message}`);
    }
  } else {
    warn(`${path} is readable by group or others (mode ${octal(stats.mode)}) and owned by uid ${stats.uid}, not by this process: its owner should make it 0600`);
  }
  return true;
}

/** Creates `path` empty with mode 0600 when it does not exist, else tightens it. */
export function preparePrivateFile(path: string, warn: Warn): void {
  try {
    closeSync(openSync(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, PRIVATE_FILE_MODE));
    // The umask can only remove bits, but be explicit: the mode is the point.
    chmodSync(path, PRIVATE_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    tightenPrivateFile(path, warn);
  }
}

/**
 * Writes a new file with mode 0600 and makes it durable; never replaces one: when `path` exists
 * this throws EEXIST (O_EXCL) and leaves it as it is.
 */
export function createPrivateFile(path: string, content: string): void {
  const fd = openSync(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, PRIVATE_FILE_MODE);
  try {
    fchmodSync(fd, PRIVATE_FILE_MODE);
    writeFileSync(fd, content);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    // A half-written file of ours would pass for a complete one.
    rmSync(path, { force: true });
    throw error;
  }
  closeSync(fd);
}

/** A stderr warning, for callers without a logger yet. */
export const warnOnStderr: Warn = (message) => process.stderr.write(`luco-server: warning: ${message}\n`);

// Finds what a reader of the READMEs would run: every command of the fenced shell blocks
// (sh, bash, shell, console) and every TypeScript snippet (ts blocks), as written, with where it is.
// Other blocks (json, jsonl, diagrams) hold no commands.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const SHELL = new Set(['sh', 'bash', 'shell', 'zsh']);
const CONSOLE = new Set(['console', 'shell-session']);
const TYPESCRIPT = new Set(['ts', 'typescript']);

/**
 * The READMEs whose commands are checked, in the order they are run: the root README first (the
 * newcomer's path), then each package's. docs/ is not among them: its commands are for production
 * machines (deployment.md) or take a quarter of an hour (benchmarks.md).
 */
export function readmeFiles(root) {
  const packages = existsSync(join(root, 'packages')) ? readdirSync(join(root, 'packages')).sort() : [];
  return ['README.md', ...packages.map((name) => `packages/${name}/README.md`)].filter((file) => existsSync(join(root, file)));
}

/** Every item of every README under `root`, in run order. */
export function extractAll(root) {
  return readmeFiles(root).flatMap((file) => extractItems(readFileSync(join(root, file), 'utf8'), file));
}

/**
 * The items of one Markdown text:
 * - `command`: one shell command (continuation lines, open quotes and trailing pipes joined);
 * - `script`: a whole shell block that starts with `#!`, run as one script;
 * - `snippet`: a whole TypeScript block.
 * Each has `readme`, `line` (1-based, where it starts), `block` (the block's index in the file),
 * `text` (as written) and `key` (the text without comments and with its whitespace collapsed).
 */
export function extractItems(markdown, readme) {
  const items = [];
  blocks(markdown).forEach((block, index) => {
    const base = { readme, block: index };
    if (TYPESCRIPT.has(block.lang)) {
      items.push({ ...base, kind: 'snippet', line: block.line, text: block.body, key: block.body.trim() });
    } else if (SHELL.has(block.lang) && block.body.startsWith('#!')) {
      items.push({ ...base, kind: 'script', line: block.line, text: block.body, key: block.body.trim() });
    } else if (SHELL.has(block.lang)) {
      for (const command of splitCommands(block.body)) items.push({ ...base, kind: 'command', line: block.line + command.line, text: command.text, key: command.key });
    } else if (CONSOLE.has(block.lang)) {
      block.body.split('\n').forEach((text, offset) => {
        const match = /^\$ (.+)$/.exec(text);
        if (match) for (const command of splitCommands(match[1])) items.push({ ...base, kind: 'command', line: block.line + offset, text: command.text, key: command.key });
      });
    }
  });
  return items;
}

/** Fenced code blocks: the language, the body, and the line of the body's first line. */
export function blocks(markdown) {
  const lines = markdown.split('\n');
  const found = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^ {0,3}(`{3,}|~{3,})\s*([\w+-]*)/.exec(lines[i]);
    if (!open) continue;
    const fence = open[1];
    const body = [];
    let j = i + 1;
    while (j < lines.length && !(lines[j].trim().startsWith(fence[0].repeat(fence.length)) && lines[j].trim().replace(new RegExp(`^\\${fence[0]}+`), '') === '')) body.push(lines[j++]);
    found.push({ lang: open[2].toLowerCase(), body: body.join('\n'), line: i + 2 });
    i = j;
  }
  return found;
}

/**
 * Splits a shell block into commands. A command goes on past the end of a line while a quote,
 * `$(`, `(` or `{` is open, when the line ends with `\`, or when it ends with `|`, `&&` or `||`.
 * Comment lines are dropped; a trailing comment stays in the text (bash ignores it) and leaves
 * the key. `line` is the command's first line, 0-based within the block.
 */
export function splitCommands(body) {
  const commands = [];
  let text = '';
  let key = '';
  let startLine = 0;
  let line = 0;
  // Open constructs: "'" single quote, '"' double quote, '(' subshell or $(, '{' brace group.
  const stack = [];
  let comment = false;
  const top = () => stack[stack.length - 1];

  const finish = () => {
    const trimmedKey = key.replace(/\s+/g, ' ').trim();
    if (trimmedKey) commands.push({ text: text.trim(), key: trimmedKey, line: startLine });
    text = '';
    key = '';
  };

  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\n') {
      comment = false;
      // The key holds no comments, so a `|` or `\` in a comment does not continue the command.
      const continued = stack.length > 0 || /(\\|\||&&)\s*$/.test(key);
      line++;
      if (continued) {
        key = stack.length === 0 && /\\\s*$/.test(key) ? `${key.replace(/\\\s*$/, '')} ` : `${key} `;
        text += '\n';
      } else {
        finish();
        startLine = line;
      }
      continue;
    }
    if (!text.trim() && /\s/.test(c)) continue;
    if (!text.trim()) startLine = line;
    text += c;
    if (comment) continue;
    if (top() === "'") {
      key += c;
      if (c === "'") stack.pop();
      continue;
    }
    if (c === '\\' && i + 1 < body.length && body[i + 1] !== '\n') {
      key += c + body[i + 1];
      text += body[++i];
      continue;
    }
    if (top() === '"') {
      key += c;
      if (c === '"') stack.pop();
      else if (c === '$' && body[i + 1] === '(') {
        key += '(';
        text += '(';
        i++;
        stack.push('(');
      }
      continue;
    }
    if (c === '#' && (key === '' || /[\s;|&(]$/.test(key))) {
      comment = true;
      continue;
    }
    key += c;
    if (c === "'" || c === '"') stack.push(c);
    else if (c === '(') stack.push('(');
    else if (c === ')' && top() === '(') stack.pop();
    else if (c === '{' && /(^|\s)$/.test(key.slice(0, -1)) && /\s/.test(body[i + 1] ?? '')) stack.push('{');
    else if (c === '}' && top() === '{') stack.pop();
  }
  finish();
  return commands;
}

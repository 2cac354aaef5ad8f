// `--ref GIT_REF`: a checkout of another commit (e.g. today's main) measured side by side with this one.
// The checkout is `git archive` of the commit unpacked in the temp directory (nothing is added to this
// repository's worktree list), installed with `npm ci`; it is kept, by commit, for the next run.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../shared/src/subgraphs';

export interface RefCheckout { ref: string; commit: string; root: string }

/** Resolves `ref` to a commit and returns an installed checkout of it (made once per commit). */
export function checkoutRef(ref: string): RefCheckout {
  const commit = execFileSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  const root = join(tmpdir(), `cg-bench-ref-${commit.slice(0, 12)}`);
  const ready = join(root, '.bench-installed');
  if (existsSync(ready)) return { ref, commit, root };
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  process.stderr.write(`checking out ${ref} (${commit.slice(0, 12)}) in ${root} and installing it (npm ci)...\n`);
  const archive = execFileSync('git', ['archive', '--format=tar', commit], { cwd: REPO_ROOT, maxBuffer: 1 << 30 });
  execFileSync('tar', ['-x', '-C', root], { input: archive });
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  writeFileSync(ready, `${commit}\n`);
  return { ref, commit, root };
}

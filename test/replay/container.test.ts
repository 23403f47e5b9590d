// --container: every command goes through `docker exec`. No Docker engine here: a stand-in `docker`
// first on PATH records the arguments it gets and runs the command in a folder standing in for the
// container (the run's /testbed paths point there).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  autoFromDiagnosis,
  copyProject,
  fakeCommandBin,
  fixingAgent,
  replayCli,
  replayHarnessPerTest,
  snapshot,
} from './setup.js';

const startHarness = replayHarnessPerTest();

const FAKE_DOCKER = `#!/bin/sh
# Stand-in for docker: record the argv (fields separated by 0x1f, one call a line), then run "exec"
# locally with /testbed mapped onto $FAKE_CONTAINER_ROOT.
for a in "$@"; do printf '%s\\037' "$a"; done >> "$DOCKER_LOG"
printf '\\n' >> "$DOCKER_LOG"
[ "$1" = exec ] || exit 125
shift
while :; do
  case "$1" in
    -i) shift ;;
    -w) shift 2 ;;
    *) break ;;
  esac
done
shift
cd "$FAKE_CONTAINER_ROOT" || exit 126
for a in "$@"; do
  set -- "$@" "$(printf '%s' "$a" | sed "s#/testbed#$FAKE_CONTAINER_ROOT#g")"
  shift
done
exec "$@"
`;

describe('replay --container', () => {
  it('runs restore, agent and verify commands through docker exec -w, nothing on the host', async () => {
    const h = await startHarness(fixingAgent());
    const bin = fakeCommandBin(h, 'fake-bin', 'docker', FAKE_DOCKER);
    const root = copyProject(h, 'container-testbed');
    const log = path.join(h.tmp, 'docker.log');
    const runBefore = snapshot(h.run);
    const r = await replayCli(
      h,
      [
        ...autoFromDiagnosis(h),
        '--container',
        'box1',
        '--workdir',
        '/testbed',
        '--verify',
        'sh test.sh',
        '--yes',
      ],
      { PATH: `${bin}:${process.env.PATH}`, DOCKER_LOG: log, FAKE_CONTAINER_ROOT: root },
    );
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.stdout).toContain('environment: container box1 (in /testbed) via docker exec');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^success/m);
    const calls = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split('\x1f').slice(0, -1));
    // Restore: read and write VERSION (step 3's edit), then step 4's command (--yes).
    expect(calls[0]).toEqual(['exec', '-w', '/testbed', 'box1', 'cat', '--', '/testbed/VERSION']);
    expect(calls[1].slice(0, 4)).toEqual(['exec', '-i', '-w', '/testbed']);
    expect(calls[1].at(-1)).toBe('/testbed/VERSION');
    expect(calls[2]).toEqual([
      'exec',
      '-w',
      '/testbed',
      'box1',
      'sh',
      '-lc',
      'mkdir -p /testbed/build && touch /testbed/build/stamp',
    ]);
    // The agent's two shell commands and the verification.
    expect(calls.slice(3)).toEqual([
      ['exec', '-w', '/testbed', 'box1', 'sh', '-lc', 'cat greet.sh VERSION'],
      ['exec', '-w', '/testbed', 'box1', 'sh', '-lc', "sed -i 's/Helo/Hello/' greet.sh && sh test.sh"],
      ['exec', '-w', '/testbed', 'box1', 'sh', '-lc', 'sh test.sh'],
    ]);
    expect(readFileSync(path.join(root, 'VERSION'), 'utf8')).toBe('1.1\n');
    expect(readFileSync(path.join(root, 'build', 'stamp'), 'utf8')).toBe('');
    expect(snapshot(h.run)).toEqual(runBefore);
  });
});

/** Child process of hostile-packages.test.ts: `affix proof verify PKG --json` with no workspace, then its peak RSS. */
import { runCli } from '../../../../main/cli/run-cli';
import { reportPeak } from '../../../support/bounded-child';

const [pkg, home] = process.argv.slice(2);
const out: string[] = [];
const err: string[] = [];
void runCli(['proof', 'verify', pkg, '--home', home, '--json'], {
  out: (t) => out.push(t),
  err: (t) => err.push(t),
  env: { ...process.env, AFFIX_HOME: '' },
}).then((status) => {
  process.stdout.write(JSON.stringify({ status, stdout: out.join('\n'), stderr: err.join('\n') }));
  reportPeak();
});

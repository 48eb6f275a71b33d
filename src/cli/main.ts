/** The `infobj` command line: train, explain, check, gen, estimate (DESIGN: contracts); the commands are in commands.ts. */
import { runCli } from './commands.ts';

const code = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  signals: true,
  tty: process.stderr.isTTY ? process.stderr : undefined,
});
process.exit(code);

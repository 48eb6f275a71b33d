/** The `infobj` command line: train, explain, check, gen (DESIGN: contracts); the commands are in commands.ts. */
import { runCli } from './commands.ts';

const code = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  signals: true,
});
process.exit(code);

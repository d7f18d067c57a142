/** Entry point of `dist/cli.js` (the package's `stagecraft` bin). */
import { main } from './cli/main';
import './cli/check';
import './cli/estimate';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`stagecraft: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);

// `npm run web`: Likeness in a browser. Starts the application service and the web host on 127.0.0.1 and prints
// exactly one line, `Likeness web host on http://127.0.0.1:PORT/?token=TOKEN`, once listening (the e2e tests read
// the address from it). The token is random for each run unless LIKENESS_WEB_TOKEN chooses it (auth.ts); there is
// no way to turn it off. Options: --port N (0 = any free port; default 5178), --data-dir DIR, --models-dir DIR
// (default LIKENESS_MODELS_DIR, else <data dir>/models), --renderer-dir DIR (default dist/renderer).
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { LikenessService } from '../engine/service';
import { appRoot } from '../engine/paths';
import { tokenFromEnv } from './auth';
import { MEDIA_PREFIX, startHost } from './server';

export const DEFAULT_PORT = 5178;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'models-dir': { type: 'string' },
      'renderer-dir': { type: 'string' },
    },
    strict: true,
  });
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535, got ${values.port}`);
  const token = tokenFromEnv(process.env);
  const service = new LikenessService({
    dataDir: values['data-dir'],
    modelsDir: values['models-dir'],
    transport: 'web',
    mediaUrl: (p) => `${MEDIA_PREFIX}${p}`,
  });
  const host = await startHost({ service, port, token, rendererDir: path.resolve(values['renderer-dir'] ?? path.join(appRoot(), 'dist', 'renderer')) });
  process.stdout.write(`Likeness web host on ${host.url}\n`);
  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    service.close();
    void host.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`likeness web: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

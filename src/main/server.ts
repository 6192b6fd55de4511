/**
 * `npm start`: the whole service from the environment (see .env.example). Embedded storage and the example
 * school unless configured otherwise; a clear message and exit code 1 on a wrong configuration.
 */
import { parseEnv } from '../config/env';
import { isSchoolgateError } from '../errors';
import { installGracefulShutdown } from '../server/shutdown';
import { composeSchoolgate } from './compose';
import { workflowPorts } from './workflow';

const env = parseEnv();
if (!env.ok) {
  console.error(`Schoolgate cannot start.\n${env.error.message}`);
  process.exit(1);
}
try {
  const sg = await composeSchoolgate(env.value, { workflow: workflowPorts });
  installGracefulShutdown(sg.app, {
    onClose: [
      { name: 'ingest', close: () => sg.ingest.close() },
      { name: 'queue', close: () => sg.queue.stop(10_000) },
      { name: 'database', close: () => sg.store.close() },
    ],
  });
  const address = await sg.app.listen({ port: env.value.PORT, host: env.value.HOST });
  sg.app.log.info(
    { address, storage: sg.store.kind, schools: [...sg.schools.keys()] },
    `Schoolgate is listening on ${address} (${sg.store.kind === 'pglite' ? `embedded storage in ${env.value.dataDir}` : 'PostgreSQL'})`,
  );
} catch (e) {
  console.error(`Schoolgate cannot start.\n${isSchoolgateError(e) ? e.message : ((e as Error).stack ?? String(e))}`);
  process.exit(1);
}

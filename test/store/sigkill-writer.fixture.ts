// Child process for the durability test: opens the store in a data folder and commits one message per
// transaction, printing each id only after its commit returned. The test SIGKILLs it mid-stream.
import { randomUUID } from 'node:crypto';
import { openStore } from '../../src/store/open';
import { messages, schools } from '../../src/store/schema';

const store = await openStore({ dataDir: process.argv[2]! });
await store.db.insert(schools).values({ id: 'k', name: 'Kill test' }).onConflictDoNothing();
process.stdout.write('ready\n');
for (let i = 0; ; i++) {
  const id = randomUUID();
  await store.transaction(async (tx) => {
    await tx.insert(messages).values({ id, schoolId: 'k', direction: 'inbound', channel: 'sms', providerMessageId: `SMkill${i}`, fromAddress: '+447700900001', toAddress: '+447700900002', body: `n${i}`, receivedAt: new Date().toISOString(), status: 'received' });
  });
  process.stdout.write(`${id}\n`);
}

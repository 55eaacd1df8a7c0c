// A counter's recorder in its own process, driven over stdin/stdout with JSON lines, so a test
// can kill it with SIGKILL mid-service (a crash or power cut) and start it again.
// Run: node --import ./tests/support/tsLoader.mjs tests/support/recorderChild.ts '<options json>'
import { createInterface } from 'node:readline';
import { CounterRecorder } from '../../server/recording/counterRecorder.js';
import type { CounterRecorderOptions, RecordingMeta } from '../../server/recording/counterRecorder.js';

type Command = { type: 'begin'; meta: RecordingMeta } | { type: 'end' } | { type: 'close' };

const send = (msg: unknown) => process.stdout.write(`${JSON.stringify(msg)}\n`);

const opts = JSON.parse(process.argv[2] ?? '{}') as Pick<CounterRecorderOptions, 'dir' | 'counter' | 'settings' | 'env' | 'device'>;
const recorder = await CounterRecorder.open(opts);
send({ type: 'repaired', recordings: recorder.repaired() });
recorder.onState((state) => send({ type: 'state', state }));
recorder.start();

for await (const line of createInterface({ input: process.stdin })) {
  const cmd = JSON.parse(line) as Command;
  if (cmd.type === 'begin') {
    recorder.beginService(cmd.meta);
    send({ type: 'begun', at: Date.now() });
  } else if (cmd.type === 'end') {
    send({ type: 'ended', recording: await recorder.endService() });
  } else {
    await recorder.close();
    send({ type: 'closed' });
    process.exit(0);
  }
}

// `npm run demo`: runs invitectl against the in-process sandbox, seeded so that the unmodified
// invites.example.yaml shows every kind of change. Nothing leaves 127.0.0.1.
import { styleText } from 'node:util';
import { main } from '../src/cli.ts';
import { demoSeed } from '../src/emulators/demo-seed.ts';
import { EMULATORS } from '../src/emulators/registry.ts';
import { startSandbox } from '../src/emulators/sandbox.ts';

const sandbox = await startSandbox({ seed: demoSeed() });
// The sandbox's URLs and keys win over anything in the environment: the demo never reaches a real API.
const io = { stdout: process.stdout, stderr: process.stderr, env: { ...process.env, ...sandbox.env }, cwd: process.cwd() };

async function step(title: string, argv: string[]): Promise<number> {
  process.stderr.write(`\n${styleText('bold', `$ invitectl ${argv.join(' ')}`, { stream: process.stderr })}   ${styleText('dim', `# ${title}`, { stream: process.stderr })}\n\n`);
  return main(argv, io);
}

let code = 0;
try {
  process.stderr.write(`Sandbox: ${EMULATORS.map((emulator, index) => `${emulator.title} at ${sandbox.servers[index]!.url}`).join(', ')}\n`);
  code = await step('what would change', ['plan', '-c', 'invites.example.yaml']);
  if (code === 0) code = await step('make it so', ['apply', '-c', 'invites.example.yaml', '--yes']);
  if (code === 0) code = await step('nothing left to do', ['plan', '-c', 'invites.example.yaml', '--detailed-exitcode']);
} finally {
  await sandbox.close();
}
process.exitCode = code;

// One service of the dev stack under supervision: `node --import tsx ops/stack/supervise.ts <name> <entry>`.
// A crashed service comes back (1 s, 2 s, 4 s ... 30 s between restarts); SIGTERM stops both.
import { supervise } from '@saas/stack';

const [name, entry] = process.argv.slice(2);
if (!name || !entry) {
  console.error('usage: supervise.ts <service name> <entry point>');
  process.exit(2);
}
supervise({ name, entry }).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

#!/usr/bin/env node
// `helseid-desktop` (npm bin): runs the command-line front end, src/main/cli/main.ts, on the Node
// that runs this file. Plain JavaScript so that an old Node can still say what is wrong: the
// TypeScript sources need Node 24 (type stripping), which `npx`/`npm run` put first on PATH from
// node_modules/.bin.
const REQUIRED_MAJOR = 24;
const major = Number(process.versions.node.split('.')[0]);
if (!(major >= REQUIRED_MAJOR)) {
  process.stderr.write(
    `helseid-desktop needs Node ${REQUIRED_MAJOR} or newer, but this is Node ${process.versions.node} (${process.execPath}). ` +
      "Run it from the project with `npx helseid-desktop …` (the project's Node 24 from node_modules/.bin comes first on PATH).\n",
  );
  process.exit(1);
}
const { main } = await import('../src/main/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));

// A browser bundle of the installed package (esbuild, platform browser, no plugins): `info-objectives` under the
// `browser` condition and `info-objectives/core` must bundle without reaching a Node built-in.
// Usage: node browser-bundle.mjs <path to esbuild's main module> (the repository's esbuild).
const esbuild = await import(process.argv[2]);
let failed = false;
for (const entry of ['info-objectives', 'info-objectives/core']) {
  const contents = `import * as m from '${entry}'; console.log(Object.keys(m).length);`;
  try {
    const r = await esbuild.build({
      stdin: { contents, resolveDir: process.cwd() },
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
      metafile: true,
    });
    const node = Object.keys(r.metafile.inputs).filter(
      (i) => i.startsWith('node:') || /info-objectives\/dist\/(spec\/|cli\/|data\/mnist\.js|data\/files\.js)/.test(i),
    );
    console.log(
      `  ${entry}: ${(r.outputFiles[0].contents.length / 1e6).toFixed(1)} MB${node.length ? `, reaches ${node}` : ''}`,
    );
    if (node.length) failed = true;
  } catch (e) {
    console.log(`  ${entry}: ${e.errors?.map((x) => x.text).join('; ') ?? e}`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);

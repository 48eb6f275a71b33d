#!/usr/bin/env bash
# The package as its users get it: pack the tarball (prepare builds dist/), check what it carries, install it into a
# scratch app and run there a plain Node ESM import, a browser bundle of the core, a strict NodeNext tsc of a TypeScript
# consumer (first without vitest installed, then the vitest test files with it), a vitest test using the matcher, and
# the `infobj` bin.
# Usage: bash test/package/pack-install.sh [SCRATCH_DIR]   (run by .ci/run)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
APP_SRC="$ROOT/test/package/app"
WORK="${1:-$(mktemp -d)}"
mkdir -p "$WORK"
fail() { echo "pack-install: FAIL: $*" >&2; exit 1; }
version_of() { node -p "require('$ROOT/node_modules/$1/package.json').version"; }

echo "pack-install: packing into $WORK"
(cd "$ROOT" && npm pack --silent --pack-destination "$WORK" >"$WORK/pack.out")
TGZ="$WORK/$(tail -n1 "$WORK/pack.out")"
[ -f "$TGZ" ] || fail "no tarball ($(cat "$WORK/pack.out"))"
tar -tzf "$TGZ" >"$WORK/contents.txt"
echo "pack-install: $(wc -l <"$WORK/contents.txt") files, $(du -k "$TGZ" | cut -f1) kB"
for must in package/dist/index.js package/dist/index.d.ts package/dist/core.js package/dist/vitest.d.ts \
  package/dist/cli/main.js package/bin/infobj.mjs package/native/build.mjs package/specs/dms-moons.yaml; do
  grep -qx "$must" "$WORK/contents.txt" || fail "the tarball lacks $must"
done
NOT_SHIPPED="$(grep -E '^package/(src|test|bench|\.ci|scripts|examples|playground)/' "$WORK/contents.txt" || true)"
[ -z "$NOT_SHIPPED" ] || fail "the tarball carries files it must not: $(echo "$NOT_SHIPPED" | head -3 | tr '\n' ' ')"
TS_SOURCES="$(grep -E '\.ts$' "$WORK/contents.txt" | grep -v '\.d\.ts$' || true)"
[ -z "$TS_SOURCES" ] || fail "the tarball carries TypeScript sources: $(echo "$TS_SOURCES" | head -3 | tr '\n' ' ')"

APP="$WORK/app"
rm -rf "$APP" && mkdir -p "$APP"
for f in app.mjs browser-bundle.mjs app.ts tsconfig.json tsconfig.test.json equiv.spec.ts setup.ts vitest.config.mjs; do
  cp "$APP_SRC/$f" "$APP"
done
cat >"$APP/package.json" <<JSON
{ "name": "scratch-app", "private": true, "type": "module" }
JSON
cd "$APP"
echo "pack-install: npm install the tarball (no vitest yet)"
npm install --no-audit --no-fund --prefer-offline "$TGZ" "typescript@$(version_of typescript)" \
  "@types/node@$(version_of @types/node)" >"$WORK/install.log" 2>&1 ||
  { tail -20 "$WORK/install.log"; fail "npm install"; }
[ ! -e node_modules/vitest ] || fail "vitest was installed with the package (it must be an optional peer)"
[ ! -e node_modules/tsx ] || fail "tsx was installed with the package (the dist needs no loader)"

echo "pack-install: node app.mjs"
node app.mjs >"$WORK/app.out" 2>&1 || { cat "$WORK/app.out"; fail "node app.mjs"; }
cat "$WORK/app.out"
grep -q '^objective: max I(X;Z)$' "$WORK/app.out" || fail "app.mjs did not print the objective"
grep -q 'equivalent: true' "$WORK/app.out" || fail "app.mjs did not print the equivalence"
grep -q '^gcmi: dependent$' "$WORK/app.out" || fail "app.mjs did not estimate I(X;Y) with gcmi ($(grep gcmi "$WORK/app.out"))"

echo "pack-install: node -e import('info-objectives')"
COUNT="$(node -e "import('info-objectives').then(m => console.log(Object.keys(m).length))")"
[ "$COUNT" -gt 50 ] || fail "import('info-objectives') has $COUNT exports"
echo "  $COUNT exports"

echo "pack-install: a browser bundle of the package (esbuild, platform browser)"
node browser-bundle.mjs "$ROOT/node_modules/esbuild/lib/main.js" || fail "the core does not bundle for a browser"

echo "pack-install: strict NodeNext tsc of app.ts (no vitest installed)"
npx tsc -p tsconfig.json || fail "tsc of the consumer"
# Without skipLibCheck every declaration file is checked: tfjs's own fail under strict (not ours to fix); no error may
# name another file, in particular none of this package's.
npx tsc -p tsconfig.json --skipLibCheck false >"$WORK/tsc-libcheck.out" 2>&1 || true
OURS="$(grep 'error TS' "$WORK/tsc-libcheck.out" | grep -v '^node_modules/@tensorflow/' || true)"
[ -z "$OURS" ] || { echo "$OURS"; fail "declaration errors outside tfjs"; }
echo "  declaration files: $(grep -c 'error TS' "$WORK/tsc-libcheck.out" || true) errors, all in tfjs's own"

echo "pack-install: npx infobj --help / --version / explain"
npx infobj --help | grep -q 'Usage: infobj' || fail "infobj --help"
[ "$(npx infobj --version)" = "$(node -p "require('$ROOT/package.json').version")" ] || fail "infobj --version"
npx infobj explain node_modules/info-objectives/specs/dms-moons.yaml | grep -q 'Theorem 2' || fail "infobj explain"

echo "pack-install: npx infobj gen --target pytorch (the program's runtime is in the package; python parses it)"
npx infobj gen --target pytorch node_modules/info-objectives/specs/iic-moons.yaml --data-dir pytorch-data >train.py 2>/dev/null ||
  fail "infobj gen --target pytorch"
[ -f pytorch-data/init/Phi.npy ] || fail "gen --target pytorch: the initial weights"
python3 -c 'import ast, sys; ast.parse(open("train.py").read())' || fail "the generated program is not Python"

echo "pack-install: vitest with the matcher"
npm install --no-audit --no-fund --prefer-offline "vitest@$(version_of vitest)" >>"$WORK/install.log" 2>&1 ||
  { tail -20 "$WORK/install.log"; fail "npm install vitest"; }
npx tsc -p tsconfig.test.json || fail "tsc of the vitest test and setup file"
npx vitest run --config vitest.config.mjs || fail "vitest with the matcher"
echo "pack-install: OK"

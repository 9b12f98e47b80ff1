#!/usr/bin/env bash
# Packs the MCP bundle (default dist/snowops.mcpb): the esbuild bundle and its starter (the code
# cache stays out: it holds only for the Node that wrote it), manifest.json and the
# run-time folders of its external dependencies (better-sqlite3, built for this platform, and
# snowflake-sdk); then unpacks it to a temporary folder, starts the unpacked server as a client
# would and lists its tools. Slow (it copies and zips ~150 MB), so CI runs it, not `npm test`.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-dist/snowops.mcpb}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

node scripts/bundle.mjs
npx mcpb validate manifest.json

stage=$work/stage
mkdir -p "$stage/dist"
cp manifest.json README.md "$stage/"
cp dist/snowops-mcp.mjs dist/snowops-mcp.cjs "$stage/dist/"
# The built-in runbooks (MCP prompts); the server finds runbooks/ above its own file.
if [ -d runbooks ]; then cp -R runbooks "$stage/"; fi
node scripts/bundle-deps.mjs | while read -r pkg; do
  mkdir -p "$stage/$pkg"
  cp -R "$pkg/." "$stage/$pkg/"
done
# better-sqlite3 needs only its JavaScript and the compiled addon, not the sources it was built from.
sqlite=$stage/node_modules/better-sqlite3
rm -rf "$sqlite/deps" "$sqlite/src"
find "$sqlite/build" -mindepth 1 -maxdepth 1 ! -name Release -exec rm -rf {} +
find "$sqlite/build/Release" -mindepth 1 -maxdepth 1 ! -name better_sqlite3.node -exec rm -rf {} +

mkdir -p "$(dirname "$out")"
npx mcpb pack "$stage" "$out" >"$work/pack.log" || { cat "$work/pack.log"; exit 1; }
echo "packed $out ($(du -h "$out" | cut -f1))"
npx mcpb unpack "$out" "$work/unpacked" >/dev/null
node scripts/bundle-smoke.mjs "$work/unpacked"

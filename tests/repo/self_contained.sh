#!/bin/sh
# The repository stands alone: no tracked file points outside it (a development machine's
# /work tree, the notes kept beside it, or their names). Fails listing every offending line.
#   tests/repo/self_contained.sh SOURCE-DIR
set -eu
cd "${1:?usage: self_contained.sh SOURCE-DIR}"
self=tests/repo/self_contained.sh
# Assembled so that this file does not match itself.
w='/wo''rk/'
s='\.\./sha''red'
n='\(COMP''AT\|ARCHITEC''TURE\|KER''NEL\)\.md'
if [ -d .git ] || git rev-parse --git-dir >/dev/null 2>&1; then
  files=$(git ls-files)
else
  files=$(find . -type f ! -path './build*' ! -path './.git/*' | sed 's|^\./||')
fi
found=$(printf '%s\n' $files | grep -v "^$self\$" | xargs grep -nIH -e "$w" -e "$s" -e "$n" 2>/dev/null || true)
if [ -n "$found" ]; then
  echo "files pointing outside the repository:"
  echo "$found"
  exit 1
fi
echo "self-contained: $(printf '%s\n' $files | wc -l) files checked"

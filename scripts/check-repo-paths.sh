#!/usr/bin/env bash
# Fails when a Go file names a path outside the repository: the shared
# fixtures folder beside it, an absolute path into the folder that holds the
# checkout, or a relative path whose ../ climb out of the repository. A
# fresh clone must build and pass its tests with nothing beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
parent="$(cd .. && pwd)"
status=0

if hits=$(git grep -n -e '\.\./shared' -e "\"$parent/" -- '*.go'); then
  echo "$hits"
  status=1
fi

# A literal "../../x" in dir/a/b/file.go climbs out when it has more ../
# than the file has directories.
if hits=$(git grep -noE '"(\.\./)+' -- '*.go' | awk -F: '{
      line = $0; depth = split($1, dirs, "/") - 1
      ups = gsub(/\.\.\//, "", $3)
      if (ups > depth) print line
    }') && [ -n "$hits" ]; then
  echo "$hits"
  status=1
fi

if (( status != 0 )); then
  echo "check-repo-paths: Go code must not read outside the repository (copy what it needs into it)" >&2
fi
exit $status

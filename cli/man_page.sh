#!/bin/sh
# man_page.sh HELP2MAN RELINKSIM OUT: relinksim's man page, from its real --help
# and --version and each command's --help, gzipped (OUT.gz) as Debian keeps them.
set -eu
help2man=$1 relinksim=$2 out=$3
include=$out.include
{
  echo '[COMMANDS]'
  "$relinksim" --help | sed -n '/^Subcommands:/,/^$/p' | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p' |
    while read -r command; do
      echo ".SS \"relinksim $command\""
      echo '.nf'
      "$relinksim" "$command" --help | grep -v "^Exit codes:" | sed 's/\\/\\e/g; s/^\./\\\&./'
      echo '.fi'
    done
  cat <<'TEXT'
[FILES]
.TP
.I /usr/share/relinksim/scenario.schema.json
The JSON Schema of the scenario format, for editors (where relinksim is installed;
\fBrelinksim schema --path\fR prints its place).
.TP
.I /usr/share/doc/relinksim/
README.md and docs/: the scenario format, the reports, CI, the events.
[SEE ALSO]
\fBrelinksim init\fR writes a first suite with CI jobs to start from.
TEXT
} > "$include"
"$help2man" --no-info --no-discard-stderr --name="simulate and test hosted-relink flows of linked bank accounts" \
  --section=1 --include="$include" --output="$out" "$relinksim"
gzip -9nf "$out"
rm -f "$include"

#!/usr/bin/env bash
# A team onboarding script that uses kindlead: for each new member it runs the
# `onboarding` prompt set from the team's shared answers plus a few per-person
# flags, saves the Markdown plan, and lints the team's working agreement.
#
#   examples/onboarding.sh "Sam Okafor" "Priya" yes [OUT_DIR]
#
# Fails loudly (set -euo pipefail) on any kindlead error: exit 2 means bad input,
# exit 1 from `kindlead check` means the working agreement reads as buy-in.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
newcomer=${1:?usage: onboarding.sh NAME BUDDY REMOTE(yes/no) [OUT_DIR]}
buddy=${2:?usage: onboarding.sh NAME BUDDY REMOTE(yes/no) [OUT_DIR]}
remote=${3:?usage: onboarding.sh NAME BUDDY REMOTE(yes/no) [OUT_DIR]}
out_dir=${4:-onboarding}
# $KINDLEAD, else kindlead on the PATH, else the one the README's quick start installs
kindlead=${KINDLEAD:-kindlead}
if [ -z "${KINDLEAD:-}" ] && ! command -v kindlead >/dev/null && [ -x "$here/../.venv/bin/kindlead" ]; then
    kindlead="$here/../.venv/bin/kindlead"
fi

mkdir -p "$out_dir"
# A file name from the name: "José Núñez" -> jose-nunez; a name with no Latin
# letters ("李雷") gets a stable number instead of an empty, shared name.
ascii=$(printf '%s' "$newcomer" | iconv -f UTF-8 -t ASCII//TRANSLIT 2>/dev/null || printf '%s' "$newcomer")
slug=$(printf '%s' "$ascii" | tr '[:upper:] ' '[:lower:]-' | tr -cd 'a-z0-9-')
if [ -z "$slug" ]; then
    slug="newcomer-$(printf '%s' "$newcomer" | cksum | cut -d' ' -f1)"
fi
plan="$out_dir/$slug.md"

echo "Preparing onboarding for $newcomer..." >&2
$kindlead reframe --set onboarding --no-input \
    --answers "$here/team/onboarding.yaml" \
    --answer newcomer="$newcomer" \
    --answer buddy="$buddy" \
    --answer remote="$remote" \
    --format markdown --output "$plan" --force

echo "Checking the working agreement for buy-in framing..." >&2
$kindlead check "$here/team/working-agreement.md"

echo "Onboarding plan for $newcomer: $plan" >&2

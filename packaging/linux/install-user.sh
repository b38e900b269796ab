#!/usr/bin/env bash
# Install interviewer for the current user (no root): the app, its menu entry and its icons.
#
#   packaging/linux/install-user.sh                 # the frozen build if there is one, else the venv
#   packaging/linux/install-user.sh --frozen DIR    # a one-folder build (default: packaging/pyinstaller/dist/interviewer)
#   packaging/linux/install-user.sh --venv DIR      # a launcher for a virtual environment (default: ./.venv)
#   packaging/linux/install-user.sh --uninstall     # remove what this script installed (never your data)
#
# Where things go (XDG_DATA_HOME defaults to ~/.local/share):
#   $XDG_DATA_HOME/interviewer-app/            the app (frozen build copy, or a launcher script)
#   ~/.local/bin/interviewer                   a link to it, so `interviewer` works in a terminal
#   $XDG_DATA_HOME/applications/io.github.interviewer.Interviewer.desktop
#   $XDG_DATA_HOME/metainfo/io.github.interviewer.Interviewer.metainfo.xml
#   $XDG_DATA_HOME/icons/hicolor/<size>x<size>/apps/io.github.interviewer.Interviewer.png (+ scalable SVG)
# The app keeps recordings in $XDG_DATA_HOME/interviewer; that folder is the person's data and is
# never written or removed here, which is why the program goes into interviewer-app instead.
# The version installed is interviewer.__version__ (from the build's VERSION file or the source),
# and it must match the metainfo's newest release.
set -euo pipefail
APP_ID="io.github.interviewer.Interviewer"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data_home="${XDG_DATA_HOME:-$HOME/.local/share}"
bin_home="${INTERVIEWER_BIN_DIR:-$HOME/.local/bin}"
dest="$data_home/interviewer-app"
apps="$data_home/applications"
metainfo_dir="$data_home/metainfo"
icons="$data_home/icons/hicolor"
SIZES="16 32 48 64 128 256 512"

die() { echo "install-user: $*" >&2; exit 2; }

mode=""; src=""
while [ $# -gt 0 ]; do
  case "$1" in
    --frozen) mode=frozen; src="${2:-}"; shift 2 || shift ;;
    --venv) mode=venv; src="${2:-}"; shift 2 || shift ;;
    --uninstall) mode=uninstall; shift ;;
    -h|--help) sed -n '2,20p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown option '$1'; see --help." ;;
  esac
done

refresh_caches() {
  command -v update-desktop-database >/dev/null && update-desktop-database -q "$apps" 2>/dev/null || true
  command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t -f "$icons" 2>/dev/null || true
}

if [ "$mode" = uninstall ]; then
  rm -rf "$dest"
  [ -L "$bin_home/interviewer" ] && rm -f "$bin_home/interviewer"
  rm -f "$apps/$APP_ID.desktop" "$metainfo_dir/$APP_ID.metainfo.xml" "$icons/scalable/apps/$APP_ID.svg"
  for s in $SIZES; do rm -f "$icons/${s}x${s}/apps/$APP_ID.png"; done
  refresh_caches
  echo "install-user: removed interviewer (your recordings in $data_home/interviewer are kept)"
  exit 0
fi

frozen_default="$root/packaging/pyinstaller/dist/interviewer"
if [ -z "$mode" ]; then
  if [ -x "$frozen_default/interviewer" ]; then mode=frozen; else mode=venv; fi
fi
source_version() {
  sed -n 's/^__version__ *= *"\([^"]*\)".*/\1/p' "$root/interviewer/__init__.py" | head -n1
}

case "$mode" in
  frozen)
    src="${src:-$frozen_default}"
    [ -x "$src/interviewer" ] || die "no frozen build in $src; run packaging/build.sh first, or use --venv."
    version="$(cat "$src/VERSION" 2>/dev/null || source_version)"
    ;;
  venv)
    src="${src:-$root/.venv}"
    [ -x "$src/bin/interviewer" ] || die "no interviewer command in $src/bin; run scripts/setup.sh app first."
    src="$(cd "$src" && pwd)"
    version="$(source_version)"
    ;;
esac
[ -n "$version" ] || die "could not read the version (interviewer/__init__.py)."
meta_version="$(sed -n 's/.*<release version="\([^"]*\)".*/\1/p' "$here/$APP_ID.metainfo.xml" | head -n1)"
[ "$meta_version" = "$version" ] || die "the metainfo's newest release is $meta_version but the app is $version; update packaging/linux/$APP_ID.metainfo.xml."

# the app
rm -rf "$dest.new"
mkdir -p "$dest.new"
if [ "$mode" = frozen ]; then
  cp -a "$src/." "$dest.new/"
  exe="$dest/interviewer"
else
  mkdir -p "$dest.new/bin"
  printf '#!/bin/sh\nexec "%s/bin/interviewer" "$@"\n' "$src" > "$dest.new/bin/interviewer"
  chmod 755 "$dest.new/bin/interviewer"
  exe="$dest/bin/interviewer"
fi
echo "$version" > "$dest.new/VERSION"
rm -rf "$dest"
mv "$dest.new" "$dest"
mkdir -p "$bin_home"
ln -sfn "$exe" "$bin_home/interviewer"

# menu entry, metadata, icons
mkdir -p "$apps" "$metainfo_dir" "$icons/scalable/apps"
sed -e "s|^Exec=.*|Exec=\"$exe\" gui|" -e "s|^TryExec=.*|TryExec=$exe|" \
  "$here/$APP_ID.desktop" > "$apps/$APP_ID.desktop"
cp "$here/$APP_ID.metainfo.xml" "$metainfo_dir/$APP_ID.metainfo.xml"
cp "$root/resources/icons/interviewer.svg" "$icons/scalable/apps/$APP_ID.svg"
for s in $SIZES; do
  mkdir -p "$icons/${s}x${s}/apps"
  cp "$root/resources/icons/interviewer-$s.png" "$icons/${s}x${s}/apps/$APP_ID.png"
done
refresh_caches
echo "install-user: installed interviewer $version ($mode) in $dest"
echo "install-user: menu entry $apps/$APP_ID.desktop; command $bin_home/interviewer"
case ":$PATH:" in *":$bin_home:"*) ;; *) echo "install-user: add $bin_home to PATH to run 'interviewer' in a terminal";; esac

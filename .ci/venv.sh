# Shared by ./run and ./test: create .venv with Python >= 3.11 and install the project into it.
# Usage: ensure_venv EXTRAS   (e.g. "" or "test"); sets PY to the venv's python.

find_python() {
  for candidate in "${PYTHON:-}" python3.11 python3.12 python3.13 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(0 if (3, 11) <= sys.version_info[:2] < (3, 14) else 1)'; then
      echo "$candidate"
      return 0
    fi
  done
  echo "kmut needs Python 3.11, 3.12 or 3.13 (set PYTHON=/path/to/python)." >&2
  return 1
}

ensure_venv() {
  local extras="$1" spec="." stamp
  [ -n "$extras" ] && spec=".[$extras]"
  if [ ! -x .venv/bin/python ]; then
    "$(find_python)" -m venv .venv
  fi
  PY=.venv/bin/python
  stamp=".venv/.installed-$(cat pyproject.toml | sha256sum | cut -c1-16)-${extras:-base}"
  if [ ! -f "$stamp" ]; then
    echo "Installing kmut and its dependencies into .venv ..."
    "$PY" -m pip install --quiet --disable-pip-version-check --upgrade pip
    "$PY" -m pip install --quiet --disable-pip-version-check -e "$spec"
    touch "$stamp"
  fi
}

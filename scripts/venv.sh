# Sourced by demo.sh and test.sh: make sure ./.venv exists and has a working pip.
# On Debian, `python3 -m venv` needs the python3-venv package: installed when we are
# root, otherwise a one-line hint and exit 1.

ensure_venv() {
    local caller=$1
    if [ -x .venv/bin/python ] && .venv/bin/python -m pip --version >/dev/null 2>&1; then
        return
    fi
    rm -rf .venv  # missing or broken (e.g. left by a failed `python3 -m venv`)
    if python3 -m venv .venv >/dev/null 2>&1; then
        return
    fi
    rm -rf .venv
    if [ "$(id -u)" -ne 0 ]; then
        echo "$caller: 'python3 -m venv' does not work here; install python3-venv (sudo apt-get install python3-venv) and re-run" >&2
        exit 1
    fi
    echo "==> python3 -m venv is unavailable: installing Debian's python3-venv"
    DEBIAN_FRONTEND=noninteractive apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv
    python3 -m venv .venv
}

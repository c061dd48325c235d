#!/usr/bin/env bash
# Sets up and runs the real third-party ingest targets (django-rrweb, bugsink) on loopback.
#
#   scripts/real-targets.sh start    install (once) into .real-targets/, start both, write .real-targets/env
#   scripts/real-targets.sh stop     stop both (by the pids this script recorded)
#   scripts/real-targets.sh status   print whether each is answering
#
# Idempotent: venvs and sites that already exist are reused; a running target is left running.
# Every wait is bounded. Nothing listens on anything but 127.0.0.1.
# Environment: REAL_TARGETS_DIR (default <repo>/.real-targets), RRWEB_PORT (18431), BUGSINK_PORT (18432),
# PYTHON (python3).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
B="${REAL_TARGETS_DIR:-$ROOT/.real-targets}"
RRWEB_PORT="${RRWEB_PORT:-18431}"
BUGSINK_PORT="${BUGSINK_PORT:-18432}"
PYTHON="${PYTHON:-python3}"
ENV_FILE="$B/env"

log() { printf 'real-targets: %s\n' "$*" >&2; }

# Waits (at most $2 seconds) until http://127.0.0.1:$1/ answers at all.
wait_for_port() {
    local port="$1" limit="$2" waited=0
    while ! "$PYTHON" - "$port" <<'PY' 2>/dev/null
import sys, urllib.request, urllib.error
try:
    urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/", timeout=2)
except urllib.error.HTTPError:
    pass
PY
    do
        waited=$((waited + 1))
        if [ "$waited" -ge "$limit" ]; then return 1; fi
        sleep 1
    done
}

is_running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

setup_rrweb() {
    local dir="$B/rrweb"
    mkdir -p "$dir"
    if [ ! -x "$dir/venv/bin/django-admin" ]; then
        log "installing django-rrweb into $dir/venv (about 40 s)"
        "$PYTHON" -m venv "$dir/venv"
        "$dir/venv/bin/pip" install --quiet --disable-pip-version-check 'django-rrweb==4.0.5' 'Django>=5.2,<6'
    fi
    if [ ! -f "$dir/site/manage.py" ]; then
        mkdir -p "$dir/site"
        "$dir/venv/bin/django-admin" startproject rrwebsite "$dir/site"
        cat >> "$dir/site/rrwebsite/settings.py" <<'PY'

# Added by scripts/real-targets.sh
ALLOWED_HOSTS = ['127.0.0.1', 'localhost']
INSTALLED_APPS += ['django.contrib.humanize', 'django_rrweb']
PY
        "$PYTHON" - "$dir/site/rrwebsite/urls.py" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read()
text = text.replace("from django.urls import path", "from django.urls import include, path")
text = text.replace("path('admin/', admin.site.urls),", "path('admin/', admin.site.urls),\n    path('backend/', include('django_rrweb.urls')),")
open(path, "w").write(text)
PY
        (cd "$dir/site" && "$dir/venv/bin/python" manage.py migrate --noinput >/dev/null)
        (cd "$dir/site" && DJANGO_SUPERUSER_PASSWORD="harness-$RANDOM$RANDOM" "$dir/venv/bin/python" manage.py createsuperuser --noinput --username harness --email harness@example.invalid >/dev/null)
    fi
}

start_rrweb() {
    local dir="$B/rrweb"
    if is_running "$dir/pid"; then log "django-rrweb already running (pid $(cat "$dir/pid"))"; return; fi
    ( cd "$dir/site" && exec nohup "$dir/venv/bin/python" manage.py runserver "127.0.0.1:$RRWEB_PORT" --noreload >"$dir/server.log" 2>&1 ) &
    echo $! >"$dir/pid"
    wait_for_port "$RRWEB_PORT" 60 || { log "django-rrweb did not answer within 60 s; see $dir/server.log"; exit 1; }
    log "django-rrweb on http://127.0.0.1:$RRWEB_PORT"
}

# Runs a command with bugsink's settings in its environment only (never exported to this shell).
bugsink_env() {
    env DJANGO_SETTINGS_MODULE=bugsink_conf PYTHONPATH="$B/bugsink/site" "$@"
}

setup_bugsink() {
    local dir="$B/bugsink"
    mkdir -p "$dir"
    if [ ! -x "$dir/venv/bin/bugsink-manage" ]; then
        log "installing bugsink into $dir/venv (about 40 s)"
        "$PYTHON" -m venv "$dir/venv"
        "$dir/venv/bin/pip" install --quiet --disable-pip-version-check 'bugsink==2.6.2'
    fi
    if [ ! -f "$dir/site/bugsink_conf.py" ]; then
        mkdir -p "$dir/site"
        (cd "$dir/site" && "$dir/venv/bin/bugsink-create-conf" --template=local --port="$BUGSINK_PORT" --host=127.0.0.1 -o "$dir/site/bugsink_conf.py" >/dev/null)
        cat >> "$dir/site/bugsink_conf.py" <<'PY'

# Added by scripts/real-targets.sh: never phone home, keep raw envelopes for read-back.
BUGSINK["PHONEHOME"] = False
BUGSINK["KEEP_ENVELOPES"] = 1000
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
PY
    fi
    if [ ! -f "$dir/project.env" ]; then
        (cd "$dir/site" && bugsink_env "$dir/venv/bin/bugsink-manage" migrate --noinput >/dev/null && bugsink_env "$dir/venv/bin/bugsink-manage" migrate snappea --database=snappea --noinput >/dev/null)
        (cd "$dir/site" && bugsink_env "$dir/venv/bin/bugsink-manage" shell -c "
from teams.models import Team
from projects.models import Project
team, _ = Team.objects.get_or_create(name='harness')
p = Project.objects.filter(name='harness').first() or Project.objects.create(name='harness', team=team)
print('BUGSINK_PROJECT_ID=%d' % p.id)
print('BUGSINK_SENTRY_KEY=%s' % p.sentry_key.hex)
print('BUGSINK_DSN=%s' % p.dsn)
" | grep '^BUGSINK_' >"$dir/project.env.tmp")
        local token
        token="$(cd "$dir/site" && bugsink_env "$dir/venv/bin/bugsink-manage" create_auth_token | tail -n 1)"
        echo "BUGSINK_TOKEN=$token" >>"$dir/project.env.tmp"
        mv "$dir/project.env.tmp" "$dir/project.env"
    fi
}

start_bugsink() {
    local dir="$B/bugsink"
    if is_running "$dir/pid"; then log "bugsink already running (pid $(cat "$dir/pid"))"; return; fi
    ( cd "$dir/site" && exec nohup env DJANGO_SETTINGS_MODULE=bugsink_conf PYTHONPATH="$B/bugsink/site" "$dir/venv/bin/bugsink-manage" runserver "127.0.0.1:$BUGSINK_PORT" --noreload >"$dir/server.log" 2>&1 ) &
    echo $! >"$dir/pid"
    wait_for_port "$BUGSINK_PORT" 60 || { log "bugsink did not answer within 60 s; see $dir/server.log"; exit 1; }
    log "bugsink on http://127.0.0.1:$BUGSINK_PORT"
}

write_env() {
    {
        echo "RRWEB_URL=http://127.0.0.1:$RRWEB_PORT"
        echo "RRWEB_DB=$B/rrweb/site/db.sqlite3"
        echo "BUGSINK_URL=http://127.0.0.1:$BUGSINK_PORT"
        echo "BUGSINK_DB=$B/bugsink/site/db.sqlite3"
        cat "$B/bugsink/project.env"
    } >"$ENV_FILE.tmp"
    mv "$ENV_FILE.tmp" "$ENV_FILE"
    log "wrote $ENV_FILE"
}

stop_one() {
    local name="$1" pidfile="$2"
    if is_running "$pidfile"; then
        local pid; pid="$(cat "$pidfile")"
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
        kill -9 "$pid" 2>/dev/null || true
        log "stopped $name (pid $pid)"
    fi
    rm -f "$pidfile"
}

case "${1:-}" in
start)
    mkdir -p "$B"
    setup_rrweb
    setup_bugsink
    start_rrweb
    start_bugsink
    write_env
    ;;
stop)
    stop_one django-rrweb "$B/rrweb/pid"
    stop_one bugsink "$B/bugsink/pid"
    rm -f "$ENV_FILE"
    ;;
status)
    for pair in "django-rrweb:$RRWEB_PORT" "bugsink:$BUGSINK_PORT"; do
        if wait_for_port "${pair#*:}" 1; then echo "${pair%%:*}: up on 127.0.0.1:${pair#*:}"; else echo "${pair%%:*}: down"; fi
    done
    ;;
*)
    echo "usage: $0 start|stop|status" >&2
    exit 64
    ;;
esac

#!/bin/sh
# manage.py as the services run it: user anjian, /etc/anjian/anjian.env, /srv/anjian/app (see docs/deploy.md).
# Install:  install -m 0755 deploy/anjian-manage.sh /usr/local/bin/anjian-manage
# Use:      anjian-manage migrate --noinput      anjian-manage create_admin chief --name 张工
set -eu
APP=${ANJIAN_APP:-/srv/anjian/app}
# systemd reads the environment file exactly as it does for the services (values with spaces, quotes).
if [ -t 0 ]; then terminal=--pty; else terminal=--pipe; fi
exec systemd-run --quiet --wait --collect "$terminal" \
    --uid=anjian --gid=anjian \
    --property=EnvironmentFile=/etc/anjian/anjian.env \
    --working-directory="$APP" \
    "$APP/.venv/bin/python" "$APP/manage.py" "$@"

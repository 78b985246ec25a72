#!/usr/bin/env bash
# Make sure PostgreSQL answers on 127.0.0.1:5432 and has the role the tests use; install and start it
# if it does not. Prints the DATABASE_URL to use on its last line.
set -euo pipefail
HOST=127.0.0.1 PORT=5432 ROLE=folkmoot PASSWORD=folkmoot DB=folkmoot
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"

if ! pg_isready -h "$HOST" -p "$PORT" -q 2>/dev/null; then
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    echo "Installing PostgreSQL (Debian package)" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
  fi
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  echo "Starting PostgreSQL $version" >&2
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null \
    || $SUDO pg_ctlcluster "$version" main start
  for _ in $(seq 1 30); do pg_isready -h "$HOST" -p "$PORT" -q && break; sleep 1; done
  pg_isready -h "$HOST" -p "$PORT" -q || { echo "PostgreSQL did not start" >&2; exit 1; }
fi

# Create the role over the local socket as the postgres superuser (peer authentication), or over TCP
# where the server trusts local connections.
sql="DO \$\$BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN
    CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD';
  ELSE
    ALTER ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD';
  END IF;
END\$\$;"
if PGPASSWORD=$PASSWORD psql -h "$HOST" -p "$PORT" -U "$ROLE" -d postgres -tAc "SELECT 1" >/dev/null 2>&1; then
  :
elif id postgres >/dev/null 2>&1 && $SUDO runuser -u postgres -- psql -p "$PORT" -q -v ON_ERROR_STOP=1 -c "$sql" >/dev/null 2>&1; then
  :
else
  psql -h "$HOST" -p "$PORT" -U postgres -q -v ON_ERROR_STOP=1 -c "$sql" >/dev/null
fi
if ! PGPASSWORD=$PASSWORD psql -h "$HOST" -p "$PORT" -U "$ROLE" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$DB'" | grep -q 1; then
  PGPASSWORD=$PASSWORD createdb -h "$HOST" -p "$PORT" -U "$ROLE" "$DB"
fi
echo "postgres://$ROLE:$PASSWORD@$HOST:$PORT/$DB"

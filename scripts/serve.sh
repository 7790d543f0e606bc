#!/usr/bin/env bash
# Set up and serve the site on http://127.0.0.1:8000 (admin at /admin/), SQLite by default.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh" requirements.txt
export DJANGO_DEBUG=${DJANGO_DEBUG:-1}
.venv/bin/python manage.py migrate --noinput
if ! .venv/bin/python manage.py shell --no-imports -c \
  "from django.contrib.auth.models import User; raise SystemExit(not User.objects.filter(is_superuser=True).exists())"; then
  if [[ -t 0 ]]; then
    echo "No admin user yet: create one now (it logs in at http://127.0.0.1:8000/admin/)."
    .venv/bin/python manage.py createsuperuser
  else
    echo "No admin user yet: create one with: .venv/bin/python manage.py createsuperuser"
  fi
else
  echo "Log in at http://127.0.0.1:8000/admin/ with your admin user" \
    "(another one: .venv/bin/python manage.py createsuperuser)."
fi
exec .venv/bin/python manage.py runserver 127.0.0.1:8000

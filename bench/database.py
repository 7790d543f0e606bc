"""The benchmark's own PostgreSQL database: created, migrated as the Procfile's release line
does, given the generated map, edited as the admin would, and dropped at the end."""

import json
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
SERVER = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
SKLEARN_SLUG = "sklearn"


class BenchDatabase:
    def __init__(self, name: str):
        self.name = name
        self.url = f"postgres://postgres@127.0.0.1:5432/{name}"

    def _admin_execute(self, *statements: str) -> None:
        with closing(psycopg2.connect(dbname="postgres", **SERVER)) as connection:
            connection.autocommit = True
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)

    def create(self) -> None:
        """A new, empty database (an old one of the same name is dropped first)."""
        self.drop()
        self._admin_execute(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        self._admin_execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def execute(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Run statements in one transaction; the rows of the last one, if it has any."""
        with closing(psycopg2.connect(dbname=self.name, **SERVER)) as connection:
            with connection, connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall() if cursor.description else []

    def migrate(self, env: dict, log) -> None:
        """The Procfile's ``release:`` line (migrate, which loads the scikit-learn map)."""
        release = procfile_command("release")
        argv = [sys.executable if part == "python" else part for part in release.split()]
        subprocess.run(argv, env=env, cwd=ROOT, check=True, stdout=log, stderr=log, timeout=120)

    def import_generated_map(
        self, nodes: int, env: dict, log, shape: str = "", slug: str = ""
    ) -> dict:
        """Import the generated map (``shape`` "tree": a binary tree; ``slug``: its own slug)
        with ``import_map`` and publish it; the seconds the import, the publish and a restore
        took, and the stored version's bytes. ``shape`` "pictures": the picture map; how
        many pictures."""
        argv = [sys.executable, "-m", "bench.mapgen", str(nodes), *([shape] if shape else [])]
        argv += ["--slug", slug] if slug else []
        done = subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, text=True, timeout=180)
        log.write(done.stderr)
        if done.returncode:
            raise RuntimeError(f"importing the generated map failed:\n{done.stderr[-2000:]}")
        return json.loads(done.stdout.splitlines()[-1])

    def use_map(self, slug: str) -> None:
        """Make ``slug`` the default map (what /start opens)."""
        self.execute(
            "UPDATE advisor_map SET is_default = false WHERE is_default;"
            "UPDATE advisor_map SET is_default = true WHERE slug = %s",
            (slug,),
        )

    def edit_and_publish_start_question(self, suffix: str, env: dict, remove=False) -> None:
        """Append ``suffix`` to the default map's first question (or remove it) in the draft,
        as a save in the admin does, then publish it with ``manage.py publishmap``."""
        new_text = "replace(text, %s, '')" if remove else "text || %s"
        self.execute(
            f"UPDATE advisor_node SET text = {new_text} WHERE id = "
            "(SELECT start_node_id FROM advisor_map WHERE is_default);"
            "UPDATE advisor_map SET draft_revision = draft_revision + 1 WHERE is_default",
            (suffix,),
        )
        slug = self.execute("SELECT slug FROM advisor_map WHERE is_default")[0][0]
        argv = [sys.executable, "manage.py", "publishmap", slug]
        subprocess.run(argv, env=env, cwd=ROOT, check=True, capture_output=True, timeout=60)

    def backend_pids(self) -> list[int]:
        """The PostgreSQL server processes connected to this database (the bots' connections)."""
        with closing(psycopg2.connect(dbname="postgres", **SERVER)) as connection:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", (self.name,))
                return [row[0] for row in cursor.fetchall()]

    def node_count(self, slug: str) -> int:
        rows = self.execute(
            "SELECT count(*) FROM advisor_node JOIN advisor_map m ON m.id = map_id "
            "WHERE m.slug = %s",
            (slug,),
        )
        return rows[0][0]


def procfile_command(process_type: str) -> str:
    """The command of one line of the Procfile (``web``, ``release``)."""
    for line in (ROOT / "Procfile").read_text().splitlines():
        name, _, command = line.partition(":")
        if name.strip() == process_type:
            return command.strip()
    raise ValueError(f"the Procfile has no {process_type}: line")

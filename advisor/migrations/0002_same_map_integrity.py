"""Database-level integrity the foreign keys alone cannot express: a button leads to a node
of its own map, a map starts at one of its own nodes, and a node never moves to another map."""

from django.db import migrations

BUTTON_MESSAGE = "a button must lead to a node of its own map"
START_MESSAGE = "a map must start at one of its own nodes"
MOVE_MESSAGE = "a node cannot move to another map"

BUTTON_BREAKS = (
    "(SELECT map_id FROM advisor_node WHERE id = NEW.target_id) IS DISTINCT FROM "
    "(SELECT map_id FROM advisor_node WHERE id = NEW.node_id)"
)
START_BREAKS = (
    "NEW.start_node_id IS NOT NULL AND "
    "(SELECT map_id FROM advisor_node WHERE id = NEW.start_node_id) IS DISTINCT FROM NEW.id"
)
MOVE_BREAKS = "NEW.map_id <> OLD.map_id"

# (name, table, events, condition, message)
RULES = [
    (
        "advisor_button_same_map",
        "advisor_button",
        ["INSERT", "UPDATE"],
        BUTTON_BREAKS,
        BUTTON_MESSAGE,
    ),
    ("advisor_map_start_in_map", "advisor_map", ["INSERT", "UPDATE"], START_BREAKS, START_MESSAGE),
    ("advisor_node_keeps_map", "advisor_node", ["UPDATE"], MOVE_BREAKS, MOVE_MESSAGE),
]


def postgresql_sql(name, table, events, condition, message):
    return [
        f"""CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF {condition} THEN
                RAISE EXCEPTION '{message}' USING ERRCODE = 'check_violation';
            END IF;
            RETURN NEW;
        END $$""",
        f"CREATE TRIGGER {name} BEFORE {' OR '.join(events)} ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {name}()",
    ]


def sqlite_sql(name, table, events, condition, message):
    condition = condition.replace("IS DISTINCT FROM", "IS NOT").replace("<>", "IS NOT")
    return [
        f"CREATE TRIGGER {name}_{event.lower()} BEFORE {event} ON {table} "
        f"WHEN {condition} BEGIN SELECT RAISE(ABORT, '{message}'); END"
        for event in events
    ]


def drop_sql(vendor, name, table, events):
    """The statements that drop a rule. On SQLite, migrating back through a migration that
    rebuilds a table (0010, 0012) has dropped that table's triggers already."""
    if vendor == "postgresql":
        return [f"DROP TRIGGER {name} ON {table}", f"DROP FUNCTION {name}()"]
    return [f"DROP TRIGGER IF EXISTS {name}_{event.lower()}" for event in events]


def add_rules(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    build = {"postgresql": postgresql_sql, "sqlite": sqlite_sql}.get(vendor)
    if build is None:
        return  # other databases rely on the model validation alone
    for rule in RULES:
        for statement in build(*rule):
            schema_editor.execute(statement)


def remove_rules(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor in ("postgresql", "sqlite"):
        for name, table, events, _, _ in RULES:
            for statement in drop_sql(vendor, name, table, events):
                schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("advisor", "0001_initial")]
    operations = [migrations.RunPython(add_rules, remove_rules)]

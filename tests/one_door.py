"""Reading the code for the one-door rule (tests/test_one_door.py): the ORM writes of a
module, the functions it uses of the write modules, the admin pages that would let Django
write, and the lines that count the draft revision."""

import ast
import functools
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
#: The ORM's writes; ``update`` too, on a QuerySet.
WRITES = {"save", "delete", "create", "bulk_create", "bulk_update"}
WRITES |= {"get_or_create", "update_or_create"}
#: The QuerySet methods an ``update`` may follow.
QUERYSET_METHODS = {"all", "filter", "exclude", "select_for_update", "select_related"}
QUERYSET_METHODS |= {"order_by", "using", "annotate"}
#: The model admin's methods that save or delete by themselves (and, with inlines,
#: save_formset).
ADMIN_WRITES = ("save_model", "delete_model", "delete_queryset")
#: Counting the draft revision: ``F("draft_revision") + 1``.
COUNTED = {"F('draft_revision')", "models.F('draft_revision')"}
DEFINITIONS = ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef


@functools.cache
def modules(roots: tuple[str, ...]) -> dict[str, ast.Module]:
    """Every module under ``roots`` but the migrations, parsed, by path."""
    found = {}
    for root in roots:
        for path in sorted((PROJECT / root).rglob("*.py")):
            name = path.relative_to(PROJECT).as_posix()
            if "/migrations/" not in name:
                found[name] = ast.parse(path.read_text(), name)
    return found


def scopes(tree: ast.Module):
    """(qualified name, node) of the module ("") and of every class and function in it
    (``Class.method``); each scope's own code excludes the scopes inside it."""

    def walk(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, DEFINITIONS):
                yield f"{prefix}{child.name}", child
                yield from walk(child, f"{prefix}{child.name}.")

    yield "", tree
    yield from walk(tree, "")


def own_nodes(scope):
    """The nodes of a scope's own code (not of the classes and functions inside it)."""
    stack = list(ast.iter_child_nodes(scope))
    while stack:
        node = stack.pop()
        if not isinstance(node, DEFINITIONS):
            yield node
            stack.extend(ast.iter_child_nodes(node))


def model_named(receiver) -> str | None:
    """The model a write's receiver names (``Map`` in ``Map.objects.filter(…)``), if any."""
    while isinstance(receiver, ast.Call) and isinstance(receiver.func, ast.Attribute):
        receiver = receiver.func.value
    if isinstance(receiver, ast.Attribute) and receiver.attr == "objects":
        return receiver.value.id if isinstance(receiver.value, ast.Name) else None
    return None


def on_queryset(receiver) -> bool:
    if isinstance(receiver, ast.Attribute):
        return receiver.attr == "objects"
    return (
        isinstance(receiver, ast.Call)
        and isinstance(receiver.func, ast.Attribute)
        and receiver.func.attr in QUERYSET_METHODS
    )


def module_path(name: str) -> str:
    return name.replace(".", "/") + ".py"


def functions_used(scope, names: dict, own: dict) -> list[tuple[tuple[str, str], int]]:
    """((module's path, function), line) of each function a scope's code names, by
    ``names`` (from ``Rule.imported_names``) or (``own``: name → path) of its own module."""
    used = []
    for node in own_nodes(scope):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            if node.id in names and names[node.id][1] is not None:
                used.append((names[node.id], node.lineno))
            elif node.id in own:
                used.append(((own[node.id], node.id), node.lineno))
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            meaning = names.get(node.value.id)
            if meaning is not None and meaning[1] is None:
                used.append(((meaning[0], node.attr), node.lineno))
    return used


def classes(parsed: dict[str, ast.Module]) -> dict[str, tuple[set[str], list[str]]]:
    """Every class of the project by name: its methods and its bases' names."""
    found = {}
    for tree in parsed.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                methods = {child.name for child in node.body if isinstance(child, DEFINITIONS)}
                bases = [ast.unparse(base).rpartition(".")[2] for base in node.bases]
                found[node.name] = (methods, bases)
    return found


def methods_of(name: str, known: dict) -> set[str]:
    """A class's methods with those it inherits from the project's classes."""
    methods, bases = known.get(name, (set(), []))
    return methods.union(*(methods_of(base, known) for base in bases if base != name))


def revision_counts(tree: ast.Module) -> list[int]:
    """The lines that count the draft revision or set it in an update()."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and any(
            isinstance(side, ast.Call) and ast.unparse(side) in COUNTED
            for side in (node.left, node.right)
        ):
            lines.append(node.lineno)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "update"
            and any(keyword.arg == "draft_revision" for keyword in node.keywords)
        ):
            lines.append(node.lineno)
    return lines


@dataclass(frozen=True)
class Rule:
    """The door (a package), the write modules its actions call, the functions only it
    calls, which models are map content and which are records written anywhere, and the
    (file, scope) allowances."""

    door: str
    write_modules: frozenset[str]
    door_only: frozenset[tuple[str, str]]
    content: frozenset[str]
    records: frozenset[str]
    allowed: frozenset[tuple[str, str]]
    #: Actions of another app, built on the door's base (botapp's own records' actions).
    other_actions: frozenset[str] = frozenset()

    def inside(self, path: str) -> bool:
        return (
            path.startswith(self.door) or path in self.write_modules or path in self.other_actions
        )

    def orm_writes(self, scope) -> list[tuple[int, str]]:
        """(line, what) of each write in a scope's code but of a record the code names."""
        found = []
        for call in own_nodes(scope):
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)):
                continue
            method, receiver = call.func.attr, call.func.value
            if method not in WRITES and not (method == "update" and on_queryset(receiver)):
                continue
            if model_named(receiver) not in self.records:
                found.append((call.lineno, f"{ast.unparse(receiver)}.{method}()"))
        return found

    def imported_names(self, tree: ast.Module) -> dict[str, tuple[str, str | None]]:
        """What a module's names mean of the write modules and the door-only functions'
        modules: (module's path, None) for a module, (module's path, function)."""
        followed = self.write_modules | {path for path, _ in self.door_only}
        names = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    local = alias.asname or alias.name
                    if module_path(node.module) in followed:
                        names[local] = (module_path(node.module), alias.name)
                    elif module_path(f"{node.module}.{alias.name}") in followed:
                        names[local] = (module_path(f"{node.module}.{alias.name}"), None)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if module_path(alias.name) in followed and alias.asname:
                        names[alias.asname] = (module_path(alias.name), None)
        return names

    def writers(self, parsed: dict[str, ast.Module]) -> set[tuple[str, str]]:
        """The door-only functions, and the write modules' writing functions (path, name):
        those that write, and those that call one, to a fixed point."""
        calls = {}
        for path in self.write_modules:
            top = [node for node in parsed[path].body if isinstance(node, ast.FunctionDef)]
            names, own = self.imported_names(parsed[path]), {node.name: path for node in top}
            for node in top:
                if (path, node.name) not in self.allowed:
                    used = {function for function, _ in functions_used(node, names, own)}
                    calls[path, node.name] = (bool(self.orm_writes(node)), used)
        found = set(self.door_only)
        while True:
            more = {name for name, (writes, used) in calls.items() if writes or used & found}
            if more <= found:
                return found
            found |= more

    def admin_writes(self, tree: ast.Module, known: dict) -> list[tuple[str, int, str]]:
        """(class, line, what) of each model admin registered for map content that leaves
        one of ADMIN_WRITES (or, with inlines, save_formset) to Django."""
        found = []
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            registered = [
                ast.unparse(argument)
                for decorator in node.decorator_list
                if isinstance(decorator, ast.Call)
                and ast.unparse(decorator.func) == "admin.register"
                for argument in decorator.args
            ]
            content = [model for model in registered if model in self.content]
            if not content:
                continue
            inlines = any(
                isinstance(child, ast.Assign) and ast.unparse(child.targets[0]) == "inlines"
                for child in node.body
            )
            methods = methods_of(node.name, known)
            found += [
                (node.name, node.lineno, f"Django's admin {hook} writes {content[0]}")
                for hook in ADMIN_WRITES + (("save_formset",) if inlines else ())
                if hook not in methods
            ]
        return found

    def breaches(self, parsed: dict[str, ast.Module]) -> list[tuple[str, str, int, str]]:
        """Every write outside the door as (file, scope, line, what), before allowances."""
        writers, known = self.writers(parsed), classes(parsed)
        found = []
        for path, tree in parsed.items():
            if self.inside(path):
                continue
            names = self.imported_names(tree)
            for scope_name, scope in scopes(tree):
                found += [
                    (path, scope_name, line, f"{what} writes outside the door ({self.door})")
                    for line, what in self.orm_writes(scope)
                ]
                found += [
                    (path, scope_name, line, f"{module}'s {name}(): only {self.door} may call it")
                    for (module, name), line in functions_used(scope, names, {})
                    if (module, name) in writers
                ]
            found += [
                (path, name, line, f"{what}: override it to execute an action")
                for name, line, what in self.admin_writes(tree, known)
            ]
        return found

    def violations(self, parsed: dict[str, ast.Module]) -> list[str]:
        """Every breach, as "file:line: what", the allowances applied; the draft revision
        counted outside the door's base, and model signals, anywhere."""
        problems = [
            (path, line, what)
            for path, scope, line, what in self.breaches(parsed)
            if (path, scope) not in self.allowed
        ]
        for path, tree in parsed.items():
            if path != f"{self.door}base.py":
                problems += [
                    (path, line, f"counts the draft revision ({self.door}base.py alone may)")
                    for line in revision_counts(tree)
                ]
            problems += [
                (path, node.lineno, "model signals: nothing writes behind the caller's back")
                for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom) and node.module == "django.db.models.signals"
            ]
        return [f"{path}:{line}: {what}" for path, line, what in sorted(problems)]

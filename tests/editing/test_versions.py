"""Drafts and versions: publish, discard, restore, ids that stay, checks that stop a publish,
pruning, and the commands that do the same."""

import json
import subprocess
import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections

from advisor.actions import RestoreAndPublish
from advisor.actions.base import count_draft_edit
from advisor.loading import draft_graph, live_graph
from advisor.mapfile import export_map
from advisor.models import Button, Map, MapVersion, Node
from advisor.versions import (
    PublishRefused,
    VersionError,
    discard_changes,
    prune_versions,
    publish,
    restore_draft,
    unpublished_changes,
)
from tests.conftest import MANAGE, PROJECT
from tests.editing.maps import Q, R, make_map

pytestmark = pytest.mark.django_db


def sklearn() -> Map:
    return Map.objects.select_related("live_version").get(slug="sklearn")


def reword_first_question(text: str) -> Node:
    node = sklearn().start_node
    node.text = text
    node.save()
    count_draft_edit(node.map)
    return node


def test_the_shipped_map_is_live_as_version_1_with_no_unpublished_changes():
    map_obj = sklearn()
    assert map_obj.live_version.number == 1
    assert map_obj.versions.count() == 1
    assert map_obj.live_version.content == export_map(map_obj, with_ids=True)
    assert unpublished_changes(map_obj) == []


def test_saving_changes_the_draft_only_until_published():
    node = reword_first_question("How many samples?")
    assert live_graph().start.text == "Do you have more than 50 samples?"
    assert draft_graph(node.map_id).start.text == "How many samples?"
    [change] = unpublished_changes(sklearn())
    assert change.summary == "The message of “How many samples?” was reworded."
    version = publish(sklearn(), note="Shorter first question")
    assert (version.number, version.note) == (2, "Shorter first question")
    assert live_graph().start.text == "How many samples?"
    assert unpublished_changes(sklearn()) == []


def test_an_edit_undone_by_hand_leaves_no_unpublished_change():
    reword_first_question("How many samples?")
    reword_first_question("Do you have more than 50 samples?")
    assert unpublished_changes(sklearn()) == []


def test_discard_puts_the_draft_back_to_the_live_version_with_the_same_ids():
    before = export_map(sklearn(), with_ids=True)
    node = reword_first_question("How many samples?")
    Button.objects.filter(node=node).first().delete()
    Node.objects.create(map=node.map, key="new-step", text="New?")
    discard_changes(sklearn())
    assert export_map(sklearn(), with_ids=True) == before
    assert unpublished_changes(sklearn()) == []


def test_discard_without_a_live_version_is_refused():
    with pytest.raises(VersionError, match="never published"):
        discard_changes(make_map({"a": (R, [])}))


def test_restore_brings_back_the_ids_a_version_had():
    version_1 = sklearn().live_version
    start = sklearn().start_node
    removed = Button.objects.filter(node=start).first()
    removed_id, target = removed.id, removed.target
    removed.delete()
    target_buttons = list(target.buttons.values_list("id", flat=True))
    publish(sklearn())
    restore_draft(sklearn(), version_1)
    assert export_map(sklearn(), with_ids=True) == version_1.content
    assert Button.objects.filter(pk=removed_id, node=start, target=target).exists()
    assert list(target.buttons.values_list("id", flat=True)) == target_buttons


def test_restore_and_publish_is_a_rollback_recorded_as_a_new_version():
    reword_first_question("How many samples?")
    publish(sklearn())
    rollback = RestoreAndPublish(sklearn(), sklearn().versions.get(number=1)).execute()
    assert (rollback.number, rollback.restored_from, rollback.note) == (
        3,
        1,
        "Restored version 1",
    )
    assert live_graph().start.text == "Do you have more than 50 samples?"
    assert sklearn().live_version == rollback


def test_keys_can_swap_between_steps_in_a_restore():
    map_obj = make_map({"a": (Q, [("Go", "b")]), "b": (R, [])})
    publish(map_obj)
    Node.objects.filter(map=map_obj, key="a").update(key="tmp")
    Node.objects.filter(map=map_obj, key="b").update(key="a")
    Node.objects.filter(map=map_obj, key="tmp").update(key="b")
    discard_changes(Map.objects.get(pk=map_obj.pk))
    assert dict(map_obj.nodes.values_list("key", "kind")) == {"a": Q, "b": R}


def test_a_problem_that_leaves_users_stuck_stops_the_publish_and_changes_nothing():
    map_obj = make_map({"a": (Q, [("Go", "b")]), "b": (Q, [])})
    with pytest.raises(PublishRefused, match="Question with no answer buttons b"):
        publish(map_obj)
    assert not MapVersion.objects.filter(map=map_obj).exists()
    assert live_graph(map_obj.id) is None


def test_untidy_problems_do_not_stop_a_publish():
    map_obj = make_map({"a": (Q, [("Go", "b")]), "b": (R, []), "orphan": (R, [])})
    assert publish(map_obj).number == 1
    assert live_graph(map_obj.id).start.key == "a"


def test_importing_a_file_over_a_map_keeps_the_ids_of_steps_it_still_has(tmp_path):
    ids = dict(sklearn().nodes.values_list("key", "id"))
    data = export_map(sklearn())
    data["nodes"][0]["text"] = "Reworded in a file"
    path = tmp_path / "reimport.json"
    path.write_text(json.dumps(data))
    assert command("importmap", str(path), "--replace", "--publish").endswith(
        "Published it as version 2.\n"
    )
    assert dict(sklearn().nodes.values_list("key", "id")) == ids
    assert live_graph().nodes[ids[data["nodes"][0]["key"]]].text == "Reworded in a file"


def test_pruning_keeps_the_newest_and_the_live_version():
    for number in range(2, 6):
        reword_first_question(f"Version {number}?")
        publish(sklearn())
    RestoreAndPublish(sklearn(), sklearn().versions.get(number=2)).execute()  # 6 is live
    assert prune_versions(sklearn(), keep=2) == 4
    assert sorted(sklearn().versions.values_list("number", flat=True)) == [5, 6]


def command(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_the_commands_publish_list_export_and_roll_back():
    reword_first_question("How many samples?")
    assert command("publishmap", "sklearn", "--note", "Shorter") == (
        "Published map 'sklearn' as version 2.\n"
    )
    listing = command("versions", "sklearn").splitlines()
    assert listing[0].split()[0] == "2" and listing[0].endswith("Shorter  (live)")
    assert listing[1].split()[0] == "1"
    assert "How many samples?" in command("exportmap", "sklearn")
    assert "How many samples?" not in command("exportmap", "sklearn", "--version", "1")
    assert command("rollback", "sklearn", "1") == (
        "Version 1 of map 'sklearn' is live again, as version 3.\n"
    )
    assert "How many samples?" not in command("exportmap", "sklearn")
    assert "How many samples?" not in command("exportmap", "sklearn", "--draft")


@pytest.mark.parametrize(
    "args, reason",
    [
        (("rollback", "sklearn", "9"), "map 'sklearn' has no version 9."),
        (("rollback", "nothing", "1"), "No map is called 'nothing'."),
        (("exportmap", "sklearn", "--version", "9"), "map 'sklearn' has no version 9."),
        (("pruneversions", "sklearn", "--keep", "0"), "--keep must be at least 1."),
    ],
)
def test_a_refused_command_says_why_in_one_line(args, reason):
    with pytest.raises(CommandError) as error:
        command(*args)
    assert str(error.value) == reason


def test_publishmap_refuses_a_map_that_would_leave_users_stuck_with_exit_status_1(project_env):
    run = [*MANAGE, "shell", "-c"]
    stuck = "from advisor.models import Node; Node.objects.filter(key='more-than-50-samples')"
    subprocess.run([*run, stuck + ".get().buttons.all().delete()"], env=project_env, cwd=PROJECT)
    result = subprocess.run(
        [*MANAGE, "publishmap", "sklearn"],
        env=project_env,
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert result.stderr == (
        "CommandError: Map 'sklearn' not published, 1 problem(s) would leave users stuck: "
        "Question with no answer buttons more-than-50-samples.\n"
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions")
@pytest.mark.django_db(transaction=True)
def test_two_publishes_at_once_make_two_consecutive_versions(sklearn_map):
    reword_first_question("How many samples?")
    start = threading.Barrier(2)
    errors = []

    def publish_in_a_thread(note):
        try:
            start.wait()
            publish(Map.objects.get(pk=sklearn_map.pk), note=note)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=publish_in_a_thread, args=(n,)) for n in "ab"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    versions = sklearn().versions.order_by("number")
    assert [v.number for v in versions] == [1, 2, 3]
    assert {v.note for v in versions[1:]} == {"a", "b"}
    assert sklearn().live_version.number == 3
    assert versions[1].content == versions[2].content == export_map(sklearn(), with_ids=True)

"""The map in the database: the shipped scikit-learn map, integrity rules, versions and cache."""

import pytest
from django.db import IntegrityError, transaction
from django.db.models import RestrictedError

from advisor.loading import draft_graph, live_graph
from advisor.mapfile import SKLEARN_MAP_FILE, export_map, parse_map_json
from advisor.models import Button, Map, Node

pytestmark = pytest.mark.django_db


def sklearn() -> Map:
    return Map.objects.get(slug="sklearn")


def test_first_migrate_loads_the_whole_sklearn_map():
    map_obj = sklearn()
    assert map_obj.is_default and map_obj.is_published
    assert map_obj.start_node.text == "Do you have more than 50 samples?"
    exported = export_map(map_obj)
    assert {**exported, "nodes": without_translations(exported["nodes"])} == {
        **parse_map_json(SKLEARN_MAP_FILE.read_text()),
        **{key: exported[key] for key in ("language", "languages", "translations")},
    }
    assert exported["language"] == {"code": "en", "name": "English"}
    assert exported["languages"] == [{"code": "es", "name": "Español"}]
    texts = " ".join(map_obj.nodes.values_list("text", flat=True))
    for segment in ("Classification", "Clustering", "Regression", "Dimensionality reduction"):
        assert segment in texts
    kernel = map_obj.nodes.get(key="kernel-approximation")
    assert kernel.incoming.count() == 2  # one shared node reached from two places


def without_translations(nodes: list[dict]) -> list[dict]:
    """Map file nodes with their translations (shipped apart, in sklearn.es.json) left out."""
    return [
        {
            **{k: v for k, v in node.items() if k != "translations"},
            "buttons": [
                {k: v for k, v in button.items() if k != "translations"}
                for button in node["buttons"]
            ],
        }
        for node in nodes
    ]


def test_every_recommendation_links_the_scikit_learn_docs():
    for node in sklearn().nodes.filter(kind=Node.Kind.RECOMMENDATION):
        assert node.doc_url.startswith("https://scikit-learn.org/stable/modules/"), node.key


def make_other_map() -> Node:
    other = Map.objects.create(slug="other", title="Other")
    return Node.objects.create(map=other, key="q", text="Other?")


def test_a_button_cannot_lead_into_another_map():
    foreign = make_other_map()
    node = sklearn().start_node
    with pytest.raises(IntegrityError), transaction.atomic():
        Button.objects.create(node=node, label="Elsewhere", target=foreign)
    button = node.buttons.first()
    button.target = foreign
    with pytest.raises(IntegrityError), transaction.atomic():
        button.save()


def test_a_map_cannot_start_in_another_map_and_a_node_cannot_move():
    foreign = make_other_map()
    map_obj = sklearn()
    map_obj.start_node = foreign
    with pytest.raises(IntegrityError), transaction.atomic():
        map_obj.save()
    node = sklearn().start_node
    node.map = foreign.map
    with pytest.raises(IntegrityError), transaction.atomic():
        node.save()


def test_deleting_a_node_that_buttons_lead_to_is_refused_but_a_whole_map_can_go():
    with pytest.raises(RestrictedError):
        sklearn().nodes.get(key="naive-bayes").delete()
    assert Node.objects.filter(key="naive-bayes").exists()
    sklearn().delete()
    assert not Node.objects.exists() and not Button.objects.exists()


def test_node_keys_are_unique_per_map_only():
    make_other_map()
    Node.objects.create(map=sklearn(), key="q", text="Same key, other map")
    with pytest.raises(IntegrityError), transaction.atomic():
        Node.objects.create(map=sklearn(), key="q", text="Clash")


def test_offline_maps_are_hidden_from_users():
    map_obj = sklearn()
    assert live_graph() is not None
    map_obj.is_published = False
    map_obj.save()
    assert live_graph() is None and live_graph(map_obj.id) is None
    assert draft_graph(map_obj.id).title == map_obj.title

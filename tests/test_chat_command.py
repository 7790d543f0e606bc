"""`manage.py chat`: the map in a terminal, driven through stdin, with no token and no network."""

import subprocess

from tests.conftest import MANAGE, PROJECT


def chat(env: dict, typed: str, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*MANAGE, "chat", *args],
        cwd=PROJECT,
        env=env,
        input=typed,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_walk_to_naive_bayes_and_say_goodbye(project_env):
    # Yes (>50), Yes (category), Yes (labeled), <100K, Not working (under 👍 and 👎),
    # Yes (text), then Done.
    result = chat(project_env, "1\n1\n1\n1\n3\n1\nseven\n9\n5\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Do you have more than 50 samples?\n  1. Yes\n  2. No\n" in out
    assert (
        "Try Naive Bayes (sklearn.naive_bayes, e.g. MultinomialNB for word counts).\n\n"
        "Documentation: https://scikit-learn.org/stable/modules/naive_bayes.html\n\n"
        "Your answers: >50 samples · predicting a category · Classification · <100K samples"
        " · Linear SVC not working · text data\n\nWas this helpful?\n"
        "  1. 👍 Yes\n  2. 👎 No\n  3. Back\n  4. Start over\n  5. Done\n"
    ) in out
    assert out.count("Type a number from 1 to 5.") == 2
    assert out.rstrip().endswith("Goodbye, and all the best — /start to begin again")
    assert result.stderr == ""


def test_an_unknown_map_is_one_clear_line(project_env):
    result = chat(project_env, "", "no-such-map")
    assert result.returncode == 1
    assert result.stderr.strip() == "CommandError: No map has the short name 'no-such-map'."


def test_the_live_version_by_default_the_draft_with_draft_in_a_language(project_env):
    reword = (
        "from advisor.models import Node; n = Node.objects.get(key='more-than-50-samples'); "
        "n.text = 'How many samples?'; n.translations['es']['text'] = '¿Cuántas muestras?'; "
        "n.save()"
    )
    subprocess.run([*MANAGE, "shell", "-c", reword], cwd=PROJECT, env=project_env, check=True)
    assert "Do you have more than 50 samples?\n" in chat(project_env, "q\n").stdout
    assert "How many samples?\n" in chat(project_env, "q\n", "--draft").stdout
    spanish = chat(project_env, "q\n", "sklearn", "--draft", "--language", "es-AR").stdout
    assert "¿Cuántas muestras?\n  1. Sí\n  2. No\n" in spanish


def test_a_map_taken_offline_needs_draft(project_env):
    offline = "from advisor.models import Map; Map.objects.update(is_published=False)"
    subprocess.run([*MANAGE, "shell", "-c", offline], cwd=PROJECT, env=project_env, check=True)
    result = chat(project_env, "", "sklearn")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "CommandError: This map is not live (never published, or offline): add --draft."
    )

"""The admin refuses password guessing (django-axes, config/settings.py "Admin login lockouts"):
login attempts go through Django's whole request path as they arrive from Heroku's router, which
appends the client's address to X-Forwarded-For (unless a test names other proxies), and the
tests check what the person sees."""

import subprocess
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.utils import timezone

from config.settings import trusted_proxy_hops
from tests.conftest import MANAGE, PROJECT

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-9"
ROUTER = "10.12.0.7"  # Heroku's router: what the app sees as REMOTE_ADDR
CDN, BALANCER = "192.0.2.50", "10.0.0.2"  # a CDN in front of a load balancer in front of the app
ALICE = "203.0.113.10"  # the editor's address
BOB = "198.51.100.20"  # another address
LOCKED_OUT = "Too many failed logins for this user from your address. Try again in 15 minutes."
WRONG_PASSWORD = "Please enter the correct username and password for a staff account."
TRIES_LEFT = "{} left before this user is locked out from your address for {}."
#: TRUSTED_PROXY_HOPS and the proxies between the client and the app, which each append the
#: address that connected to them to X-Forwarded-For.
SETUPS = {
    "no proxy (runserver, a VPS)": (0, ()),
    "Heroku's router": (1, (ROUTER,)),
    "a CDN and a load balancer": (2, (CDN, BALANCER)),
}


@pytest.fixture(autouse=True)
def lockout_rule(settings):
    """The defaults (test_the_environment_sets_the_limit_and_the_time checks them), behind
    Heroku's router (its DYNO variable means 1 hop)."""
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    settings.TRUSTED_PROXY_HOPS = 1


@pytest.fixture
def editor() -> User:
    return User.objects.create_user("editor", password=PASSWORD, is_staff=True)


def log_in(
    client: Client,
    username: str,
    password: str,
    address: str = ALICE,
    forged: str = "",
    proxies: tuple[str, ...] = (ROUTER,),
):
    """Post the admin's login form from address as the proxies pass it on: the client's own
    X-Forwarded-For (forged), if any, then each proxy appends the address that connected to
    it; the app sees the last proxy (or the client) as REMOTE_ADDR."""
    *forwarded, remote_address = [address, *proxies]
    forwarded = [forged, *forwarded] if forged else forwarded
    header = {"HTTP_X_FORWARDED_FOR": ", ".join(forwarded)} if forwarded else {}
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=remote_address,
        **header,
    )


def text(response) -> str:
    return " ".join(response.content.decode().split())


def logged_in(response, client: Client) -> bool:
    return (
        response.status_code == 302
        and response["Location"] == "/admin/"
        and client.get("/admin/").status_code == 200
    )


def refused_for_the_password(response) -> bool:
    return response.status_code == 200 and WRONG_PASSWORD in text(response)


def locked_out(response, client: Client) -> bool:
    return (
        response.status_code == 429
        and LOCKED_OUT in text(response)
        and "Edit the advisor" not in text(response)  # the admin index's title
        and "_auth_user_id" not in client.session
    )


def fail(client: Client, times: int, username: str = "editor", **where) -> list:
    return [log_in(client, username, "wrong-password", **where) for _ in range(times)]


def test_after_five_failures_even_the_right_password_is_refused(client, editor):
    attempts = fail(client, 5)
    assert all(refused_for_the_password(page) for page in attempts[:4])
    assert locked_out(attempts[4], client)
    assert locked_out(log_in(client, "editor", PASSWORD), client)
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    recorded = AccessAttempt.objects.get().post_data  # the admin shows it: no passwords
    assert "wrong-password" not in recorded and PASSWORD not in recorded


def test_the_lockout_page_is_in_the_admins_look(client, editor):
    page = fail(client, 5)[-1]
    assert locked_out(page, client)
    assert "<title>Too many failed logins | Advisor bot admin</title>" in text(page)
    assert '<a href="/admin/">Advisor bot admin</a>' in text(page)  # the admin's header
    assert "/static/admin/css/base.css" in text(page)
    assert '<a href="/admin/login/">Back to the login page</a>' in text(page)


def test_the_login_page_counts_the_tries_left_once_two_have_failed(client, editor):
    first, *later = fail(client, 4)
    assert refused_for_the_password(first) and "left before" not in text(first)
    for page, left in zip(later, ["3 tries", "2 tries", "1 try"], strict=True):
        assert refused_for_the_password(page)  # Django's error, then the count
        assert text(page).index(WRONG_PASSWORD) < text(page).index(
            TRIES_LEFT.format(left, "15 minutes")
        )
    elsewhere = fail(client, 1, address=BOB)[0]  # the count is per address
    assert refused_for_the_password(elsewhere) and "left before" not in text(elsewhere)


def test_the_tries_left_follow_the_lockout_rule(client, editor, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=1)
    assert TRIES_LEFT.format("1 try", "1 minute") in text(fail(client, 2)[-1])


def test_the_admin_has_no_view_site_link(client, editor):
    """The site has no pages outside the admin: "View site" would lead to a 404."""
    assert logged_in(log_in(client, "editor", PASSWORD), client)
    index = text(client.get("/admin/"))
    assert "Edit the advisor" in index and "Log out" in index
    assert "View site" not in index


def test_the_lockout_is_for_that_user_from_that_address_only(client, editor):
    User.objects.create_user("reviewer", password=PASSWORD, is_staff=True)
    fail(client, 5)
    other_user, other_address = Client(), Client()
    assert logged_in(log_in(other_user, "reviewer", PASSWORD), other_user)
    assert logged_in(log_in(other_address, "editor", PASSWORD, address=BOB), other_address)
    assert locked_out(log_in(client, "editor", PASSWORD), client)


@pytest.mark.parametrize("hops, proxies", SETUPS.values(), ids=SETUPS)
def test_a_forged_forwarded_for_does_not_escape_the_lockout(
    client, editor, settings, hops, proxies
):
    settings.TRUSTED_PROXY_HOPS = hops

    def attempt(password: str, forged: str):
        return log_in(client, "editor", password, forged=forged, proxies=proxies)

    attempts = [attempt("wrong-password", forged=f"1.2.3.{n}") for n in range(5)]
    assert all(refused_for_the_password(page) for page in attempts[:4])
    assert locked_out(attempts[4], client)
    assert locked_out(attempt(PASSWORD, forged="9.9.9.9"), client)
    assert locked_out(attempt(PASSWORD, forged="garbage"), client)
    assert list(AccessAttempt.objects.values_list("username", "ip_address")) == [("editor", ALICE)]


@pytest.mark.parametrize("hops, proxies", SETUPS.values(), ids=SETUPS)
def test_a_forged_forwarded_for_does_not_lock_out_someone_else(
    client, editor, settings, hops, proxies
):
    """Bob's guesses, claiming to come from Alice's address, count against Bob's address."""
    settings.TRUSTED_PROXY_HOPS = hops
    assert locked_out(fail(client, 5, address=BOB, forged=ALICE, proxies=proxies)[-1], client)
    alice = Client()
    assert logged_in(log_in(alice, "editor", PASSWORD, proxies=proxies), alice)


@pytest.mark.parametrize(
    "hops, address, proxies",
    [
        (1, "unknown", (ROUTER,)),  # a proxy that writes no address: the entry is not one
        (2, ALICE, (ROUTER,)),  # one proxy where two should be: no entry 2 from the end
    ],
    ids=["not an address", "too few entries"],
)
def test_without_a_trusted_entry_the_address_is_the_connections(
    client, editor, settings, hops, address, proxies
):
    settings.TRUSTED_PROXY_HOPS = hops
    assert refused_for_the_password(fail(client, 1, address=address, proxies=proxies)[0])
    assert AccessAttempt.objects.values_list("ip_address", flat=True).get() == ROUTER


@pytest.mark.parametrize(
    "environ, hops",
    [
        ({}, 0),  # runserver, a VPS, a container: X-Forwarded-For is not trusted
        ({"DYNO": "web.1"}, 1),  # Heroku's router
        ({"TRUSTED_PROXY_HOPS": "2"}, 2),
        ({"TRUSTED_PROXY_HOPS": "2", "DYNO": "web.1"}, 2),  # e.g. a CDN in front of Heroku
        ({"TRUSTED_PROXY_HOPS": "0", "DYNO": "web.1"}, 0),
        ({"TRUSTED_PROXY_HOPS": " ", "DYNO": "web.1"}, 1),
    ],
)
def test_the_environment_sets_the_trusted_proxy_hops(environ, hops):
    assert trusted_proxy_hops(environ) == hops


@pytest.mark.parametrize("value", ["-1", "1.5", "two", "+1"])
def test_invalid_trusted_proxy_hops_stop_the_start(value):
    with pytest.raises(ImproperlyConfigured) as error:
        trusted_proxy_hops({"TRUSTED_PROXY_HOPS": value})
    assert str(error.value) == (
        "TRUSTED_PROXY_HOPS must be a whole number >= 0 (how many proxies in front of the app "
        f"append to X-Forwarded-For), not '{value}'."
    )


def test_the_lockout_ends_15_minutes_after_the_last_attempt(client, editor):
    fail(client, 5)

    def last_attempt_ago(minutes: float) -> None:
        AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=minutes))

    last_attempt_ago(14)
    assert locked_out(log_in(client, "editor", PASSWORD), client)  # and the wait starts again
    last_attempt_ago(14)
    assert locked_out(log_in(client, "editor", PASSWORD), client)
    last_attempt_ago(15.1)
    assert logged_in(log_in(client, "editor", PASSWORD), client)
    assert not AccessAttempt.objects.exists()


def test_a_successful_login_clears_the_count(client, editor):
    assert all(refused_for_the_password(page) for page in fail(client, 4))
    assert logged_in(log_in(client, "editor", PASSWORD), client)
    assert not AccessAttempt.objects.exists()
    client.post("/admin/logout/")
    assert all(refused_for_the_password(page) for page in fail(client, 4))
    assert logged_in(log_in(client, "editor", PASSWORD), client)


RUN_LOGINS = """
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import Client
from django.conf import settings
User.objects.create_user("editor", password="{password}", is_staff=True)
client = Client()
def log_in(password):
    page = client.post("/admin/login/", {{"username": "editor", "password": password}},
                       REMOTE_ADDR="{router}", HTTP_X_FORWARDED_FOR="{alice}")
    return page.status_code, " ".join(page.content.decode().split())
print(settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME, settings.TRUSTED_PROXY_HOPS)
for password in ["wrong"] * {failures} + ["{password}"]:
    status, page = log_in(password)
    print(status, "{expected}" in page)
print(AccessAttempt.objects.get().ip_address)
"""


@pytest.mark.parametrize(
    "variables, limit, minutes",
    [({}, 5, 15), ({"ADMIN_LOGIN_FAILURE_LIMIT": "3", "ADMIN_LOCKOUT_MINUTES": "2"}, 3, 2)],
)
def test_the_environment_sets_the_limit_and_the_time(project_env, variables, limit, minutes):
    env = {
        k: v
        for k, v in project_env.items()
        if not k.startswith("ADMIN_") and k != "TRUSTED_PROXY_HOPS"
    }
    # DEBUG for admin pages without collectstatic's manifest; DYNO as on Heroku, whose router
    # appends the client's address to X-Forwarded-For.
    env.update(variables, DJANGO_DEBUG="1", DJANGO_ALLOWED_HOSTS="testserver", DYNO="web.1")
    expected = f"Try again in {minutes} minutes."
    script = RUN_LOGINS.format(
        password=PASSWORD, router=ROUTER, alice=ALICE, failures=limit, expected=expected
    )
    result = subprocess.run(
        [*MANAGE, "shell", "-v0", "-c", script],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    lines = result.stdout.splitlines()
    assert lines[0] == f"{limit} 0:{minutes:02}:00 1"
    # The first limit - 1 failures show the login form again, then the lockout page, which the
    # right password gets too.
    assert lines[1:-1] == ["200 False"] * (limit - 1) + ["429 True"] * 2
    assert lines[-1] == ALICE


def test_a_superuser_sees_the_lockout_and_lifts_it(client, editor):
    fail(client, 5)
    admin = Client()
    admin.force_login(User.objects.create_superuser("boss", password=PASSWORD))
    listing = text(admin.get("/admin/axes/accessattempt/"))
    assert "editor" in listing and ALICE in listing and "Locked Out" in listing
    attempt = AccessAttempt.objects.get()
    deleted = admin.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert logged_in(log_in(client, "editor", PASSWORD), client)


def test_an_editor_without_the_rights_does_not_see_the_lockouts(client, editor):
    fail(client, 5)
    staff = Client()
    staff.force_login(User.objects.create_user("staff", password=PASSWORD, is_staff=True))
    assert staff.get("/admin/axes/accessattempt/").status_code == 403

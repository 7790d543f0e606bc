"""The admin's login with django-axes' lockouts (settings "Admin login lockouts"): the login
form that says how many tries remain, and the lockout page, both in the admin's look."""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_credentials, get_failure_limit
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.template.defaultfilters import pluralize

#: Failed logins after which the login page starts counting down to the lockout.
WARN_AFTER_FAILURES = 2


class LoginFormWithTriesLeft(AdminAuthenticationForm):
    """The admin's login form (admin.site.login_form). Once WARN_AFTER_FAILURES logins for the
    username from this address have failed, a refusal also says how many tries remain."""

    def clean(self):
        try:
            return super().clean()
        except ValidationError as refusal:
            note = self.tries_left_note()
            if note is None:
                raise
            raise ValidationError([refusal, note]) from None

    def tries_left_note(self) -> str | None:
        """The sentence "3 tries left before …", or None before the warning or once locked out
        (axes then answers with the lockout page)."""
        credentials = get_credentials(self.cleaned_data.get("username"))
        failures = AxesProxyHandler.get_failures(self.request, credentials)
        left = get_failure_limit(self.request, credentials) - failures
        if failures < WARN_AFTER_FAILURES or left < 1:
            return None
        minutes = round(get_cool_off(self.request).total_seconds() / 60)
        return (
            f"{left} tr{pluralize(left, 'y,ies')} left before this user is locked out from your "
            f"address for {minutes} minute{pluralize(minutes)}."
        )


def lockout_page(request, original_response, credentials):
    """axes' answer to a login refused for too many failures (AXES_LOCKOUT_CALLABLE): the
    lockout page in the admin's look, status 429 Too Many Requests."""
    context = {
        **admin.site.each_context(request),
        "title": "Too many failed logins",
        "cooloff_timedelta": get_cool_off(request),
    }
    return render(request, "axes/lockout.html", context, status=429)

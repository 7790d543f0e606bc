"""Who may show the web chat in a frame: its Content-Security-Policy, whose frame-ancestors
are exactly the sites the live version allows (advisor.core.origins; none listed: this site
only). Every other page of the site keeps X-Frame-Options: DENY (Django's middleware)."""

#: The chat page's own policy but its frame-ancestors: its stylesheet, its pictures and htmx's
#: file (no inline script, no eval), htmx's requests and its forms to this site.
POLICY = (
    "default-src 'none'; script-src 'self'; connect-src 'self'; img-src 'self'; "
    "style-src 'self'; form-action 'self'; base-uri 'none'"
)


def policy(frame_ancestors: str) -> str:
    """The chat page's policy, framed by ``frame_ancestors`` ("'none'", "'self'", origins)."""
    return f"{POLICY}; frame-ancestors {frame_ancestors}"


def allow_framing(response, origins) -> None:
    """Let the sites ``origins`` (normalized origins) show ``response`` in a frame, and this
    site when none is listed; X-Frame-Options, which cannot list sites, says the same where
    it can (SAMEORIGIN) and is left out otherwise (browsers then follow the policy)."""
    response["Content-Security-Policy"] = policy(" ".join(origins) or "'self'")
    if origins:
        response.xframe_options_exempt = True
    else:
        response["X-Frame-Options"] = "SAMEORIGIN"

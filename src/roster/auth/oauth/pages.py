"""The sign-in and consent pages: plain, self-contained HTML (no scripts, no external assets).

Every interpolated value is HTML-escaped. The pages are sent with headers that forbid caching
(the consent form carries the user's token back to them) and framing (no clickjacking of Allow).
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from string import Template

from starlette.responses import HTMLResponse

# Relative, so that the forms still post back to this endpoint when Roster is served under a
# path prefix behind a proxy. The OAuth parameters travel as hidden fields, not in the query.
FORM_ACTION = "authorize"

PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Pragma": "no-cache",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}

_LAYOUT = Template("""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;background:#f4f5f7;color:#1d2330;
margin:0;padding:3rem 1rem}
main{max-width:28rem;margin:0 auto;background:#fff;border-radius:8px;padding:2rem;
box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.3rem;margin:0 0 1rem}
p{line-height:1.5}
label{display:block;font-weight:600;margin:1rem 0 .3rem}
input[type=password]{width:100%;box-sizing:border-box;padding:.55rem;font:inherit;
border:1px solid #b8bfcc;border-radius:4px}
.actions{display:flex;gap:.6rem;margin-top:1.4rem}
button{font:inherit;padding:.55rem 1.2rem;border-radius:4px;border:1px solid #b8bfcc;
background:#fff;cursor:pointer}
button.primary{background:#2456c7;border-color:#2456c7;color:#fff}
.problem{background:#fdecec;border:1px solid #f3b5b5;border-radius:4px;padding:.6rem .8rem}
code{background:#eef0f4;padding:.1rem .3rem;border-radius:3px}
small{color:#5b6475}
</style>
</head>
<body>
<main>
$body
</main>
</body>
</html>
""")


def _page(title: str, body: str, status: int) -> HTMLResponse:
    return HTMLResponse(
        _LAYOUT.substitute(title=escape(title), body=body),
        status_code=status,
        headers=PAGE_HEADERS,
    )


def _hidden(fields: Iterable[tuple[str, str]]) -> str:
    return "\n".join(
        f'<input type="hidden" name="{escape(name)}" value="{escape(value)}">'
        for name, value in fields
    )


def sign_in_page(
    *, app_name: str, request_fields: list[tuple[str, str]], problem: str | None, status: int
) -> HTMLResponse:
    app = escape(app_name)
    problem_html = f'<p class="problem" role="alert">{escape(problem)}</p>' if problem else ""
    body = f"""<h1>Sign in to authorize {app}</h1>
<p><strong>{app}</strong> is asking to use Roster on your behalf.</p>
{problem_html}
<form method="post" action="{FORM_ACTION}">
{_hidden(request_fields)}
<label for="api_token">Your personal API token</label>
<input id="api_token" name="api_token" type="password" autocomplete="off" required>
<p><small>Roster keeps no passwords: you sign in with one of your own API tokens, as created by
<code>roster token create --user you@example.com</code>. Roster does not give the token to
{app}.</small></p>
<div class="actions">
<button class="primary" type="submit" name="decision" value="sign_in">Continue</button>
<button type="submit" name="decision" value="deny" formnovalidate>Cancel</button>
</div>
</form>"""
    return _page(f"Authorize {app_name} - Roster", body, status)


def consent_page(
    *,
    app_name: str,
    full_name: str,
    email_address: str,
    request_fields: list[tuple[str, str]],
    api_token: str,
) -> HTMLResponse:
    app = escape(app_name)
    who = escape(full_name or email_address)
    body = f"""<h1>Allow {app} to act as {who}?</h1>
<p>Signed in as <strong>{who}</strong> ({escape(email_address)}).</p>
<p>If you allow it, <strong>{app}</strong> gets a token that can do in Roster everything you can,
until the token is revoked (<code>roster token revoke</code>).</p>
<form method="post" action="{FORM_ACTION}">
{_hidden(request_fields)}
{_hidden([("api_token", api_token)])}
<div class="actions">
<button class="primary" type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</div>
</form>"""
    return _page(f"Authorize {app_name} - Roster", body, 200)


def error_page(*, error: str, description: str, status: int) -> HTMLResponse:
    body = f"""<h1>This authorization request cannot be completed</h1>
<p class="problem" role="alert">{escape(description)}</p>
<p><small>Error code: <code>{escape(error)}</code>. If an application sent you here, it is the
one that needs to change its request.</small></p>"""
    return _page("Authorization failed - Roster", body, status)

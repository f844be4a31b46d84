"""Helpers for browser tests: record what a page does that it should not."""

from dataclasses import dataclass, field

# Runs before any page script, outside the page's CSP (Playwright injects it through the
# DevTools protocol), so it sees violations even when every script of the page is blocked.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(
    `${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`
  );
});
"""


@dataclass
class PageRecorder:
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    failed_responses: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)

    def collect_violations(self, page) -> None:
        self.csp_violations.extend(page.evaluate("window.__cspViolations || []"))

    def problems(self) -> list[str]:
        return (
            self.console_errors
            + self.page_errors
            + self.dialogs
            + self.csp_violations
            + self.failed_responses
        )


def record(page) -> PageRecorder:
    """Attach listeners to `page`; call `collect_violations(page)` before leaving each page."""
    rec = PageRecorder()
    page.add_init_script(RECORD_VIOLATIONS)
    page.on("request", lambda r: rec.requests.append(r.url))

    def on_console(message):
        if message.type == "error":
            where = message.location.get("url", "")
            if where.endswith("/favicon.ico"):  # the browser's own guess on admin pages
                return
            rec.console_errors.append(f"console error: {message.text} ({where})")

    page.on("console", on_console)
    page.on(
        "response",
        lambda r: rec.failed_responses.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    page.on("pageerror", lambda e: rec.page_errors.append(f"pageerror: {e}"))

    def on_dialog(dialog):
        rec.dialogs.append(f"dialog {dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return rec


def log_in(page, live_server, user) -> None:
    """Give the browser a session for `user` without going through the login form."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies(
        [{"name": "sessionid", "value": cookie.value, "url": live_server.url, "httpOnly": True}]
    )

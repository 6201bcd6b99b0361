"""JSON-LD data blocks carry no CSP nonce, so a public page is the same bytes for every
visitor; in Chromium they raise no Content-Security-Policy violation under the site's policy
(a data block is not a script), while an inline script would."""

import json

import pytest

from tests.articles.factories import FAQFactory, live_article

pytestmark = pytest.mark.browser

# Registered before any of the page is parsed: every violation the page raises.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective}: ${event.blockedURI || "inline"}`);
});
"""
READ_BLOCKS = """() => [...document.querySelectorAll('script[type="application/ld+json"]')]
  .map((block) => [block.hasAttribute("nonce"), block.textContent])"""


def test_json_ld_blocks_without_a_nonce_raise_no_violation_and_an_inline_script_would(
    live_site, desktop_tab
):
    article = live_article(title="A guide with questions")
    FAQFactory(version=article.live_version, question="Is it online?", answer="Yes.")
    url = live_site + article.get_absolute_url()
    page = desktop_tab.page
    page.add_init_script(RECORD_VIOLATIONS)

    response = page.goto(url, wait_until="load")

    policy = response.headers["content-security-policy"]
    assert "nonce" not in policy
    blocks = page.evaluate(READ_BLOCKS)
    types = {json.loads(text)["@type"] for _, text in blocks}
    assert {"WebPage", "FAQPage", "BreadcrumbList"} <= types
    assert not any(has_nonce for has_nonce, _ in blocks)
    assert page.evaluate("window.cspViolations") == []
    assert [e for e in desktop_tab.console_errors if "Content Security Policy" in e] == []

    # The same page with an inline script added, under the same policy: Chromium refuses it.
    html = response.text().replace("</body>", "<script>window.ran = true;</script></body>")
    page.route(url, lambda route: route.fulfill(
        status=200, headers={"Content-Type": "text/html", "Content-Security-Policy": policy},
        body=html,
    ))  # fmt: skip
    page.goto(url, wait_until="load")
    assert page.evaluate("window.ran === undefined")
    assert page.evaluate("window.cspViolations") == ["script-src-elem: inline"]

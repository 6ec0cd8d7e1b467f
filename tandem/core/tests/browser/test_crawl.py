"""Every page, for every persona, at desktop and phone width.

Signs in as each persona of the demo organisation (see tandem/core/testing/crawl.py), follows
every link from their home page and tries every URL pattern filled with the demo's ids. On each
page: no response of 500 or above (and no 403: out of scope is 404), no console error or CSP
report, no horizontal overflow at 375 px, no serious or critical axe violation. Every edit form
is submitted unchanged and must save.

The personas are split into two shards of whole kinds (`make test-crawl` runs them side by
side, one browser and server each, on a world of their own).

TANDEM_CRAWL_PERSONAS=coordinator,mentee-active runs only those personas (prefixes allowed);
TANDEM_CRAWL_KEEP_GOING=1 records every defect once instead of stopping at the first page.
"""

import os

import pytest
from playwright.sync_api import Page

from tandem.core.testing.crawl import SHARDS, Crawler, build_world, selected, shard, write_summary

pytestmark = [
    pytest.mark.browser,
    pytest.mark.crawl,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("index", range(SHARDS), ids=lambda i: f"shard{i + 1}")
def test_every_page_for_every_persona_at_desktop_and_phone_width(
    index: int, page: Page, live_server, capsys: pytest.CaptureFixture[str]
):
    chosen = selected(build_world().personas)
    personas = shard(chosen, index)
    if not personas:
        pytest.skip(f"every persona chosen ({len(chosen)}) is in another shard")
    page.set_default_timeout(15_000)
    keep_going = os.environ.get("TANDEM_CRAWL_KEEP_GOING", "") not in ("", "0")
    crawler = Crawler(page, live_server.url, keep_going=keep_going)
    try:
        for persona in personas:
            crawler.crawl(persona)
    finally:
        summary = write_summary(crawler, personas, f"summary-shard{index + 1}")
        with capsys.disabled():
            print(f"\nCrawl, pages visited per persona ({summary}):")
            print(summary.read_text())
    assert not crawler.failures, "\n".join(crawler.failures)
    assert all(crawler.visited[persona.name] > 0 for persona in personas)

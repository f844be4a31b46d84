import pytest

from comments.rendering import cook, mentioned_handles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def anna(db):
    return UserFactory(username="Anna_B", display_name="Anna")


def test_everything_is_escaped():
    html = cook('<script>alert("x")</script> & <b onclick=1>fett</b>').html
    assert "<script>" not in html and "<b " not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b onclick=1&gt;" in html


def test_paragraphs_and_line_breaks():
    assert cook("Eins\nZwei\n\n\nDrei\r\nVier").html == (
        "<p>Eins<br>\nZwei</p>\n<p>Drei<br>\nVier</p>"
    )


def test_mention_of_existing_user_links_profile_case_insensitively(anna):
    cooked = cook("Hallo @anna_b, und @ANNA_B nochmal.")
    # By id (issue 10, finding 10): the link follows the account, not the handle.
    link = f'<a class="mention" href="/accounts/leser/{anna.pk}/">@Anna_B</a>'
    assert cooked.html.count(link) == 2
    assert cooked.mentions == [anna]


def test_unknown_handle_stays_plain_text(anna):
    cooked = cook("Hallo @niemand_hier")
    assert cooked.html == "<p>Hallo @niemand_hier</p>"
    assert cooked.mentions == []


def test_inactive_user_is_not_mentioned():
    UserFactory(username="weg_user", is_active=False)
    assert cook("@weg_user").mentions == []


def test_no_mentions_inside_email_addresses_or_urls(anna):
    cooked = cook("Schreib an info@anna_b.de oder anna_b@example.org, siehe https://x.org/@anna_b")
    assert cooked.mentions == []
    assert 'class="mention"' not in cooked.html
    assert mentioned_handles("mail@anna_b.de https://t.co/@anna_b") == set()


def test_urls_are_linked_with_rel_and_trailing_punctuation_kept_out():
    html = cook("Quelle: https://www.destatis.de/DE/Zahlen.html. Und (www.bpb.de)!").html
    assert (
        '<a href="https://www.destatis.de/DE/Zahlen.html" rel="nofollow ugc noopener">'
        "https://www.destatis.de/DE/Zahlen.html</a>." in html
    )
    assert '<a href="https://www.bpb.de" rel="nofollow ugc noopener">www.bpb.de</a>)!' in html


def test_url_with_quotes_cannot_break_out_of_the_attribute():
    html = cook('https://evil.example/"onmouseover="alert(1) und javascript:alert(1)').html
    assert 'onmouseover="' not in html
    assert 'href="javascript' not in html


def test_balanced_parentheses_stay_in_url():
    html = cook("https://de.wikipedia.org/wiki/Foo_(Bar)").html
    assert 'href="https://de.wikipedia.org/wiki/Foo_(Bar)"' in html


def test_mention_next_to_markup_characters(anna):
    cooked = cook("<@anna_b>")
    assert cooked.mentions == [anna]
    assert cooked.html.startswith('<p>&lt;<a class="mention"')

"""The transcript pane shows who spoke, when and what, never caption markup, and escapes everything."""

from analyzer.ingest.detect import parse_text
from ui.highlight import Span, caption_labels, highlight_html

VTT = (
    "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\n<v Dana <b>Whitfield</b>>Can we confirm the plan?</v>\n\n"
    "2\n00:01:05.500 --> 00:01:09.000\n<v Sato Yuki>We will ship 500 housings by Friday.</v>\n"
)


def test_caption_markup_is_replaced_by_speaker_and_time_lines():
    transcript = parse_text(VTT)
    quote = "We will ship 500 housings by Friday."
    start = VTT.index(quote)
    html = highlight_html(
        VTT,
        [Span(start, start + len(quote), "commitment", 1)],
        labels=caption_labels(VTT, transcript.utterances),
    )
    assert (
        "--&gt;" not in html and "00:00:01.000" not in html and "WEBVTT" not in html and "&lt;v" not in html
    )
    assert '<span class="spk">Sato Yuki [01:05]:</span>' in html
    assert f'id="f-1">{quote}</mark>' in html
    assert "<b>" not in html  # a tag inside a voice name is text, escaped, never markup


def test_plain_name_lines_keep_their_own_text():
    text = "Ana: We will ship by Friday.\nKen: Good.\n"
    assert caption_labels(text, parse_text(text).utterances) == []
